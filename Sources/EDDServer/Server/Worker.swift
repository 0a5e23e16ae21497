import CEDDSystem
import EDDCore
import EDDProtocol
import Glibc

/// One epoll loop serving its share of the connections.
///
/// Level-triggered: a readable connection is read once per wakeup (fair across connections), a connection
/// with unsent output also waits for writability, and one whose backlog is full is not read at all.
final class Worker: @unchecked Sendable {
    // Invariant: every stored property except `core` (Sendable) and `inbox` (locked) is used only on the
    // worker's own thread, between `run()` starting and returning; hence `@exclusivity(unchecked)` on the
    // mutable ones (see `Connection`).
    let index: Int
    let core: ServerCore
    let inbox: ServerCore.Inbox
    let shard: ServerCounters.Shard
    let epollFD: Int32
    @exclusivity(unchecked) var connections = ConnectionTable()
    @exclusivity(unchecked) var watchingListeners = false
    /// Set while accepting backs off after running out of descriptors (`Worker+Overload`).
    @exclusivity(unchecked) var acceptPausedUntil: UInt64?
    @exclusivity(unchecked) var draining = false
    /// When the current round's epoll_wait returned: the activity time of every read and write in the round,
    /// so that the clock is read once a round rather than twice a request.
    @exclusivity(unchecked) var roundStarted: UInt64 = 0
    /// The connections read in the current round and not yet serviced (their answers unsent), and the lines
    /// they were answered: see ``serviceReadConnections()``.
    @exclusivity(unchecked) var readNotServiced: [Connection] = []
    @exclusivity(unchecked) var linesNotSent = 0
    let scratch: UnsafeMutableRawBufferPointer
    let maxLine: Int
    let maxBacklog: Int

    /// The most answered lines held back before they are sent (``serviceReadConnections()``).
    static let sendBatchLines = 64
    static let wakeTag: UInt64 = 1 << 40
    static let listenerTag: UInt64 = 1 << 41

    init(index: Int, core: ServerCore, epollFD: Int32) {
        self.index = index
        self.core = core
        self.inbox = core.inboxes[index]
        self.shard = core.counters.shards[index]
        self.epollFD = epollFD
        self.scratch = .allocate(byteCount: 65536, alignment: 16)
        self.maxLine = core.configuration.maxLineBytes
        self.maxBacklog = core.configuration.maxOutputBacklog
    }

    deinit { scratch.deallocate() }

    /// Registers the wake eventfd and the shared listeners (exclusive wakeups avoid a thundering herd).
    func register() throws {
        guard cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_ADD, inbox.wakeFD, CEDD_EPOLLIN, Worker.wakeTag) == 0 else {
            throw SystemError.last("epoll_ctl")
        }
        for (i, listener) in core.listeners.enumerated() {
            let events = CEDD_EPOLLIN | CEDD_EPOLLEXCLUSIVE
            guard cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_ADD, listener.fd, events, Worker.listenerTag | UInt64(i)) == 0
            else { throw SystemError.last("epoll_ctl listener") }
        }
        watchingListeners = true
    }

    /// Runs the loop until the server has drained (or its deadline passed).
    func run() {
        let idleNanos = core.configuration.idleTimeout.nanoseconds
        let lineNanos = core.configuration.lineTimeout.nanoseconds
        let tickMillis = Int32(clamping: max(10, min(1000, min(idleNanos, lineNanos) / 4_000_000)))
        var events = [cedd_epoll_event](repeating: cedd_epoll_event(), count: 256)
        var nextIdleCheck = monotonicNanos() &+ UInt64(tickMillis) * 1_000_000
        while true {
            // Draining and backing off need finer ticks than the timeouts do.
            let timeout = draining || acceptPausedUntil != nil ? min(tickMillis, 20) : tickMillis
            let n = events.withUnsafeMutableBufferPointer {
                cedd_epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout)
            }
            roundStarted = monotonicNanos()
            if n < 0 && errno != EINTR {
                core.configuration.logger.error("epoll_wait", ["worker": String(index), "error": String(errno)])
                break
            }
            for i in 0..<max(0, Int(n)) {
                let event = events[i]
                if event.data == Worker.wakeTag {
                    cedd_eventfd_drain(inbox.wakeFD)
                    adoptHandedOff()
                } else if event.data & Worker.listenerTag != 0 {
                    if !draining { acceptAll(core.listeners[Int(event.data & 0xFFFF)]) }
                } else if let conn = connections[Int32(truncatingIfNeeded: event.data)] {
                    handle(conn, events: event.events)
                }
            }
            serviceReadConnections()
            if !draining && core.draining.load(ordering: .acquiring) { beginDraining() }
            let now = monotonicNanos()
            resumeAcceptingIfDue(now: now)
            if draining {
                if now >= core.deadline.load(ordering: .relaxed) { break }
                finishQuietConnections(now: now)
                // Every hand-off happens before the listeners are closed, so once they are, one last look at
                // the inbox catches every connection meant for this worker.
                if connections.isEmpty && core.listenersClosed.load(ordering: .acquiring) {
                    adoptHandedOff()
                    if connections.isEmpty { break }
                }
            }
            if now >= nextIdleCheck {
                closeIdle(now: now, idleNanos: idleNanos, lineNanos: lineNanos)
                nextIdleCheck = now &+ UInt64(tickMillis) * 1_000_000
            }
        }
        adoptHandedOff()
        if !connections.isEmpty { core.closedAtDeadline.add(connections.count, ordering: .relaxed) }
        for conn in connections.all { closeConnection(conn) }
        // Past the deadline (or after an epoll failure) nothing more is accepted, not even what is queued.
        if watchingListeners { stopWatchingListeners(acceptingQueued: false) }
        close(epollFD)
        close(inbox.wakeFD)
    }

    private func handle(_ conn: Connection, events: UInt32) {
        if events & (CEDD_EPOLLERR) != 0 {
            closeConnection(conn)
            return
        }
        if conn.writeClosed {
            discardInput(conn)
            return
        }
        if events & (CEDD_EPOLLIN | CEDD_EPOLLHUP) != 0 && !conn.readClosed {
            guard readOnce(conn) else { return }
            readNotServiced.append(conn)
            if linesNotSent >= Worker.sendBatchLines { serviceReadConnections() }
            return
        }
        service(conn)
    }

    /// Services (flushes) the connections read since the last call: at the end of each round, as redis writes
    /// its replies before it sleeps, or sooner once ``sendBatchLines`` answers wait, so that a client
    /// pipelining deeply is not kept waiting for a whole round.
    ///
    /// Reading and answering a batch of connections before sending to them keeps each stretch of code (the
    /// request path, the kernel's send path) warm in the caches, and the clients the sends wake do not take a
    /// core while the batch is still being answered. With the client on the same two cores it answered more
    /// requests a second non-pipelined in 7 of 8 interleaved runs with one worker and 6 of 8 with two;
    /// pipelined, no difference showed (README, Speed).
    func serviceReadConnections() {
        linesNotSent = 0
        guard !readNotServiced.isEmpty else { return }
        // A connection closed since it was read (its descriptor perhaps reused by one accepted since) is skipped.
        for conn in readNotServiced where connections[conn.fd] === conn { service(conn) }
        readNotServiced.removeAll(keepingCapacity: true)
    }

    /// Accepts up to 64 connections (fair to the connections already served), or every queued one.
    func acceptAll(_ listener: ServerCore.Listener, everyQueued: Bool = false) {
        var accepted = 0
        while everyQueued || accepted < 64 {
            // Under the reserve's lock, so that no other worker's accept takes the slot the reserve frees
            // while it is refusing (accepts are rare next to requests; the lock is uncontended).
            let (fd, code) = core.reserve.withLock { _ in
                let fd = cedd_accept(listener.fd)
                return (fd, fd < 0 ? errno : 0)
            }
            if fd < 0 {
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return }
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    shedForLackOfDescriptors(listener, error: code)
                } else {
                    core.logAcceptFailure(SystemError("accept", errno: code), refused: 0)
                }
                return
            }
            accepted += 1
            let open = core.counters.connectionsOpen.add(1, ordering: .relaxed).newValue
            if open > core.configuration.maxConnections {
                core.counters.connectionsOpen.subtract(1, ordering: .relaxed)
                refuse(fd)
                continue
            }
            core.counters.connectionsAccepted.add(1, ordering: .relaxed)
            if !listener.isUnix { Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1) }
            let target = core.acceptSequence.add(1, ordering: .relaxed).newValue % core.inboxes.count
            if target == index {
                adopt(fd: fd, isUnix: listener.isUnix)
            } else {
                core.inboxes[target].push(fd: fd, isUnix: listener.isUnix)
            }
        }
    }

    private func adoptHandedOff() {
        for item in inbox.take() { adopt(fd: item.fd, isUnix: item.isUnix) }
    }

    private func adopt(fd: Int32, isUnix: Bool) {
        let context = ConnectionContext(
            adminAllowed: isUnix || core.configuration.adminOnTCP, isUnixSocket: isUnix,
            connectionID: core.nextConnectionID.add(1, ordering: .relaxed).oldValue, counters: core.counters,
            worker: index)
        let conn = Connection(fd: fd, context: context, now: monotonicNanos(), maxLineBytes: maxLine)
        conn.interest = CEDD_EPOLLIN
        guard cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_ADD, fd, conn.interest, UInt64(UInt32(bitPattern: fd))) == 0
        else {
            close(fd)
            core.counters.connectionsOpen.subtract(1, ordering: .relaxed)
            return
        }
        connections.insert(conn)
        if draining { drain(conn) }
    }

    private func beginDraining() {
        draining = true
        // Clients already in the accept queue were promised service: take them before letting go.
        if watchingListeners {
            for listener in core.listeners { acceptAll(listener, everyQueued: true) }
            stopWatchingListeners()
        }
        adoptHandedOff()
        for conn in connections.all { drain(conn) }
    }

    private func stopWatchingListeners(acceptingQueued: Bool = true) {
        if acceptPausedUntil == nil {
            for listener in core.listeners { _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_DEL, listener.fd, 0, 0) }
        }
        acceptPausedUntil = nil
        watchingListeners = false
        guard core.releaseListeners() else { return }
        // The last worker out takes what queued up while the others were letting go.
        if acceptingQueued {
            for listener in core.listeners { acceptAll(listener, everyQueued: true) }
        }
        core.closeListeners()
    }

    private func closeIdle(now: UInt64, idleNanos: UInt64, lineNanos: UInt64) {
        for conn in connections.all {
            if now &- conn.lastActivity >= idleNanos {
                core.counters.idleClosed.add(1, ordering: .relaxed)
                closeConnection(conn)
            } else if let started = conn.lineStarted, !conn.holdingLines, now &- started >= lineNanos {
                core.counters.lineTimeouts.add(1, ordering: .relaxed)
                closeConnection(conn)
            }
        }
    }

    func closeConnection(_ conn: Connection) {
        guard connections.remove(fd: conn.fd) else { return }
        close(conn.fd)
        if conn.reportedBacklog != 0 { shard.outputBuffered.subtract(conn.reportedBacklog, ordering: .relaxed) }
        core.counters.connectionsOpen.subtract(1, ordering: .relaxed)
    }
}
