import CEDDSystem
import Glibc

/// Running out of file descriptors (EMFILE/ENFILE), handled as libuv and nginx do: a spare descriptor is given
/// up to accept the waiting clients and answer them `overloaded`, accepting backs off when even that fails,
/// and the failure is logged at most once a second.
extension Worker {
    /// How long a worker stops watching the listeners when it cannot accept even with the reserve.
    static let acceptBackoffNanos: UInt64 = 100_000_000

    /// accept(2) failed for want of descriptors: refuse what is queued through the reserve descriptor.
    func shedForLackOfDescriptors(_ listener: ServerCore.Listener, error code: Int32) {
        let shed = core.reserve.withLock { reserve -> Int in
            // A previous shortage may have left it closed; a descriptor freed since lets it be taken again.
            if reserve < 0 { reserve = ServerCore.openReserve() }
            guard reserve >= 0 else { return 0 }
            close(reserve)
            reserve = -1
            var shed = 0
            while shed < 64 {
                let fd = cedd_accept(listener.fd)
                if fd < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    break
                }
                refuse(fd)
                shed += 1
            }
            // May fail while another thread holds the freed slot; the next shortage then backs off.
            reserve = ServerCore.openReserve()
            return shed
        }
        core.logAcceptFailure(SystemError("accept", errno: code), refused: shed)
        // Without progress the level-triggered listener would wake this loop at once, forever.
        if shed == 0 { pauseAccepting() }
    }

    /// Answers one `overloaded` line and closes, reading what the client already sent so that the close
    /// is a FIN rather than a reset that could destroy the answer before the client reads it.
    func refuse(_ fd: Int32) {
        core.counters.connectionsRefused.add(1, ordering: .relaxed)
        // Best effort: a fresh socket's send buffer always has room for one short line.
        _ = ServerCore.overloadedResponse.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        for _ in 0..<4 where recv(fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT)) > 0 {}
        close(fd)
    }

    /// Stops watching the listeners for ``acceptBackoffNanos``; ``resumeAcceptingIfDue(now:)`` restarts.
    func pauseAccepting() {
        guard watchingListeners, acceptPausedUntil == nil else { return }
        for listener in core.listeners { _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_DEL, listener.fd, 0, 0) }
        acceptPausedUntil = monotonicNanos() &+ Worker.acceptBackoffNanos
    }

    /// Watches the listeners again once the back-off has passed.
    func resumeAcceptingIfDue(now: UInt64) {
        guard let until = acceptPausedUntil, now >= until else { return }
        acceptPausedUntil = nil
        guard watchingListeners else { return }
        for (i, listener) in core.listeners.enumerated() {
            let events = CEDD_EPOLLIN | CEDD_EPOLLEXCLUSIVE
            _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_ADD, listener.fd, events, Worker.listenerTag | UInt64(i))
        }
    }
}

extension ServerCore {
    /// The spare descriptor: /dev/null opened read-only (harmless), or -1 when it cannot be opened.
    static func openReserve() -> Int32 { open("/dev/null", O_RDONLY | O_CLOEXEC) }

    /// Logs an accept failure at most once a second, with how many were suppressed since the last line.
    func logAcceptFailure(_ error: SystemError, refused: Int) {
        let now = monotonicNanos()
        let due = acceptFailures.withLock { state -> (suppressed: Int, refused: Int)? in
            state.refused += refused
            guard state.lastLogged == 0 || now &- state.lastLogged >= 1_000_000_000 else {
                state.suppressed += 1
                return nil
            }
            defer { state = (now, 0, 0) }
            return (state.suppressed, state.refused)
        }
        guard let due else { return }
        configuration.logger.error(
            "accept_failed",
            [
                "error": error.description, "refused_overloaded": String(due.refused),
                "suppressed": String(due.suppressed),
            ])
    }
}
