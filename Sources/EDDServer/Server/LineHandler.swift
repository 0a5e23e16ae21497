import EDDCore
import EDDProtocol

/// Answers request lines; the server calls it on its worker threads.
///
/// Implementations must append exactly one response line, ending in `\n`, to `output` for every call, and
/// must not block for long: a worker serves many connections. They are called concurrently from several
/// workers, hence `Sendable`.
public protocol LineHandler: Sendable {
    /// Answers one request line.
    /// - Parameters:
    ///   - line: the request without its `\n` (and without a `\r` before it); valid only during the call.
    ///   - context: facts about the connection the line came from.
    ///   - output: the connection's pending output; append the response line here.
    func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8])
}

/// What a handler may know about the connection a line arrived on.
public struct ConnectionContext: Sendable {
    /// Whether admin operations (`reload`) are allowed: always on the Unix socket, on TCP only when the
    /// server was configured with ``ServerConfiguration/adminOnTCP``.
    public var adminAllowed: Bool
    /// Whether the connection came through the Unix socket.
    public var isUnixSocket: Bool
    /// A number unique to the connection within this server's lifetime (for logs).
    public var connectionID: UInt64
    /// The server's counters, for the `stats` op.
    public var counters: ServerCounters
    /// The index of the worker thread that serves the connection (`0..<workers`): every call for this
    /// connection comes from that thread, so a handler can keep per-worker state.
    public var worker: Int

    /// Creates a context (the server does this; tests may too).
    public init(
        adminAllowed: Bool, isUnixSocket: Bool, connectionID: UInt64, counters: ServerCounters, worker: Int = 0
    ) {
        self.adminAllowed = adminAllowed
        self.isUnixSocket = isUnixSocket
        self.connectionID = connectionID
        self.counters = counters
        self.worker = worker
    }
}
