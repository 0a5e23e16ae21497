/// A place with what the service could derive: region (state), postal prefix and time zone.
public struct ResolvedPlace: Hashable, Sendable {
    /// ISO alpha-2, upper case.
    public var country: String
    /// State/province code (derived from the postal code when possible, else as given), or nil.
    public var region: String?
    /// The 3-character postal prefix used for lanes (US ZIP3, first 3 digits of a Brazilian CEP), or nil.
    public var postalPrefix: String?
    /// The IANA time zone of the place.
    public var zoneIdentifier: String
    /// The warehouse or seller identifier (origins only).
    public var originID: String?

    public init(country: String, region: String?, postalPrefix: String?, zoneIdentifier: String, originID: String? = nil) {
        self.country = country
        self.region = region
        self.postalPrefix = postalPrefix
        self.zoneIdentifier = zoneIdentifier
        self.originID = originID
    }
}
