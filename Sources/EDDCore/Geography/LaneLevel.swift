/// The levels of the transit-time hierarchy, from the most specific to the least.
///
/// The raw values are what the wire protocol reports as `basis.level`.
public enum LaneLevel: String, CaseIterable, Sendable, Comparable {
    /// Carrier, service, origin and destination 3-character postal prefixes.
    case postalPair = "lane"
    /// Origin state to destination postal prefix: transit varies by destination area and origin state
    /// (the Olist backtest gains from this level between `lane` and `region`).
    case regionToPostal = "region_postal"
    /// Carrier, service, origin and destination states or provinces.
    case regionPair = "region"
    /// Carrier, service and destination state, from any origin.
    case destinationRegion = "destination"
    /// Carrier, service, origin and destination countries.
    case countryPair = "country"
    /// Carrier and service, anywhere.
    case service = "service"
    /// The carrier, any service, anywhere.
    case carrier = "carrier"
    /// Every shipment.
    case global = "global"

    /// 0 for the most specific level, rising towards `global`.
    public var rank: Int {
        switch self {
        case .postalPair: return 0
        case .regionToPostal: return 1
        case .regionPair: return 2
        case .destinationRegion: return 3
        case .countryPair: return 4
        case .service: return 5
        case .carrier: return 6
        case .global: return 7
        }
    }

    /// More specific levels sort first.
    public static func < (lhs: LaneLevel, rhs: LaneLevel) -> Bool { lhs.rank < rhs.rank }
}

/// The levels of the handling-time hierarchy (order → first carrier scan), from the most specific.
///
/// Handling is the shipper's work, not the carrier's, so these levels describe only the origin.
public enum OriginLevel: String, CaseIterable, Sendable, Comparable {
    /// The warehouse or seller (`origin_id`).
    case origin = "origin"
    /// The origin's 3-character postal prefix.
    case originPostal = "origin_postal"
    /// The origin's state or province.
    case originRegion = "origin_region"
    /// The origin's country.
    case originCountry = "origin_country"
    /// Every shipment.
    case global = "global"

    /// 0 for the most specific level, rising towards `global`.
    public var rank: Int {
        switch self {
        case .origin: return 0
        case .originPostal: return 1
        case .originRegion: return 2
        case .originCountry: return 3
        case .global: return 4
        }
    }

    /// More specific levels sort first.
    public static func < (lhs: OriginLevel, rhs: OriginLevel) -> Bool { lhs.rank < rhs.rank }
}
