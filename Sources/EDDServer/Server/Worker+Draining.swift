import CEDDSystem
import Glibc

/// The graceful end of a connection once the server drains (SIGTERM): every line received is answered, then
/// the server shuts down its sending side and reads until the client closes, so no answer is lost to a reset.
///
/// A connection is finished when the client half-closes, or once it has been quiet for ``quietNanos``
/// (nothing unanswered, unsent or unread): a pooled client that sends nothing more must not hold the
/// shutdown until its deadline, and one still pipelining keeps being answered.
extension Worker {
    /// How long a draining connection must be quiet before the server closes its side, and how long the
    /// server then waits for the client's own close.
    static let quietNanos: UInt64 = 250_000_000

    /// Starts draining a connection: reads what is already there (bounded; the rest comes with later events)
    /// and answers it.
    func drain(_ conn: Connection) {
        var reads = 0
        while !conn.readClosed && !conn.writeClosed && hasUnread(conn) && reads < 16 {
            reads += 1
            guard readOnce(conn) else { return }
        }
        service(conn)
    }

    /// Closes the sending side of connections that went quiet, and closes those whose client is gone quiet
    /// after that.
    func finishQuietConnections(now: UInt64) {
        for conn in connections.all where now &- conn.lastActivity >= Worker.quietNanos {
            if conn.writeClosed {
                discardInput(conn)
                closeConnection(conn)
            } else if !conn.readClosed && conn.backlog == 0 && !conn.holdingLines && conn.pendingInput == 0
                && !conn.framer.discarding && !hasUnread(conn)
            {
                finishWriting(conn, now: now)
            }
        }
    }

    /// Sends FIN after the last answer; from now on input is discarded until the client closes.
    func finishWriting(_ conn: Connection, now: UInt64) {
        Glibc.shutdown(conn.fd, Int32(SHUT_WR))
        conn.writeClosed = true
        conn.lastActivity = now
        if conn.interest != CEDD_EPOLLIN {
            conn.interest = CEDD_EPOLLIN
            _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_MOD, conn.fd, conn.interest, UInt64(UInt32(bitPattern: conn.fd)))
        }
    }

    /// Reads and drops what a client sends after the server's FIN; closes at its end of stream.
    func discardInput(_ conn: Connection) {
        for _ in 0..<16 {
            let n = recv(conn.fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                conn.lastActivity = monotonicNanos()
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            closeConnection(conn)
            return
        }
    }

    /// Whether the socket holds bytes (or an end of stream) not read yet.
    func hasUnread(_ conn: Connection) -> Bool {
        var probe: UInt8 = 0
        let n = recv(conn.fd, &probe, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
    }
}
