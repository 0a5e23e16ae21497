import CEDDSystem
import Glibc

/// Counts the response lines in a byte stream, and those among them that say `"ok":false`, without parsing
/// them: the load generator's per-response work, kept as small as `redis-benchmark`'s reading of a reply's
/// type so that a side-by-side run measures the servers rather than the client.
///
/// Lines are found with `memchr` and checked in place with `memmem`; only a line split across reads is
/// copied, to be checked whole once its end arrives. `"ok":false` cannot occur inside a JSON string (its
/// quotes would be escaped there), so finding it anywhere in the line is the same as reading `ok`.
struct ResponseScanner {
    /// The start of a line whose end has not arrived yet.
    private var partial: [UInt8] = []

    private static let okFalse: [UInt8] = Array(#""ok":false"#.utf8)

    /// Takes the next bytes of the stream.
    /// - Returns: how many lines they complete, and how many of those are error responses.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> (lines: Int, errors: Int) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        var lines = 0
        var errors = 0
        var start = 0
        while start < bytes.count, let newline = memchr(base + start, 0x0A, bytes.count - start) {
            let end = base.distance(to: UnsafeRawPointer(newline))
            if partial.isEmpty {
                if Self.isError(UnsafeRawBufferPointer(start: base + start, count: end - start)) { errors += 1 }
            } else {
                partial.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
                if partial.withUnsafeBytes(Self.isError) { errors += 1 }
                partial.removeAll(keepingCapacity: true)
            }
            lines += 1
            start = end + 1
        }
        if start < bytes.count {
            partial.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: bytes.count - start))
        }
        return (lines, errors)
    }

    private static func isError(_ line: UnsafeRawBufferPointer) -> Bool {
        okFalse.withUnsafeBytes { cedd_contains(line.baseAddress, line.count, $0.baseAddress, $0.count) != 0 }
    }
}
