import EDDCore
import Glibc

/// What recent `edd` requests' route fields decoded to, and their routes, keyed by the bytes the requests
/// wrote for them: a request that spells its carrier, service, origin and destination as an earlier one did
/// gets the earlier one's Strings, places and route without building them again.
///
/// The bytes of those four values decide what they decode to (and that they decode without error), so a
/// match gives exactly what decoding them would; a different spelling of the same lane (another key order
/// inside `origin`, say) is only a miss. Routes are kept with the generation of the model they came from, so
/// a reload is a miss too. Direct-mapped (a slot per fingerprint, a new entry replaces the old) and bounded:
/// at most ``slots`` entries of a few hundred bytes each, one memo per ``QueryService`` shard.
struct RouteMemo {
    /// Entries kept.
    static let slots = 4_096

    /// What one entry's fields decoded to, and the route once worked out.
    struct Value {
        var carrier: String
        var service: String?
        var origin: Place
        var destination: Place
        var route: Predictor.Route?
        var generation = -1
    }

    /// Per slot: the key's fingerprint, the key, the value (nil: empty).
    private var fingerprints: [UInt64] = []
    private var keys: [[UInt8]] = []
    private(set) var values: [Value?] = []
    /// The key being looked up, built in place (no allocation once grown).
    private var scratch: [UInt8] = []
    private var scratchFingerprint: UInt64 = 0

    /// The slot for the route fields at these items, and whether it holds them already.
    ///
    /// - Parameters:
    ///   - carrier: The carrier string's item; `service`, `origin`, `destination` likewise (nil when absent).
    mutating func slot(
        carrier: RequestScanner.Item, service: RequestScanner.Item?, origin: RequestScanner.Item?,
        destination: RequestScanner.Item, in b: UnsafeBufferPointer<UInt8>
    ) -> (slot: Int, found: Bool) {
        if values.isEmpty {
            fingerprints = Array(repeating: 0, count: Self.slots)
            keys = Array(repeating: [], count: Self.slots)
            values = Array(repeating: nil, count: Self.slots)
        }
        scratch.removeAll(keepingCapacity: true)
        // Separators and absence markers are bytes valid UTF-8 never has, so no two field lists share a key.
        func add(_ item: RequestScanner.Item?) {
            if let item {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[item.start..<item.end]))
            } else {
                scratch.append(0xFE)
            }
            scratch.append(0xFF)
        }
        add(carrier)
        add(service)
        add(origin)
        add(destination)
        let f = scratch.withUnsafeBufferPointer { Self.fingerprint($0) }
        scratchFingerprint = f
        let slot = Int(f % UInt64(Self.slots))
        guard values[slot] != nil, fingerprints[slot] == f, keys[slot].count == scratch.count else {
            return (slot, false)
        }
        let same = keys[slot].withUnsafeBytes { k in
            scratch.withUnsafeBytes { s in memcmp(k.baseAddress!, s.baseAddress!, s.count) == 0 }
        }
        return (slot, same)
    }

    /// Stores what the fields of the last ``slot(carrier:service:origin:destination:in:)`` decoded to.
    mutating func store(_ slot: Int, _ value: Value) {
        fingerprints[slot] = scratchFingerprint
        keys[slot] = scratch
        values[slot] = value
    }

    /// The route stored in `slot` for the model of `generation`, if any.
    func route(_ slot: Int, generation: Int) -> Predictor.Route? {
        guard let value = values[slot], value.generation == generation else { return nil }
        return value.route
    }

    /// Keeps `route` (worked out for the fields in `slot` with the model of `generation`).
    mutating func setRoute(_ route: Predictor.Route, _ slot: Int, generation: Int) {
        guard values[slot] != nil else { return }
        values[slot]!.route = route
        values[slot]!.generation = generation
    }

    /// A 64-bit hash of `bytes`, eight at a time (a multiply-rotate mix; the key is compared whole on a hit).
    static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var k = 0
        guard let p = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(p)
        while k + 8 <= bytes.count {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            h = ((h ^ w) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(29)
            k += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while k < bytes.count {
            tail |= UInt64(p[k]) << shift
            shift += 8
            k += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
