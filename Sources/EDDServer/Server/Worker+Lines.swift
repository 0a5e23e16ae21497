import CEDDSystem
import EDDCore
import EDDProtocol
import Glibc

extension Worker {
    /// Reads once into the scratch buffer and answers every complete line; false when the connection closed.
    func readOnce(_ conn: Connection) -> Bool {
        guard conn.backlog <= maxBacklog, !conn.holdingLines else { return true }
        let n = read(conn.fd, scratch.baseAddress, scratch.count)
        if n == 0 {
            // EOF ends the last line even without its `\n` (a client that half-closes after its last request
            // gets that answer too); the rest of an over-long line being skipped is dropped.
            conn.readClosed = true
            conn.lineStarted = nil
            if conn.framer.discarding {
                conn.input.removeAll()
                conn.inputStart = 0
            } else if conn.pendingInput > 0 {
                conn.input.append(0x0A)
            }
            if !conn.holdingLines && conn.pendingInput > 0 { answerHeldInput(conn) }
            return true
        }
        if n < 0 {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return true }
            closeConnection(conn)
            return false
        }
        shard.bytesIn.add(n, ordering: .relaxed)
        conn.lastActivity = roundStarted
        let framesBefore = conn.frames
        var out: [UInt8] = []
        swap(&out, &conn.output)
        var lines = 0
        if conn.pendingInput == 0 {
            // Common case: whole lines straight from the scratch buffer, no copy.
            let bytes = UnsafeRawBufferPointer(rebasing: scratch[0..<n])
            let consumed = processLines(conn, bytes, &out, &lines)
            if !conn.input.isEmpty { conn.input.removeAll(keepingCapacity: true) }
            conn.inputStart = 0
            if consumed < n { conn.input.append(contentsOf: bytes[consumed...]) }
        } else {
            conn.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
            processHeldInput(conn, &out, &lines)
        }
        swap(&out, &conn.output)
        linesNotSent += lines
        if lines > 0 { shard.lines.add(lines, ordering: .relaxed) }
        if conn.pendingInput == 0 && !conn.framer.discarding {
            conn.lineStarted = nil
        } else if conn.lineStarted == nil || conn.frames != framesBefore {
            conn.lineStarted = conn.lastActivity
        }
        return true
    }

    /// Answers the complete lines held in `conn.input` into the connection's output.
    func answerHeldInput(_ conn: Connection) {
        var out: [UInt8] = []
        swap(&out, &conn.output)
        var lines = 0
        processHeldInput(conn, &out, &lines)
        swap(&out, &conn.output)
        if lines > 0 { shard.lines.add(lines, ordering: .relaxed) }
    }

    /// Answers complete lines already in `conn.input`.
    func processHeldInput(_ conn: Connection, _ out: inout [UInt8], _ lines: inout Int) {
        let consumed = conn.input.withUnsafeBytes { all in
            processLines(conn, UnsafeRawBufferPointer(rebasing: all[conn.inputStart...]), &out, &lines)
        }
        conn.inputStart += consumed
        if conn.inputStart == conn.input.count {
            conn.input.removeAll(keepingCapacity: conn.input.capacity <= 2 * 65536)
            conn.inputStart = 0
        } else if conn.inputStart >= 65536 {
            conn.input.removeFirst(conn.inputStart)
            conn.inputStart = 0
        }
    }

    /// Splits `bytes` into lines and answers them; returns how many bytes were consumed.
    ///
    /// Stops early (setting `holdingLines`) when the output backlog is over the bound, so that a client that
    /// does not read cannot make the server buffer more than one response beyond the bound.
    func processLines(
        _ conn: Connection, _ bytes: UnsafeRawBufferPointer, _ out: inout [UInt8], _ lines: inout Int
    ) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var pos = 0
        while pos < bytes.count {
            if out.count - conn.outputSent > maxBacklog {
                conn.holdingLines = true
                return pos
            }
            guard let frame = conn.framer.next(in: bytes, at: &pos) else { break }
            conn.frames &+= 1
            switch frame {
            case .tooLong:
                answerTooLong(&out)
            case .line(let range):
                core.handler.handle(
                    line: UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count),
                    context: conn.context, output: &out)
                lines += 1
            }
        }
        conn.holdingLines = false
        return pos
    }

    private func answerTooLong(_ out: inout [UInt8]) {
        out.append(contentsOf: core.lineTooLongResponse)
        core.counters.lineTooLong.add(1, ordering: .relaxed)
    }

    /// Flushes output, resumes held lines when the backlog drains, updates interest, closes when done.
    func service(_ conn: Connection) {
        while true {
            guard flush(conn) else { return }
            guard conn.holdingLines, conn.backlog <= maxBacklog else { break }
            var out: [UInt8] = []
            swap(&out, &conn.output)
            var lines = 0
            conn.holdingLines = false
            processHeldInput(conn, &out, &lines)
            swap(&out, &conn.output)
            if lines > 0 { shard.lines.add(lines, ordering: .relaxed) }
            // The server, not the client, held the rest back: its deadline starts now.
            conn.lineStarted = conn.pendingInput == 0 ? nil : monotonicNanos()
            if conn.backlog == 0 { break }
        }
        if conn.readClosed && conn.backlog == 0 && !conn.holdingLines {
            closeConnection(conn)
            return
        }
        var wanted: UInt32 = 0
        if !conn.readClosed && !conn.holdingLines && conn.backlog <= maxBacklog { wanted |= CEDD_EPOLLIN }
        if conn.backlog > 0 { wanted |= CEDD_EPOLLOUT }
        if wanted != conn.interest {
            if conn.interest & CEDD_EPOLLIN != 0 && wanted & CEDD_EPOLLIN == 0 && !conn.readClosed {
                shard.readPauses.add(1, ordering: .relaxed)
            }
            conn.interest = wanted
            _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_MOD, conn.fd, wanted, UInt64(UInt32(bitPattern: conn.fd)))
        }
    }

    /// Writes as much pending output as the socket takes; false when the connection was closed.
    private func flush(_ conn: Connection) -> Bool {
        while conn.backlog > 0 {
            let n = conn.output.withUnsafeBytes {
                send(conn.fd, $0.baseAddress! + conn.outputSent, conn.backlog, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                conn.outputSent += n
                shard.bytesOut.add(n, ordering: .relaxed)
                conn.lastActivity = roundStarted
                continue
            }
            let code = errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) { break }
            closeConnection(conn)
            return false
        }
        if conn.backlog == 0 {
            conn.output.removeAll(keepingCapacity: conn.output.capacity <= 4 * 65536)
            conn.outputSent = 0
        } else if conn.outputSent > conn.output.count / 2 {
            conn.output.removeFirst(conn.outputSent)
            conn.outputSent = 0
        }
        let backlog = conn.backlog
        if backlog != conn.reportedBacklog {
            shard.outputBuffered.add(backlog - conn.reportedBacklog, ordering: .relaxed)
            conn.reportedBacklog = backlog
            if backlog > shard.peakBacklog.load(ordering: .relaxed) {
                shard.peakBacklog.store(backlog, ordering: .relaxed)
            }
        }
        return true
    }
}
