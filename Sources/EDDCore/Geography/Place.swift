/// Where a parcel comes from or goes to, as given by the scans or a request.
public struct Place: Hashable, Sendable {
    /// ISO 3166-1 alpha-2, upper case (e.g. `US`, `BR`).
    public var country: String
    /// A postal code or a prefix of one, as given (e.g. `94107`, `01310-100`, `013`).
    public var postal: String
    /// State or province code when known (e.g. `CA`, `SP`).
    public var region: String?
    /// The warehouse or seller that ships (origins only).
    public var id: String?

    public init(country: String = "US", postal: String = "", region: String? = nil, id: String? = nil) {
        self.country = country
        self.postal = postal
        self.region = region
        self.id = id
    }
}
