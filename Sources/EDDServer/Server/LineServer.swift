import CEDDSystem
import Dispatch
import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// A line-delimited request/response server: N worker threads, each with its own epoll loop.
///
/// Lifecycle: ``init(configuration:handler:)``, ``start()`` (binds and returns), then ``wait()`` until
/// another thread calls ``shutdown(deadline:)``. Every worker watches the shared listeners with exclusive
/// wakeups; whichever accepts hands the connection to the next worker in round-robin order, so load spreads
/// evenly across cores. Each connection then lives on one worker, and its responses are written in order.
public final class LineServer: Sendable {
    private struct State {
        var core: ServerCore?
        var tcpPort: UInt16?
        var stopped = false
    }

    private let configuration: ServerConfiguration
    private let handler: any LineHandler
    /// The server's counters (also reachable from handlers through ``ConnectionContext/counters``).
    public let counters: ServerCounters
    private let state = Mutex(State())
    private let finished = DispatchGroup()

    /// Creates a server; nothing is bound until ``start()``.
    public init(configuration: ServerConfiguration = ServerConfiguration(), handler: some LineHandler) {
        self.configuration = configuration
        self.handler = handler
        self.counters = ServerCounters(shards: configuration.workers)
    }

    /// The TCP port actually bound (useful with port 0), or nil before start or without TCP.
    public var tcpPort: UInt16? { state.withLock { $0.tcpPort } }

    /// Binds the listeners and starts the workers.
    /// - Throws: ``SystemError`` when an address cannot be bound (in use, permission, bad path).
    public func start() throws {
        var listeners: [ServerCore.Listener] = []
        var inboxes: [ServerCore.Inbox] = []
        var epolls: [Int32] = []
        var port: UInt16?
        do {
            if let address = configuration.tcpAddress {
                let fd = try Listening.bind(address, reusePort: configuration.reusePort)
                listeners.append(.init(fd: fd, isUnix: false))
                port = Socket.boundPort(fd)
            }
            if let path = configuration.unixSocketPath {
                let fd = try Listening.bind(.unix(path: path), unixMode: configuration.unixSocketMode)
                listeners.append(.init(fd: fd, isUnix: true))
            }
            guard !listeners.isEmpty else {
                throw SystemError("start", detail: "neither a TCP address nor a Unix socket path is configured")
            }
            for _ in 0..<configuration.workers {
                let ep = cedd_epoll_create()
                guard ep >= 0 else { throw SystemError.last("epoll_create") }
                epolls.append(ep)
                let wake = cedd_eventfd()
                guard wake >= 0 else { throw SystemError.last("eventfd") }
                inboxes.append(.init(wakeFD: wake))
            }
        } catch {
            for listener in listeners { close(listener.fd) }
            for ep in epolls { close(ep) }
            for inbox in inboxes { close(inbox.wakeFD) }
            throw error
        }
        let core = ServerCore(
            configuration: configuration, handler: handler, counters: counters, listeners: listeners,
            inboxes: inboxes)
        let workers = epolls.enumerated().map { Worker(index: $0.offset, core: core, epollFD: $0.element) }
        for worker in workers { try worker.register() }
        state.withLock {
            $0.core = core
            $0.tcpPort = port
        }
        let running = Atomic<Int>(workers.count)
        for worker in workers {
            finished.enter()
            OSThread.detach { [finished, counters, logger = configuration.logger] in
                worker.run()
                if running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                    // Logged by the last worker so that it precedes wait() returning.
                    let stats = counters.snapshot()
                    logger.info(
                        "stopped", ["lines": String(stats.lines), "accepted": String(stats.connectionsAccepted)])
                }
                finished.leave()
            }
        }
        var addresses: [String] = []
        if case .tcp(let host, _) = configuration.tcpAddress, let port {
            addresses.append(SocketAddress.tcp(host: host, port: port).description)
        }
        if let path = configuration.unixSocketPath { addresses.append("unix:" + path) }
        configuration.logger.log(
            .info, "start",
            fields: [
                ("addr", addresses.joined(separator: ",")), ("workers", String(configuration.workers)),
                ("max_connections", String(configuration.maxConnections)),
                ("max_line", String(configuration.maxLineBytes)),
            ] + configuration.startLogFields)
    }

    /// Whether the listeners are bound and no shutdown has begun (set before the `start` line is logged).
    var isListening: Bool { state.withLock { $0.core != nil && !$0.stopped } }

    /// Whether ``shutdown(deadline:)`` has begun (tests wait for it before letting a handler go on).
    var isDraining: Bool { state.withLock { $0.core }?.draining.load(ordering: .acquiring) ?? false }

    /// Blocks until the server has shut down (returns at once if it was never started).
    public func wait() {
        finished.wait()
    }

    /// Stops accepting, answers lines already received, flushes, closes, and returns.
    ///
    /// Connections still open when `deadline` passes are closed unanswered. Safe to call from any thread,
    /// more than once, and from a signal watcher.
    /// - Returns: true when every connection was finished before the deadline and every worker stopped in
    ///   time (a short grace is allowed for a handler call in progress); false is also logged.
    @discardableResult
    public func shutdown(deadline: Duration = .seconds(10)) -> Bool {
        let started = monotonicNanos()
        let core = state.withLock { state -> ServerCore? in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.core
        }
        guard let core else {
            return finished.wait(timeout: .now() + .milliseconds(Int(deadline.nanoseconds / 1_000_000))) == .success
        }
        configuration.logger.info(
            "shutdown", ["open_connections": String(counters.connectionsOpen.load(ordering: .relaxed))])
        core.deadline.store(started &+ deadline.nanoseconds, ordering: .relaxed)
        core.draining.store(true, ordering: .releasing)
        for inbox in core.inboxes { inbox.wake() }
        let waitNanos = deadline.nanoseconds &+ 1_000_000_000
        let finishedInTime =
            finished.wait(timeout: .now() + .nanoseconds(Int(min(waitNanos, UInt64(Int.max))))) == .success
        let cut = core.closedAtDeadline.load(ordering: .relaxed)
        if !finishedInTime || cut > 0 {
            configuration.logger.warning(
                "shutdown_deadline_passed",
                ["deadline": "\(deadline)", "closed_unfinished": String(cut), "workers_done": String(finishedInTime)])
        }
        return finishedInTime && cut == 0
    }
}
