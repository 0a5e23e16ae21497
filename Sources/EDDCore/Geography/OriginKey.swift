/// One group of the handling-time model (order → first carrier scan): a level and a key.
///
/// Handling is the shipper's work, so the groups describe only the origin: the warehouse or seller
/// itself (`wh-sfo-2`), its postal prefix (`US:941`), its state (`US-CA`), its country (`US`), and
/// everything (`*`), written as in `LaneKey`.
public struct OriginKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The level of the hierarchy.
    public var level: OriginLevel
    /// The group within the level.
    public var key: String

    public init(level: OriginLevel, key: String) {
        self.level = level
        self.key = key
    }

    /// The handling groups of an origin, from the most specific to `global`, skipping levels that cannot
    /// be formed (no origin id, no postal prefix, no region, no country).
    ///
    /// - Parameter origin: The resolved origin.
    /// - Returns: Between 1 and 5 keys, most specific first.
    public static func handlingChain(origin: ResolvedPlace) -> [OriginKey] {
        var chain: [OriginKey] = []
        chain.reserveCapacity(5)
        if let id = origin.originID, !id.isEmpty { chain.append(OriginKey(level: .origin, key: id)) }
        if !origin.country.isEmpty {
            if let prefix = origin.postalPrefix {
                chain.append(OriginKey(level: .originPostal, key: origin.country + ":" + prefix))
            }
            if let region = origin.region {
                chain.append(OriginKey(level: .originRegion, key: origin.country + "-" + region))
            }
            chain.append(OriginKey(level: .originCountry, key: origin.country))
        }
        chain.append(OriginKey(level: .global, key: "*"))
        return chain
    }

    /// `level:key`, e.g. `origin_region:US-CA`.
    public var description: String { level.rawValue + ":" + key }

    /// Most specific level first, then by key.
    public static func < (lhs: OriginKey, rhs: OriginKey) -> Bool {
        lhs.level != rhs.level ? lhs.level < rhs.level : lhs.key < rhs.key
    }
}
