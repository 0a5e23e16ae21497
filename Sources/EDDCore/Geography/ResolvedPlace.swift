/// A place reduced to what the model groups by: country, state or province, 3-character postal prefix,
/// the local time zone, and the origin identifier.
///
/// Produced by `Geography.resolve(_:)`. Fields that could not be derived are nil; the model then falls
/// back to a coarser level rather than failing.
public struct ResolvedPlace: Hashable, Sendable {
    /// ISO 3166-1 alpha-2, upper case (`US`, `BR`); empty when none was given.
    public var country: String
    /// State or province code, upper case (`CA`, `SP`), or nil when unknown.
    public var region: String?
    /// The first three characters of the postal code (`941`, `013`, `SW1`), or nil when unusable.
    public var postalPrefix: String?
    /// The IANA time zone of the place (`America/Los_Angeles`), `UTC` when nothing better is known.
    public var zoneIdentifier: String
    /// The warehouse or seller that ships (origins only).
    public var originID: String?

    public init(
        country: String, region: String? = nil, postalPrefix: String? = nil, zoneIdentifier: String = "UTC",
        originID: String? = nil
    ) {
        self.country = country
        self.region = region
        self.postalPrefix = postalPrefix
        self.zoneIdentifier = zoneIdentifier
        self.originID = originID
    }
}
