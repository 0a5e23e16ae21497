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

/// A parsed JSON text: the original bytes and a flat token array (see ``JSONReader``).
///
/// Values are addressed by token index; ``root`` is 0. Members of an object are (key, value) token pairs
/// in document order; duplicate keys are kept, and lookups return the last one, as most parsers do.
/// Hot code reads through ``withView(_:)``, which works on raw pointers and so does no reference counting.
public struct JSONDocument: Sendable {
    /// The text the document was parsed from.
    public let bytes: [UInt8]
    let tokens: [JSONToken]

    init(bytes: [UInt8], tokens: [JSONToken]) {
        self.bytes = bytes
        self.tokens = tokens
    }

    /// Calls `body` with a non-owning view of the document (valid only inside `body`).
    @inline(__always)
    public func withView<R, E: Error>(_ body: (JSONView) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = bytes.withUnsafeBufferPointer { b in
            tokens.withUnsafeBufferPointer { t in
                do throws(E) { return .success(try body(JSONView(tokens: t, bytes: b))) } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// The index of the top-level value.
    public var root: Int { 0 }

    /// The kind of the value at `index`.
    public func kind(_ index: Int) -> JSONKind { tokens[index].kind }

    /// Number of members (objects) or elements (arrays); 0 for scalars.
    public func count(_ index: Int) -> Int { Int(tokens[index].count) }

    /// The value's JSON text exactly as written (strings include their quotes and escapes).
    public func rawText(_ index: Int) -> ArraySlice<UInt8> {
        let t = tokens[index]
        if t.kind == .string { return bytes[Int(t.start - 1)..<Int(t.end + 1)] }
        return bytes[Int(t.start)..<Int(t.end)]
    }

    /// The elements of the array at `index`, as token indices.
    public func elements(_ index: Int) -> Children {
        Children(tokens: tokens, position: index + 1, remaining: tokens[index].kind == .array ? count(index) : 0)
    }

    /// The members of the object at `index`, as (key, value) token indices.
    public func members(_ index: Int) -> Members {
        Members(tokens: tokens, position: index + 1, remaining: tokens[index].kind == .object ? count(index) : 0)
    }

    /// The value of the last member of the object at `index` named `key`, or nil.
    public func member(_ index: Int, _ key: StaticString) -> Int? { withView { $0.member(index, key) } }

    /// Whether the string at `index` equals `text` (after unescaping).
    public func keyEquals(_ index: Int, _ text: StaticString) -> Bool { withView { $0.keyEquals(index, text) } }

    /// The decoded text of the string at `index` (escapes resolved), with ASCII letters optionally mapped.
    public func string(_ index: Int, case letterCase: JSONView.LetterCase = .preserve) -> String {
        withView { $0.string(index, case: letterCase) }
    }

    /// The value of the number at `index` (±infinity when out of Double's range).
    public func double(_ index: Int) -> Double { withView { $0.double(index) } }

    /// Calls `body` with the unescaped UTF-8 of the string at `index`.
    public func withStringUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withView { $0.withStringUTF8(index, body) }
    }
}

extension JSONDocument {
    /// Iterates the token indices of an array's elements.
    public typealias Children = JSONChildren<[JSONToken]>
    /// Iterates the (key, value) token indices of an object's members.
    public typealias Members = JSONMembers<[JSONToken]>
}
