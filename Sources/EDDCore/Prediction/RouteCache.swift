import Synchronization

/// A bounded, thread-safe memo of routes for one model (a reload brings a new predictor and a new cache).
///
/// Checkout traffic asks about the same warehouse → postal-code lanes again and again; a hit skips place
/// resolution, key building, lookups and the handling ⊗ transit convolution. When full it is emptied, so its
/// memory stays bounded (about 2 KB an entry: at most about 20 MB; the daemon has one per worker).
final class RouteCache: Sendable {
    /// What a route depends on: the option and the two places as the request gave them.
    ///
    /// Hashing ten short strings through `Hasher` cost more than the rest of a cache hit, so the key carries
    /// a fingerprint of its bytes (FNV-1a, computed once) and the dictionary hashes only that; equality
    /// still compares every field.
    struct Key: Hashable, Sendable {
        let carrier: String
        let service: String?
        let origin: Place
        let destination: Place
        let fingerprint: UInt64

        init(carrier: String, service: String?, origin: Place, destination: Place) {
            self.carrier = carrier
            self.service = service
            self.origin = origin
            self.destination = destination
            var f = Fingerprint()
            f.add(carrier)
            f.add(service)
            f.add(origin)
            f.add(destination)
            fingerprint = f.value
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(fingerprint)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.fingerprint == b.fingerprint && a.carrier == b.carrier && a.service == b.service
                && a.origin == b.origin && a.destination == b.destination
        }
    }

    /// Entries kept before the cache is emptied.
    static let capacity = 8_192
    private let entries = Mutex<[Key: Predictor.Route]>([:])

    func route(for key: Key) -> Predictor.Route? {
        entries.withLock { $0[key] }
    }

    func store(_ route: Predictor.Route, for key: Key) {
        entries.withLock { e in
            if e.count >= RouteCache.capacity { e.removeAll(keepingCapacity: true) }
            e[key] = route
        }
    }
}

/// FNV-1a over a sequence of fields, each followed by a byte that cannot occur in UTF-8 (so `("ab", "c")`
/// and `("a", "bc")` differ, as do an absent and an empty optional).
struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) {
        // Native and small strings lend their UTF-8 in place; only a bridged one is copied.
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            for b in utf8 { add(byte: b) }
            return true
        }
        if done == nil {
            var text = text
            text.withUTF8 { for b in $0 { add(byte: b) } }
        }
        add(byte: 0xFF)
    }

    mutating func add(_ text: String?) {
        if let text { add(text) } else { add(byte: 0xFE) }
    }

    mutating func add(_ place: Place) {
        add(place.country)
        add(place.postal)
        add(place.region)
        add(place.id)
    }
}
