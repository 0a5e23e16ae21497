import CEDDSystem
import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// A minimal HTTP/1.1 listener for the operations endpoints, on one thread of its own.
///
/// It shares nothing with the query listener but the counters it reads: its own socket, its own `poll(2)`
/// loop, its own bounded buffers. Each connection gets one request and one answer, then is closed; the head
/// is capped at ``MetricsConfiguration/maxRequestBytes`` (431 beyond), a malformed one gets 400, and the whole
/// exchange must finish within ``MetricsConfiguration/requestTimeout`` (408, or a plain close when the
/// answer cannot be delivered). So a slow or hostile client costs at most one slot of
/// ``MetricsConfiguration/maxConnections`` for a bounded time, and never a worker.
public final class MetricsServer: Sendable {
    /// Answers a parsed request (the routes); called on the metrics thread only.
    package typealias Router = @Sendable (HTTPRequestHead) -> HTTPResponse

    private struct Running: @unchecked Sendable {
        // Invariant: created in start() and used by stop() only, under the state lock.
        var listener: Int32
        var wake: Int32
        var port: UInt16
        var thread: OSThread
    }

    private let configuration: MetricsConfiguration
    private let router: Router
    private let logger: Logger
    private let running = Mutex<Running?>(nil)
    /// Responses sent, by status code (for `edd_http_responses_total`).
    package let responses: HTTPResponseCounts

    /// Creates a server answering with `router`; nothing is bound until ``start()``.
    package init(
        configuration: MetricsConfiguration, logger: Logger, responses: HTTPResponseCounts = HTTPResponseCounts(),
        router: @escaping Router
    ) {
        self.configuration = configuration
        self.logger = logger
        self.responses = responses
        self.router = router
    }

    /// Creates the daemon's operations listener: `/metrics`, `/healthz` and `/readyz` for `state`.
    public convenience init(configuration: MetricsConfiguration, state: OperationsState, logger: Logger) {
        let responses = HTTPResponseCounts()
        let endpoints = OperationsEndpoints(state: state, responses: { responses.snapshot() })
        self.init(configuration: configuration, logger: logger, responses: responses, router: endpoints.respond)
    }

    /// The port bound, or nil before ``start()``.
    public var port: UInt16? { running.withLock { $0?.port } }

    /// Binds the address, starts the thread and logs `metrics_listen`.
    /// - Throws: ``SystemError`` when the address cannot be bound.
    public func start() throws {
        let listener = try Listening.bind(configuration.address, reusePort: configuration.reusePort)
        let wake = cedd_eventfd()
        guard wake >= 0 else {
            close(listener)
            throw SystemError.last("eventfd")
        }
        let port = Socket.boundPort(listener)
        let loop = MetricsLoop(
            listener: listener, wake: wake, configuration: configuration, router: router, responses: responses)
        let thread = OSThread.start { loop.run() }
        running.withLock { $0 = Running(listener: listener, wake: wake, port: port, thread: thread) }
        var shown = configuration.address.description
        if case .tcp(let host, _) = configuration.address {
            shown = SocketAddress.tcp(host: host, port: port).description
        }
        logger.info("metrics_listen", ["addr": shown])
    }

    /// Stops the thread, closes every connection and the listener. Safe to call more than once.
    public func stop() {
        guard
            let run = running.withLock({ state -> Running? in
                defer { state = nil }
                return state
            })
        else { return }
        cedd_eventfd_signal(run.wake)
        run.thread.join()
        close(run.wake)
        close(run.listener)
    }
}

/// Responses sent by status code (only the metrics thread and scrapes touch it, never a query worker).
package final class HTTPResponseCounts: Sendable {
    /// The codes counted, in the order of ``snapshot()``.
    package static let codes = [200, 400, 404, 405, 408, 431, 503]
    private let counts = Mutex([Int](repeating: 0, count: HTTPResponseCounts.codes.count))

    package init() {}

    func record(_ status: Int) {
        guard let i = HTTPResponseCounts.codes.firstIndex(of: status) else { return }
        counts.withLock { $0[i] += 1 }
    }

    /// (code, responses) pairs.
    package func snapshot() -> [(code: Int, count: Int)] {
        Array(zip(HTTPResponseCounts.codes, counts.withLock { $0 }))
    }
}

/// The metrics thread's state: owned by that one thread, hence not Sendable-checked.
private final class MetricsLoop: @unchecked Sendable {
    // Invariant: after init, only the metrics thread touches any of this.
    enum Phase { case reading, writing, lingering }

    final class Client {
        var fd: Int32
        var input: [UInt8] = []
        var output: [UInt8] = []
        var written = 0
        var phase = Phase.reading
        var deadline: UInt64

        init(fd: Int32, deadline: UInt64) {
            self.fd = fd
            self.deadline = deadline
        }
    }

    /// After its answer, how long a connection is read and discarded while waiting for the client's close
    /// (closing with unread input would reset the connection and could destroy the answer in flight).
    static let lingerNanos: UInt64 = 1_000_000_000

    let listener: Int32
    let wake: Int32
    let configuration: MetricsConfiguration
    let router: MetricsServer.Router
    let responses: HTTPResponseCounts
    var clients: [Client] = []
    /// Accepting resumes at this monotonic time after accept(2) ran out of descriptors or memory.
    var acceptPausedUntil: UInt64 = 0
    var scratch = [UInt8](repeating: 0, count: 4096)

    init(
        listener: Int32, wake: Int32, configuration: MetricsConfiguration, router: @escaping MetricsServer.Router,
        responses: HTTPResponseCounts
    ) {
        self.listener = listener
        self.wake = wake
        self.configuration = configuration
        self.router = router
        self.responses = responses
    }

    var timeoutNanos: UInt64 { configuration.requestTimeout.nanoseconds }

    func run() {
        // Named so that `top -H` and /proc/PID/task/*/comm show which thread serves the endpoints.
        cedd_set_thread_name("edd-metrics")
        while true {
            expire(now: monotonicNanos())
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            // While accepting is paused (out of descriptors) the listener is left out, or poll would spin.
            let accepting = monotonicNanos() >= acceptPausedUntil
            fds.append(pollfd(fd: accepting ? listener : -1, events: Int16(POLLIN), revents: 0))
            for client in clients {
                fds.append(
                    pollfd(fd: client.fd, events: Int16(client.phase == .writing ? POLLOUT : POLLIN), revents: 0))
            }
            let now = monotonicNanos()
            let nearest = (clients.map(\.deadline) + (accepting ? [] : [acceptPausedUntil])).min()
            let timeout = nearest.map { Int32(min(($0 &- min($0, now)) / 1_000_000 + 1, 60_000)) } ?? -1
            let n = poll(&fds, nfds_t(fds.count), timeout)
            if n < 0 && errno != EINTR { usleep(10_000) }  // ENOMEM: try again rather than stop serving
            if n <= 0 { continue }
            if fds[0].revents != 0 { break }
            // Clients accepted below are polled from the next round; serve the ones polled this round first.
            let polled = clients
            for (client, fd) in zip(polled, fds.dropFirst(2)) where fd.revents != 0 {
                serve(client)
            }
            clients.removeAll { $0.fd < 0 }
            if fds[1].revents != 0 { acceptAll() }
        }
        for client in clients { close(client.fd) }
        clients = []
    }

    private func acceptAll() {
        while true {
            let fd = cedd_accept(listener)
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    acceptPausedUntil = monotonicNanos() &+ 100_000_000
                }
                return
            }
            let client = Client(fd: fd, deadline: monotonicNanos() &+ timeoutNanos)
            if clients.count >= configuration.maxConnections {
                // Answered in one non-blocking send; a full socket buffer just means a plain close.
                respond(client, .text(503, "too many connections to the metrics listener"), includeBody: true)
                _ = flush(client)
                close(fd)
                continue
            }
            clients.append(client)
        }
    }

    private func serve(_ client: Client) {
        switch client.phase {
        case .reading: read(client)
        case .writing: if flush(client) { linger(client) }
        case .lingering: discard(client)
        }
    }

    private func read(_ client: Client) {
        let room = min(scratch.count, configuration.maxRequestBytes - client.input.count)
        let n = scratch.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, room, Int32(MSG_DONTWAIT)) }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
        guard n > 0 else {
            // The client went away (or reset) before finishing its request: nobody to answer.
            finish(client)
            return
        }
        client.input += scratch[0..<n]
        if let end = HTTPRequestHead.endOfHead(client.input) {
            do {
                let head = try HTTPRequestHead(parsing: client.input[0..<end])
                respond(client, router(head), includeBody: head.method != "HEAD")
            } catch {
                respond(client, .text(400, "bad request: \(error.message)"), includeBody: true)
            }
        } else if client.input.count >= configuration.maxRequestBytes {
            respond(
                client, .text(431, "the request head exceeds \(configuration.maxRequestBytes) bytes"),
                includeBody: true)
        } else {
            return
        }
        if flush(client) { linger(client) }
    }

    private func respond(_ client: Client, _ response: HTTPResponse, includeBody: Bool) {
        responses.record(response.status)
        client.output = response.serialized(includeBody: includeBody)
        client.written = 0
        client.phase = .writing
        client.input = []
    }

    /// Sends what it can; true once everything is sent (or the connection failed and was closed).
    private func flush(_ client: Client) -> Bool {
        while client.written < client.output.count {
            let n = client.output.withUnsafeBytes {
                send(client.fd, $0.baseAddress! + client.written, $0.count - client.written, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                client.written += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
            finish(client)
            return false
        }
        return true
    }

    private func linger(_ client: Client) {
        guard client.fd >= 0 else { return }
        Glibc.shutdown(client.fd, Int32(SHUT_WR))
        client.phase = .lingering
        client.output = []
        client.deadline = min(client.deadline, monotonicNanos() &+ MetricsLoop.lingerNanos)
        discard(client)
    }

    private func discard(_ client: Client) {
        for _ in 0..<16 {
            let n = scratch.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
            finish(client)
            return
        }
    }

    /// Connections past their deadline: a request still incomplete is answered 408 (one try), anything else
    /// is closed.
    private func expire(now: UInt64) {
        for client in clients where client.fd >= 0 && now >= client.deadline {
            if client.phase == .reading {
                respond(client, .text(408, "the request was not complete in time"), includeBody: true)
                _ = flush(client)
            }
            finish(client)
        }
        clients.removeAll { $0.fd < 0 }
    }

    private func finish(_ client: Client) {
        guard client.fd >= 0 else { return }
        close(client.fd)
        client.fd = -1
    }
}
