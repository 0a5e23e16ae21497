import Dispatch
import Glibc
import Synchronization

/// A closed-loop load generator: one thread per connection, each keeping `pipeline` requests in flight.
///
/// Each thread sends `pipeline` requests, then whenever responses arrive records their latencies (from the
/// send time of the matching request, responses being in order) and sends as many new requests in one
/// write. Requests cycle through `queries`.
public enum LoadGenerator {
    /// Runs the load and returns what was measured.
    /// - Parameters:
    ///   - address: `HOST:PORT`, `unix:/path` or `/path`.
    ///   - connections: concurrent connections (one thread each).
    ///   - pipeline: requests in flight per connection (1 = request/response).
    ///   - duration: how long to send.
    ///   - queries: request lines (a trailing `\n` is added when missing).
    /// - Throws: ``SystemError`` when the address is malformed or no connection can be opened.
    public static func run(
        address: String, connections: Int, pipeline: Int, duration: Duration, queries: [[UInt8]]
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
        // One slot per thread, read after joining it: pthread_join orders the write before the read (also for
        // ThreadSanitizer, which does not see the futex inside Synchronization.Mutex on Linux).
        let slots = fds.map { _ in ResultSlot() }
        let threads = fds.enumerated().map { i, fd in
            OSThread.start { [slot = slots[i]] in
                slot.result = drive(fd: fd, lines: lines, firstQuery: i, pipeline: depth, endNanos: endNanos)
                close(fd)
            }
        }
        for thread in threads { thread.join() }
        let results = slots.map(\.result)
        let seconds = Double(monotonicNanos() &- startNanos) / 1e9
        var report = LoadReport(
            connections: fds.count, pipeline: depth, responses: 0, errorResponses: 0, connectionErrors: 0,
            seconds: seconds, latency: LatencyHistogram())
        for result in results {
            report.responses += result.responses
            report.errorResponses += result.errors
            if result.failed { report.connectionErrors += 1 }
            report.latency.merge(result.latency)
        }
        return report
    }

    /// Where one connection's thread leaves its result.
    final class ResultSlot: @unchecked Sendable {
        // Invariant: written only by its connection's thread, read only after that thread was joined.
        var result = ConnectionResult()
    }

    struct ConnectionResult: Sendable {
        var responses: UInt64 = 0
        var errors: UInt64 = 0
        var failed = false
        var latency = LatencyHistogram()
    }

    private static let okFalse = Array(#""ok":false"#.utf8)

    private static func drive(fd: Int32, lines: [[UInt8]], firstQuery: Int, pipeline: Int, endNanos: UInt64)
        -> ConnectionResult
    {
        var result = ConnectionResult()
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sentTimes = [UInt64](repeating: 0, count: pipeline)
        var head = 0
        var tail = 0
        var next = firstQuery % lines.count
        var outgoing: [UInt8] = []
        var current: [UInt8] = []  // the response line being read, for the `ok` check
        var chunk = [UInt8](repeating: 0, count: 65536)

        func send(_ count: Int) -> Bool {
            outgoing.removeAll(keepingCapacity: true)
            let now = monotonicNanos()
            for _ in 0..<count {
                outgoing.append(contentsOf: lines[next])
                next = (next + 1) % lines.count
                sentTimes[tail % pipeline] = now
                tail += 1
            }
            do {
                try outgoing.withUnsafeBytes { try Socket.writeAll(fd, $0) }
                return true
            } catch {
                return false
            }
        }

        guard send(pipeline) else {
            result.failed = true
            return result
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                result.failed = true
                break
            }
            let now = monotonicNanos()
            var completed = 0
            var lineStart = 0
            for i in 0..<n where chunk[i] == 0x0A {
                current.append(contentsOf: chunk[lineStart..<i])
                lineStart = i + 1
                if contains(current, okFalse) { result.errors += 1 }
                current.removeAll(keepingCapacity: true)
                result.latency.record(now &- sentTimes[head % pipeline])
                head += 1
                completed += 1
            }
            current.append(contentsOf: chunk[lineStart..<n])
            result.responses += UInt64(completed)
            if now >= endNanos { break }
            if completed > 0 && !send(completed) {
                result.failed = true
                break
            }
        }
        return result
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
