import CEDDSystem
import Dispatch
import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// A closed-loop load generator: a few event-loop threads drive all the connections, each connection
/// keeping `pipeline` requests in flight, the way `redis-benchmark` does.
///
/// Whenever responses arrive on a connection, their latencies are recorded (from the send time of the
/// matching request, responses being in order) and as many new requests are sent in one write. Requests
/// cycle through `queries`. An event loop rather than a thread per connection keeps the client's own CPU
/// cost low: on a small machine the client shares the cores with the server it measures.
public enum LoadGenerator {
    /// Runs the load and returns what was measured.
    /// - Parameters:
    ///   - address: `HOST:PORT`, `unix:/path` or `/path`.
    ///   - connections: concurrent connections.
    ///   - pipeline: requests in flight per connection (1 = request/response).
    ///   - duration: how long to send (at most, when `requestsPerConnection` is given).
    ///   - queries: request lines (a trailing `\n` is added when missing).
    ///   - threads: event-loop threads sharing the connections (at most one per connection).
    ///   - requestsPerConnection: when given, each connection sends exactly this many requests and the run
    ///     ends once all are answered (or their connections fail): a run bounded by counts, not by a clock.
    /// - Throws: ``SystemError`` when the address is malformed or no connection can be opened.
    public static func run(
        address: String, connections: Int, pipeline: Int, duration: Duration, queries: [[UInt8]], threads: Int = 1,
        requestsPerConnection: Int? = nil
    ) throws -> LoadReport {
        let target = try SocketAddress(parsing: address)
        let lines = queries.map { $0.last == 0x0A ? $0 : $0 + [0x0A] }
        guard !lines.isEmpty else { throw SystemError("bench", detail: "no queries to send") }
        var fds: [Int32] = []
        do {
            for _ in 0..<max(1, connections) { fds.append(try Socket.connect(to: target)) }
        } catch {
            for fd in fds { close(fd) }
            throw error
        }
        let startNanos = monotonicNanos()
        let endNanos = startNanos &+ duration.nanoseconds
        let depth = max(1, pipeline)
        let loops = min(max(1, threads), fds.count)
        // Connection i goes to loop i % loops; query cycling starts at i so connections send different lines.
        let shares = (0..<loops).map { loop in stride(from: loop, to: fds.count, by: loops).map { ($0, fds[$0]) } }
        // One slot per thread, read after joining it: pthread_join orders the write before the read (also for
        // ThreadSanitizer, which does not see the futex inside Synchronization.Mutex on Linux).
        let slots = shares.map { _ in ResultSlot() }
        let workers = shares.enumerated().map { i, share in
            OSThread.start { [slot = slots[i]] in
                slot.result = drive(
                    share, lines: lines, pipeline: depth, endNanos: endNanos,
                    limit: requestsPerConnection.map { max(0, $0) })
            }
        }
        for worker in workers { worker.join() }
        for fd in fds { close(fd) }
        let seconds = Double(monotonicNanos() &- startNanos) / 1e9
        var report = LoadReport(
            connections: fds.count, pipeline: depth, responses: 0, errorResponses: 0, connectionErrors: 0,
            seconds: seconds, latency: LatencyHistogram())
        report.threads = loops
        for slot in slots {
            report.responses += slot.result.responses
            report.errorResponses += slot.result.errors
            report.connectionErrors += slot.result.failedConnections
            report.latency.merge(slot.result.latency)
        }
        return report
    }

    /// Where one event loop leaves its result.
    final class ResultSlot: @unchecked Sendable {
        // Invariant: written only by its event loop's thread, read only after that thread was joined.
        var result = LoopResult()
    }

    /// What one event loop measured over its connections.
    struct LoopResult: Sendable {
        var responses: UInt64 = 0
        var errors: UInt64 = 0
        var failedConnections = 0
        var latency = LatencyHistogram()
    }

    /// A connection's requests in flight and the response line being read.
    struct Flow {
        let fd: Int32
        /// Send times of the requests in flight, a ring of `pipeline` entries from `head` to `tail`.
        var sentTimes: [UInt64]
        var head = 0
        var tail = 0
        /// The next query to send.
        var next: Int
        /// Finds the response lines and the error responses among them.
        var scanner = ResponseScanner()
        var open = true

        init(fd: Int32, pipeline: Int, firstQuery: Int) {
            self.fd = fd
            sentTimes = [UInt64](repeating: 0, count: pipeline)
            next = firstQuery
        }
    }

    /// No response for this long fails a loop's remaining connections (the server has stopped answering).
    static let stallNanos: UInt64 = 10_000_000_000

    private static func drive(
        _ share: [(index: Int, fd: Int32)], lines: [[UInt8]], pipeline: Int, endNanos: UInt64, limit: Int?
    ) -> LoopResult {
        var result = LoopResult()
        var flows = share.map { Flow(fd: $0.fd, pipeline: pipeline, firstQuery: $0.index % lines.count) }
        let epollFD = cedd_epoll_create()
        guard epollFD >= 0 else {
            result.failedConnections = flows.count
            return result
        }
        defer { close(epollFD) }
        var outgoing: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var events = [cedd_epoll_event](repeating: cedd_epoll_event(), count: 256)
        var openFlows = flows.count

        func fail(_ k: Int) {
            guard flows[k].open else { return }
            flows[k].open = false
            _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_DEL, flows[k].fd, 0, 0)
            result.failedConnections += 1
            openFlows -= 1
        }

        /// Flow `k` has had every request it may send answered: it leaves the loop without failing.
        func finishIfDone(_ k: Int) {
            guard let limit, flows[k].open, flows[k].head >= limit else { return }
            flows[k].open = false
            _ = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_DEL, flows[k].fd, 0, 0)
            openFlows -= 1
        }

        func send(_ k: Int, _ wanted: Int, now: UInt64) -> Bool {
            let count = limit.map { min(wanted, $0 - flows[k].tail) } ?? wanted
            guard count > 0 else { return true }
            outgoing.removeAll(keepingCapacity: true)
            for _ in 0..<count {
                outgoing.append(contentsOf: lines[flows[k].next])
                flows[k].next = (flows[k].next + 1) % lines.count
                flows[k].sentTimes[flows[k].tail % pipeline] = now
                flows[k].tail += 1
            }
            do {
                // Blocking writes never wait here: at most `pipeline` requests are ever unanswered.
                try outgoing.withUnsafeBytes { try Socket.writeAll(flows[k].fd, $0) }
                return true
            } catch {
                return false
            }
        }

        /// Reads what arrived on flow `k`, records each complete response and sends as many new requests.
        func receive(_ k: Int) {
            let n = chunk.withUnsafeMutableBytes { recv(flows[k].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { return }
            guard n > 0 else { return fail(k) }
            let now = monotonicNanos()
            let (completed, errors) = chunk.withUnsafeBytes {
                flows[k].scanner.scan(UnsafeRawBufferPointer(rebasing: $0[0..<n]))
            }
            for _ in 0..<completed {
                result.latency.record(now &- flows[k].sentTimes[flows[k].head % pipeline])
                flows[k].head += 1
            }
            result.errors += UInt64(errors)
            result.responses += UInt64(completed)
            if completed > 0 && now < endNanos && !send(k, completed, now: now) { fail(k) }
            finishIfDone(k)
        }

        let start = monotonicNanos()
        for k in flows.indices {
            let registered = cedd_epoll_ctl(epollFD, CEDD_EPOLL_CTL_ADD, flows[k].fd, CEDD_EPOLLIN, UInt64(k)) == 0
            if !registered || !send(k, pipeline, now: start) { fail(k) }
            finishIfDone(k)
        }
        var lastProgress = start
        while openFlows > 0 {
            let n = events.withUnsafeMutableBufferPointer {
                cedd_epoll_wait(epollFD, $0.baseAddress, Int32($0.count), 100)
            }
            if n < 0 && errno != EINTR { break }
            let before = result.responses
            for i in 0..<max(0, Int(n)) { receive(Int(events[i].data)) }
            let now = monotonicNanos()
            if result.responses != before { lastProgress = now }
            if now >= endNanos { break }
            if now &- lastProgress > stallNanos {
                for k in flows.indices { fail(k) }
            }
        }
        return result
    }
}
