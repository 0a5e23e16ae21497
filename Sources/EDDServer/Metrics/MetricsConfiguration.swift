import EDDCore
import EDDProtocol

/// Where the operations endpoints (`/metrics`, `/healthz`, `/readyz`) listen and how much a request may
/// take; off unless the daemon is given `--metrics HOST:PORT`.
public struct MetricsConfiguration: Sendable {
    /// The TCP address (port 0 picks a free port; the `metrics_listen` log line says which).
    public var address: SocketAddress
    /// The largest request head (request line and headers) read; a longer one is answered 431.
    public var maxRequestBytes: Int
    /// A request must be complete, and its answer sent, this long after the connection was accepted.
    public var requestTimeout: Duration
    /// Connections served at once; more are answered 503 and closed (a probe retries; a scrape is one
    /// connection).
    public var maxConnections: Int
    /// Sets SO_REUSEPORT (with `--reuse-port`), so that a new daemon handed the same metrics port can start
    /// while the old one drains; during the hand-over a scrape or probe reaches either process.
    public var reusePort = false

    /// Creates a configuration; every parameter but the address has a default.
    public init(
        address: SocketAddress, maxRequestBytes: Int = 8192, requestTimeout: Duration = .seconds(5),
        maxConnections: Int = 32
    ) {
        self.address = address
        self.maxRequestBytes = max(256, maxRequestBytes)
        self.requestTimeout = requestTimeout
        self.maxConnections = max(1, maxConnections)
    }
}
