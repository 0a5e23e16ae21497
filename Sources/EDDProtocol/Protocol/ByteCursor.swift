import EDDCore

/// A write position in memory reserved beforehand: the response encoders write through it without checks.
///
/// Appending to an `Array` byte by byte or fragment by fragment checks uniqueness and capacity every time;
/// a response is dozens of fragments. Instead, ``Swift/Array/appendWithCursor(atMost:_:)`` grows the array
/// once by an upper bound of what will be written (``ResponseBound``) and hands out a cursor into the new room.
/// In release builds the cursor does not check: the bound is derived by running the same writer over a
/// ``ResponseBound``, and `appendWithCursor` verifies it after writing. Debug builds (and so the tests) check
/// every write against the room's end, so an overrun stops at the write that caused it.
struct ByteCursor {
    /// Where the next byte goes; a writer that fills bytes in place advances it past them.
    var position: UnsafeMutablePointer<UInt8>
    /// The end of the room reserved for this cursor.
    let end: UnsafeMutablePointer<UInt8>

    /// Creates a cursor writing at `position`, with room up to `end`.
    init(position: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) {
        self.position = position
        self.end = end
    }

    /// Checks, in debug builds, that `count` more bytes fit.
    @inline(__always)
    func reserve(_ count: Int) {
        assert(end - position >= count, "a response overran its bound by \(count - (end - position)) bytes")
    }

    /// Writes one byte.
    @inline(__always)
    mutating func write(_ byte: UInt8) {
        reserve(1)
        position.initialize(to: byte)
        position += 1
    }

    /// Writes a static fragment such as `,"ok":true`.
    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes bytes as they are.
    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// Writes bytes as they are (e.g. a request id's original JSON text).
    @inline(__always)
    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    /// Writes `count` copies of `byte`.
    @inline(__always)
    mutating func write(repeating byte: UInt8, count: Int) {
        reserve(count)
        position.initialize(repeating: byte, count: count)
        position += count
    }
}

extension Array where Element == UInt8 {
    /// Appends what `body` writes through a cursor, having grown the array once by `bound` bytes.
    ///
    /// - Parameters:
    ///   - bound: The most bytes `body` may write. Writing more is a programming error: it is caught
    ///     (the process stops) right after `body` returns.
    ///   - body: Writes the bytes.
    @inline(__always)
    mutating func appendWithCursor(atMost bound: Int, _ body: (inout ByteCursor) -> Void) {
        append(addingCapacity: bound) { span in
            span.withUnsafeMutableBufferPointer { buffer, initializedCount in
                let start = buffer.baseAddress! + initializedCount
                var cursor = ByteCursor(position: start, end: start + bound)
                body(&cursor)
                let written = cursor.position - start
                precondition(written <= bound, "wrote \(written) bytes into room for \(bound)")
                initializedCount += written
            }
        }
    }
}
