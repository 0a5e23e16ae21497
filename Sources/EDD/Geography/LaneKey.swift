/// The levels of the transit hierarchy, most specific first. Raw values are what the protocol reports as
/// `basis.level`.
public enum LaneLevel: String, CaseIterable, Sendable {
    case postalPair = "lane"
    case regionToPostal = "region_postal"
    case regionPair = "region"
    case destinationRegion = "destination"
    case countryPair = "country"
    case service = "service"
    case carrier = "carrier"
    case global = "global"
}

/// A node of the transit hierarchy: a level and a compact key such as `ups|ground|US:941>US:100`.
public struct LaneKey: Hashable, Sendable {
    public var level: LaneLevel
    public var key: String

    public init(level: LaneLevel, key: String) {
        self.level = level
        self.key = key
    }

    /// The keys of a lane from the most specific level to `global`, skipping levels that cannot be formed
    /// (no postal prefix, no region). Without a service, every service of the carrier is pooled: the chain
    /// starts at the carrier level.
    public static func transitChain(
        carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace
    ) -> [LaneKey] {
        var out: [LaneKey] = []
        if let service {
            let cs = carrier + "|" + service + "|"
            if let a = origin.postalPrefix, let b = destination.postalPrefix {
                out.append(LaneKey(level: .postalPair, key: cs + origin.country + ":" + a + ">" + destination.country + ":" + b))
            }
            if let a = origin.region, let b = destination.postalPrefix {
                out.append(LaneKey(level: .regionToPostal, key: cs + origin.country + "/" + a + ">" + destination.country + ":" + b))
            }
            if let a = origin.region, let b = destination.region {
                out.append(LaneKey(level: .regionPair, key: cs + origin.country + "/" + a + ">" + destination.country + "/" + b))
            }
            if let b = destination.region {
                out.append(LaneKey(level: .destinationRegion, key: cs + ">" + destination.country + "/" + b))
            }
            out.append(LaneKey(level: .countryPair, key: cs + origin.country + ">" + destination.country))
            out.append(LaneKey(level: .service, key: carrier + "|" + service))
        }
        out.append(LaneKey(level: .carrier, key: carrier))
        out.append(LaneKey(level: .global, key: "*"))
        return out
    }
}
