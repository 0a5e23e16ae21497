import EDDCore
import EDDProtocol
import Glibc

/// How a ``LineServer`` listens and what it tolerates.
public struct ServerConfiguration: Sendable {
    /// The TCP address; port 0 picks a free port (read it from ``LineServer/tcpPort`` after start).
    /// `nil` serves the Unix socket only.
    public var tcpAddress: SocketAddress?
    /// An optional Unix socket path; a stale socket file there is replaced. Admin ops are allowed on it.
    public var unixSocketPath: String?
    /// Worker threads, each running its own epoll loop (default: the online processor count).
    public var workers: Int
    /// The longest request line accepted, in bytes (without the newline).
    public var maxLineBytes: Int
    /// Permission bits of the Unix socket file (default owner-only: anyone who can connect may `reload`).
    public var unixSocketMode: UInt32 = 0o600
    /// Connections open at once; more are answered `overloaded` and closed.
    public var maxConnections: Int
    /// A connection with no traffic for this long is closed.
    public var idleTimeout: Duration
    /// A request line must be complete this long after its first byte arrived, or the connection is closed
    /// (as nginx's `client_header_timeout`: more bytes of the same line do not restart it).
    public var lineTimeout: Duration
    /// Unsent output per connection above which the server stops reading from it until it drains.
    public var maxOutputBacklog: Int
    /// Allows admin operations on TCP connections too.
    public var adminOnTCP: Bool
    /// Where start, shutdown and error events go.
    public var logger: Logger
    /// Sets SO_REUSEPORT on the TCP listener (`--reuse-port`): a new daemon starts on the same port before
    /// the old one drains.
    public var reusePort = false
    /// Extra fields for the `start` log line (the daemon adds its model id).
    public var startLogFields: [(key: String, value: String)] = []

    /// Creates a configuration; every parameter has the daemon's default.
    public init(
        tcpAddress: SocketAddress? = .tcp(host: "127.0.0.1", port: 7433),
        unixSocketPath: String? = nil,
        workers: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
        maxLineBytes: Int = 65536,
        maxConnections: Int = 1024,
        idleTimeout: Duration = .seconds(300),
        lineTimeout: Duration = .seconds(10),
        maxOutputBacklog: Int = 1 << 20,
        adminOnTCP: Bool = false,
        logger: Logger = Logger()
    ) {
        self.tcpAddress = tcpAddress
        self.unixSocketPath = unixSocketPath
        self.workers = max(1, workers)
        self.maxLineBytes = max(1, maxLineBytes)
        self.maxConnections = max(1, maxConnections)
        self.idleTimeout = idleTimeout
        self.lineTimeout = lineTimeout
        self.maxOutputBacklog = max(1, maxOutputBacklog)
        self.adminOnTCP = adminOnTCP
        self.logger = logger
    }
}
