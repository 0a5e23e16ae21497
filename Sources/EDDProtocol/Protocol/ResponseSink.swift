import EDDCore

/// Where a response writer's bytes go: a ``ByteCursor`` that writes them, or a ``ResponseBound`` that adds up
/// the most bytes they can take.
///
/// Each response line is written by one generic function run twice: first over a ``ResponseBound`` to learn
/// the room it needs, then over a cursor into exactly that room. The bound is therefore derived from the very
/// literals and values the writer writes; nothing is counted by hand, and editing a literal cannot break it.
protocol ResponseSink {
    /// One byte.
    mutating func write(_ byte: UInt8)
    /// A static fragment such as `,"ok":true`.
    mutating func write(_ text: StaticString)
    /// Bytes as they are (a request id's original JSON text).
    mutating func write(_ bytes: [UInt8])
    /// Bytes as they are, where they stand (a request id's text in the request line).
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
    /// A quoted, escaped string.
    mutating func string(_ text: String)
    /// A quoted `YYYY-MM-DD` date.
    mutating func date(_ date: CivilDate)
    /// The shortest decimal that reads back as `value`, or `null`.
    mutating func number(_ value: Double)
    /// `value` with at most `decimals` decimals, or `null`.
    mutating func number(_ value: Double, decimals: Int)
    /// `true` or `false`.
    mutating func bool(_ value: Bool)
}

extension ResponseSink {
    /// A probability: at most four decimals.
    @inline(__always)
    mutating func probability(_ value: Double) {
        number(value, decimals: 4)
    }
}

extension ByteCursor: ResponseSink {}

/// The worst-case byte count of what a response writer writes: literals count their bytes, values the most
/// their encoding can take (``ByteCursor/maxStringBytes(_:)``, ``ByteCursor/maxDateBytes``,
/// ``ByteCursor/maxNumberBytes``).
struct ResponseBound: ResponseSink {
    /// The bytes counted so far.
    private(set) var count = 0

    @inline(__always) mutating func write(_ byte: UInt8) { count += 1 }
    @inline(__always) mutating func write(_ text: StaticString) { count += text.utf8CodeUnitCount }
    @inline(__always) mutating func write(_ bytes: [UInt8]) { count += bytes.count }
    @inline(__always) mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
    @inline(__always) mutating func string(_ text: String) { count += ByteCursor.maxStringBytes(text) }
    @inline(__always) mutating func date(_ date: CivilDate) { count += ByteCursor.maxDateBytes }
    @inline(__always) mutating func number(_ value: Double) { count += ByteCursor.maxNumberBytes }
    @inline(__always) mutating func number(_ value: Double, decimals: Int) { count += ByteCursor.maxNumberBytes }
    @inline(__always) mutating func bool(_ value: Bool) { count += 5 }
}
