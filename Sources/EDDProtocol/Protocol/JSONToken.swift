import EDDCore

/// The kind of a JSON value.
public enum JSONKind: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null
}

/// One value of a parsed document, in document order.
///
/// For strings `start..<end` is the content between the quotes; for everything else the value's full text.
/// `next` is the index of the token after this value's whole subtree, which makes skipping O(1).
public struct JSONToken: Sendable {
    var kind: JSONKind
    var escaped = false
    var start: Int32
    var end: Int32
    var next: Int32
    var count: Int32 = 0

    init(kind: JSONKind, start: Int, end: Int, next: Int) {
        self.kind = kind
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
        self.next = Int32(truncatingIfNeeded: next)
    }
}
