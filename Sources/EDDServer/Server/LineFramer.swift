import EDDCore
import EDDProtocol
import Glibc

/// Splits a byte stream into request lines, enforcing the line-length limit (PROTOCOL.md "Framing").
///
/// A value type with no I/O so that the framing can be tested and fuzzed apart from sockets. The caller
/// owns the buffer: it passes the unconsumed bytes, takes frames until ``next(in:at:)`` returns nil, keeps
/// the bytes from the returned position on, and appends the next chunk to them. A line longer than the
/// limit yields one ``Frame/tooLong`` and is skipped up to its newline, even when that newline arrives many
/// chunks later, so a client cannot make the server buffer more than the limit.
public struct LineFramer: Sendable {
    /// One framing result.
    public enum Frame: Equatable, Sendable {
        /// A complete line: the byte range within the buffer, without its `\n` (and without a `\r` before it).
        case line(Range<Int>)
        /// A line over the limit: answer `line_too_long` once; the rest of it up to its newline is skipped.
        case tooLong
    }

    /// The longest line accepted, in bytes, without the line ending.
    public let maxLineBytes: Int
    /// Whether the rest of an over-long line is being skipped up to its newline.
    public private(set) var discarding = false

    /// Creates a framer for lines of at most `maxLineBytes` bytes.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// The next frame in `bytes[position...]`, advancing `position` past it.
    ///
    /// - Parameters:
    ///   - bytes: the unconsumed input.
    ///   - position: where to continue; on return, the first byte not consumed. When nil is returned the
    ///     caller must keep `bytes[position...]` (a partial line) for the next call.
    /// - Returns: a frame, or nil when no complete frame remains.
    public mutating func next(in bytes: UnsafeRawBufferPointer, at position: inout Int) -> Frame? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        while position < count {
            let newline = memchr(base + position, 0x0A, count - position)
            if discarding {
                guard let newline else {
                    position = count
                    return nil
                }
                position = base.distance(to: UnsafeRawPointer(newline)) + 1
                discarding = false
                continue
            }
            guard let newline else {
                // A partial line: keep it unless it is already too long (one byte spare for a `\r`).
                guard count - position > maxLineBytes + 1 else { return nil }
                discarding = true
                position = count
                return .tooLong
            }
            let lineEnd = base.distance(to: UnsafeRawPointer(newline))
            let start = position
            var end = lineEnd
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            position = lineEnd + 1
            return end - start > maxLineBytes ? .tooLong : .line(start..<end)
        }
        return nil
    }
}
