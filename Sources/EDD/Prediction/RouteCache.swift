import Synchronization

/// A bounded, thread-safe memo of routes for one model (a reload brings a new predictor and a new cache).
///
/// Checkout traffic asks about the same warehouse → postal-code lanes again and again; a hit skips place
/// resolution, key building, lookups and the handling ⊗ transit convolution. When full it is emptied, so its
/// memory stays bounded (about 2 KB an entry: at most about 20 MB).
final class RouteCache: Sendable {
    struct Key: Hashable, Sendable {
        var carrier: String
        var service: String?
        var origin: Place
        var destination: Place
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
