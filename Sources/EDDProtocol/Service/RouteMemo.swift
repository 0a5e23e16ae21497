import EDDCore
import Glibc

/// What recent `edd` requests' route fields decoded to, and their routes, keyed by the bytes the requests
/// wrote for them: a request that spells its carrier, service, origin and destination as an earlier one did
/// gets the earlier one's Strings, places and route without building them again.
///
/// The bytes of those four values decide what they decode to (and that they decode without error), so a
/// match gives exactly what decoding them would; a different spelling of the same lane (another key order
/// inside `origin`, say) is only a miss. Routes are kept with the generation of the model they came from, so
/// a reload is a miss too. Eight-way set-associative (eight slots per fingerprint's set, a new entry replaces
/// the one used least recently) and bounded: at most ``slots`` entries of a few hundred bytes each (with the last
/// forecast CDF and answer on the route, under 1.5 KB), one memo per ``QueryService`` shard.
struct RouteMemo {
    /// Entries kept.
    static let slots = 4_096
    /// Slots per set. With two, a few lanes in ten of a working set a third of ``slots`` shared a set with
    /// two others and, asked about in turn, evicted one another every time (2,000 Olist lanes: 24% of the
    /// requests missed; eight ways: 5%). Looking up compares eight fingerprints, stored side by side.
    static let ways = 8

    /// What one entry's fields decoded to, and the route once worked out.
    struct Value {
        var carrier: String
        var service: String?
        var origin: Place
        var destination: Place
        var route: Predictor.Route?
        var generation = -1
        /// The last forecast CDF worked out on the route, for the order-timing shift `cdfShift` (nil: from
        /// the ship time), with the generation of its model (-1: none).
        var cdf: [Double] = []
        var cdfShift: Double?
        var cdfGeneration = -1
        /// The last answer written on the route: its bytes after `{"id":…,"ok":true`, and what they depend on.
        var answer: [UInt8] = []
        var answerKey: AnswerKey?
    }

    /// Everything an `edd` answer without options depends on besides the route: the model (by generation), where
    /// the forecast starts and its shift (which decide the forecast with the route), and the terms the answer
    /// reads (confidence, range, levels, distribution; the times only through the start and the shift).
    /// Numbers compare by their bits, so equal keys mean the very same inputs.
    struct AnswerKey {
        var generation: Int
        var start: CivilDate
        var shift: Double?
        var terms: EDDTerms

        func matches(_ other: AnswerKey) -> Bool {
            func same(_ a: Double?, _ b: Double?) -> Bool {
                switch (a, b) {
                case (nil, nil): true
                case (let a?, let b?): a.bitPattern == b.bitPattern
                default: false
                }
            }
            let (t, u) = (terms, other.terms)
            guard generation == other.generation, start == other.start, same(shift, other.shift),
                same(t.confidence, u.confidence), same(t.range, u.range), t.distribution == u.distribution,
                t.quantiles.count == u.quantiles.count
            else { return false }
            for k in t.quantiles.indices where t.quantiles[k].bitPattern != u.quantiles[k].bitPattern { return false }
            return true
        }
    }

    /// Per slot: the key's fingerprint, the key, the value (nil: empty).
    private var fingerprints: [UInt64] = []
    private var keys: [[UInt8]] = []
    private(set) var values: [Value?] = []
    /// Storage for the levels of the next request's `quantiles` (see ``RequestDecoder/decodeForService(_:memo:)``).
    var spareLevels: [Double] = []
    /// The shard's predictor and its model's generation as the last request with the memo found them (read
    /// without the shard's lock while the generation is current; see `QueryService`).
    var predictor: (predictor: Predictor, generation: Int)?
    /// Per slot: when it was last looked up and found or filled (``uses`` at that time), for the eviction.
    private var lastUse: [UInt64] = []
    private var uses: UInt64 = 0
    /// The route fields' byte ranges of the key being looked up (read from the line; copied only by `store`).
    private var pending = KeyFields()
    private var pendingFingerprint: UInt64 = 0

    /// The slot for the route fields at these items, and whether it holds them already.
    ///
    /// The key is the four values' bytes, each followed by a separator (an absent one by an absence marker
    /// first): bytes valid UTF-8 never has, so no two field lists share a key. It is hashed and compared where
    /// it stands in the line, without being copied.
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
            lastUse = Array(repeating: 0, count: Self.slots)
        }
        let fields = KeyFields(
            carrier.start..<carrier.end, service.map { $0.start..<$0.end }, origin.map { $0.start..<$0.end },
            destination.start..<destination.end)
        var hasher = Hasher64()
        var length = 0
        for k in 0..<4 {
            if let field = fields[k] {
                hasher.add(UnsafeBufferPointer(rebasing: b[field]), readable: b.count - field.lowerBound)
                length += field.count + 1
            } else {
                hasher.add(marker: 0xFE)
                length += 2
            }
        }
        let f = hasher.value
        pending = fields
        pendingFingerprint = f
        uses &+= 1
        let first = Int(f % UInt64(Self.slots / Self.ways)) &* Self.ways
        for slot in first..<(first &+ Self.ways) {
            // An empty slot's key is empty, and no key is (each field has its separator).
            guard fingerprints[slot] == f, keys[slot].count == length else { continue }
            let same = keys[slot].withUnsafeBufferPointer { k in
                var at = 0
                for i in 0..<4 {
                    if let field = fields[i] {
                        guard memcmp(k.baseAddress! + at, b.baseAddress! + field.lowerBound, field.count) == 0,
                            k[at + field.count] == 0xFF
                        else { return false }
                        at += field.count + 1
                    } else {
                        guard k[at] == 0xFE, k[at + 1] == 0xFF else { return false }
                        at += 2
                    }
                }
                return true
            }
            if same {
                lastUse[slot] = uses
                return (slot, true)
            }
        }
        // An empty slot (never used: 0) or else the one used least recently.
        var oldest = first
        for slot in first..<(first &+ Self.ways) where lastUse[slot] < lastUse[oldest] { oldest = slot }
        lastUse[oldest] = uses
        return (oldest, false)
    }

    /// The byte ranges of a key's four fields (nil: absent), without an array's allocation.
    struct KeyFields {
        var carrier, service, origin, destination: Range<Int>?

        init(
            _ carrier: Range<Int>? = nil, _ service: Range<Int>? = nil, _ origin: Range<Int>? = nil,
            _ destination: Range<Int>? = nil
        ) {
            (self.carrier, self.service, self.origin, self.destination) = (carrier, service, origin, destination)
        }

        @inline(__always)
        subscript(k: Int) -> Range<Int>? {
            switch k {
            case 0: carrier
            case 1: service
            case 2: origin
            default: destination
            }
        }
    }

    /// Stores what the fields of the last ``slot(carrier:service:origin:destination:in:)`` (on the same line,
    /// `b`) decoded to.
    mutating func store(_ slot: Int, _ value: Value, in b: UnsafeBufferPointer<UInt8>) {
        var key: [UInt8] = []
        for k in 0..<4 {
            if let field = pending[k] {
                key.append(contentsOf: UnsafeBufferPointer(rebasing: b[field]))
            } else {
                key.append(0xFE)
            }
            key.append(0xFF)
        }
        fingerprints[slot] = pendingFingerprint
        keys[slot] = key
        values[slot] = value
    }

    /// The route stored in `slot` for the model of `generation`, if any.
    mutating func route(_ slot: Int, generation: Int) -> Predictor.Route? {
        // Read through the slot in place (binding the whole value would copy it, Strings and all; so would the
        // array's getter).
        inPlace(&values[slot]) { $0?.generation == generation ? $0?.route : nil }
    }

    /// The forecast CDF kept in `slot` for `shift` with the model of `generation`, if it is the one kept.
    ///
    /// A forecast's CDF depends on its route and shift alone (``Predictor/forecastCDF(route:shift:)``), and the
    /// slot's route is the one of its generation, so a kept CDF for the same shift (the same bits) is the one
    /// working it out again would give.
    func cdf(_ slot: Int, shift: Double?, generation: Int) -> [Double]? {
        guard values[slot]?.cdfGeneration == generation, values[slot]?.generation == generation else { return nil }
        switch (values[slot]?.cdfShift, shift) {
        case (nil, nil): return values[slot]?.cdf
        case (let kept?, let shift?) where kept.bitPattern == shift.bitPattern: return values[slot]?.cdf
        default: return nil
        }
    }

    /// Keeps `cdf` (worked out on the route in `slot` for `shift` with the model of `generation`).
    mutating func setCDF(_ cdf: [Double], _ slot: Int, shift: Double?, generation: Int) {
        guard values[slot] != nil, values[slot]!.generation == generation else { return }
        values[slot]!.cdf = cdf
        values[slot]!.cdfShift = shift
        values[slot]!.cdfGeneration = generation
    }

    /// The bytes kept in `slot` for an answer with `key`, if it is the one kept.
    mutating func answer(_ slot: Int, _ key: AnswerKey) -> [UInt8]? {
        // Mutating so that the slot is reached in place: the array's getter copies the whole value out first.
        inPlace(&values[slot]) { $0?.answerKey?.matches(key) == true ? $0?.answer : nil }
    }

    /// `body` on a value reached through `inout` (the array's in-place access) rather than through its getter.
    @inline(__always)
    private func inPlace<R>(_ value: inout Value?, _ body: (inout Value?) -> R) -> R { body(&value) }

    /// Keeps `bytes`, the answer written for `key` on the route in `slot`.
    mutating func setAnswer(_ bytes: [UInt8], _ slot: Int, _ key: AnswerKey) {
        guard values[slot] != nil, values[slot]!.generation == key.generation else { return }
        values[slot]!.answer = bytes
        values[slot]!.answerKey = key
    }

    /// Keeps `route` (worked out for the fields in `slot` with the model of `generation`).
    mutating func setRoute(_ route: Predictor.Route, _ slot: Int, generation: Int) {
        guard values[slot] != nil else { return }
        values[slot]!.route = route
        values[slot]!.generation = generation
    }
}

/// A 64-bit hash of a sequence of byte strings, eight bytes at a time (a multiply-rotate mix; keys are compared
/// whole on a hit, so it need only spread them).
struct Hasher64 {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Adds `bytes` and a separator after them; `readable` bytes from their start may be read (a field in its
    /// line: the last partial word is then one load, masked, instead of a byte at a time).
    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int = 0) {
        var h = value ^ UInt64(bytes.count)
        var k = 0
        if let p = bytes.baseAddress {
            let raw = UnsafeRawPointer(p)
            while k + 8 <= bytes.count {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                h = ((h ^ w) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(29)
                k += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            if k < bytes.count, readable - k >= 8 {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                tail = w & ((1 << (UInt64(bytes.count - k) &* 8)) &- 1)
                k = bytes.count
            }
            while k < bytes.count {
                tail |= UInt64(p[k]) << shift
                shift += 8
                k += 1
            }
            h ^= tail
        }
        h = (h &* 0xC4CE_B9FE_1A85_EC53).rotatedLeft(31)
        value = h ^ (h >> 32)
    }

    /// Adds an absent field.
    @inline(__always)
    mutating func add(marker: UInt8) {
        let h = ((value ^ UInt64(marker) ^ 0xFF00) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(29)
        value = h ^ (h >> 32)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
