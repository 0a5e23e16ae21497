/// One group of the transit-time model: a level and a compact key naming the group within it.
///
/// Keys are `|`-separated: carrier, service, then the places, written `US:941` for a postal prefix,
/// `US-CA` for a state (ISO 3166-2 style), `US` for a country, and `*` for "any":
///
/// | level | key |
/// | --- | --- |
/// | `lane` | `ups|ground|US:941>US:100` |
/// | `region_postal` | `ups|ground|US-CA>US:100` |
/// | `region` | `ups|ground|US-CA>US-NY` |
/// | `destination` | `ups|ground|*>US-NY` |
/// | `country` | `ups|ground|US>US` |
/// | `service` | `ups|ground` |
/// | `carrier` | `ups` |
/// | `global` | `*` |
///
/// Carrier and service names are lower-cased, and `|`, `>` and `*` in them become `_`, so a key can
/// always be split back into its parts and no name can pose as a wildcard.
public struct LaneKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The level of the hierarchy.
    public var level: LaneLevel
    /// The group within the level.
    public var key: String

    public init(level: LaneLevel, key: String) {
        self.level = level
        self.key = key
    }

    /// The transit groups a shipment belongs to, from the most specific to `global`.
    ///
    /// Levels that cannot be formed are skipped: no postal prefix on either side skips `lane`, no region
    /// on either side skips `region`, no destination region skips `destination`. When `service` is nil
    /// (a request that pools all of a carrier's services) the service part of every key is `*` and the
    /// `service` level is left out, since it would be the `carrier` level again; the trainer records each
    /// shipment under those pooled keys too (see `trainingTransitKeys`), so pooled lanes have data.
    ///
    /// - Parameters:
    ///   - carrier: The carrier (any case).
    ///   - service: The service, or nil for all services pooled.
    ///   - origin: Where the parcel starts.
    ///   - destination: Where it goes.
    /// - Returns: Between 3 and 8 keys, most specific first.
    public static func transitChain(
        carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace
    ) -> [LaneKey] {
        var chain: [LaneKey] = []
        chain.reserveCapacity(8)
        for level in LaneLevel.allCases {
            if let key = transitKey(level, carrier: carrier, service: service, origin: origin, destination: destination)
            {
                chain.append(key)
            }
        }
        return chain
    }

    /// The transit group of one level, or nil when that level cannot be formed (see `transitChain`).
    ///
    /// Building a key costs an allocation or so; a server that walks the hierarchy from the most
    /// specific level and usually stops at the first or second can build keys one at a time with this.
    ///
    /// - Parameters:
    ///   - level: The level wanted.
    ///   - carrier: The carrier (any case).
    ///   - service: The service, or nil for all services pooled.
    ///   - origin: Where the parcel starts.
    ///   - destination: Where it goes.
    /// - Returns: The key, or nil.
    public static func transitKey(
        _ level: LaneLevel, carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace
    ) -> LaneKey? {
        let c = component(carrier)
        let s = service.map(component) ?? "*"
        let from = origin.country
        let to = destination.country
        let key: String
        switch level {
        case .postalPair:
            guard let fromPrefix = origin.postalPrefix, let toPrefix = destination.postalPrefix else { return nil }
            key = join(c, "|", s, "|", from, ":", fromPrefix, ">", to, ":", toPrefix)
        case .regionToPostal:
            guard let fromRegion = origin.region, let toPrefix = destination.postalPrefix else { return nil }
            key = join(c, "|", s, "|", from, "-", fromRegion, ">", to, ":", toPrefix)
        case .regionPair:
            guard let fromRegion = origin.region, let toRegion = destination.region else { return nil }
            key = join(c, "|", s, "|", from, "-", fromRegion, ">", to, "-", toRegion)
        case .destinationRegion:
            guard let toRegion = destination.region else { return nil }
            key = join(c, "|", s, "|*>", to, "-", toRegion)
        case .countryPair:
            key = join(c, "|", s, "|", from, ">", to)
        case .service:
            guard service != nil else { return nil }
            key = join(c, "|", s)
        case .carrier:
            key = c
        case .global:
            key = "*"
        }
        return LaneKey(level: level, key: key)
    }

    /// Every transit group a training shipment feeds: its service-specific chain and the pooled
    /// (service `*`) chain, without duplicates, so that requests with and without a service find data.
    public static func trainingTransitKeys(
        carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace
    ) -> [LaneKey] {
        let specific = transitChain(carrier: carrier, service: service, origin: origin, destination: destination)
        guard service != nil else { return specific }
        let pooled = transitChain(carrier: carrier, service: nil, origin: origin, destination: destination)
        return specific + pooled.filter { $0.level != .carrier && $0.level != .global }
    }

    /// `level:key`, e.g. `lane:ups|ground|US:941>US:100`.
    public var description: String { level.rawValue + ":" + key }

    /// Most specific level first, then by key.
    public static func < (lhs: LaneKey, rhs: LaneKey) -> Bool {
        lhs.level != rhs.level ? lhs.level < rhs.level : lhs.key < rhs.key
    }

    /// The concatenation of up to twelve strings, built with one allocation (none when it fits inline).
    static func join(
        _ p0: String, _ p1: String, _ p2: String, _ p3: String = "", _ p4: String = "", _ p5: String = "",
        _ p6: String = "", _ p7: String = "", _ p8: String = "", _ p9: String = "", _ p10: String = "",
        _ p11: String = ""
    ) -> String {
        let total =
            p0.utf8.count + p1.utf8.count + p2.utf8.count + p3.utf8.count + p4.utf8.count + p5.utf8.count
            + p6.utf8.count + p7.utf8.count + p8.utf8.count + p9.utf8.count + p10.utf8.count + p11.utf8.count
        return String(unsafeUninitializedCapacity: total) { buffer in
            var i = 0
            func copy(_ part: String) {
                let done = part.utf8.withContiguousStorageIfAvailable { bytes in
                    UnsafeMutableBufferPointer(rebasing: buffer[i...]).initialize(fromContentsOf: bytes)
                }
                if let done {
                    i += done
                } else {
                    for b in part.utf8 {
                        buffer[i] = b
                        i += 1
                    }
                }
            }
            copy(p0)
            copy(p1)
            copy(p2)
            copy(p3)
            copy(p4)
            copy(p5)
            copy(p6)
            copy(p7)
            copy(p8)
            copy(p9)
            copy(p10)
            copy(p11)
            return i
        }
    }

    /// A carrier or service name as it appears in keys: lower-case, with the separators replaced.
    ///
    /// Returns the name itself, without copying, when it needs no change (the common case).
    static func component(_ name: String) -> String {
        let needsWork = name.utf8.contains { b in
            (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "|") || b == UInt8(ascii: ">")
                || b == UInt8(ascii: "*")
        }
        guard needsWork else { return name }
        return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
            var i = 0
            for b in name.utf8 {
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[i] = b + 32
                case UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "*"): buffer[i] = UInt8(ascii: "_")
                default: buffer[i] = b
                }
                i += 1
            }
            return i
        }
    }
}
