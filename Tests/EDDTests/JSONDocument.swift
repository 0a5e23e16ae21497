@testable import EDDProtocol

// The tests' owning JSON document: a parsed text that keeps its bytes, so tests can hold it, index it and
// pass it around. The library itself only reads through ``JSONView`` over the caller's bytes
// (``JSONReader/withView(of:mapError:_:)``), so this convenience lives with the tests that need it.

/// A parsed JSON text: the original bytes and a flat token array (see ``JSONReader``).
///
/// Values are addressed by token index; ``root`` is 0. Members of an object are (key, value) token pairs
/// in document order; duplicate keys are kept, and lookups return the last one, as most parsers do.
/// Hot code reads through ``withView(_:)``, which works on raw pointers and so does no reference counting.
public struct JSONDocument: Sendable {
    /// The text the document was parsed from.
    public let bytes: [UInt8]
    let tokens: [JSONToken]

    fileprivate init(bytes: [UInt8], tokens: [JSONToken]) {
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

extension JSONReader {
    /// Parses one JSON value (surrounded by optional whitespace) from raw bytes.
    ///
    /// - Parameter bytes: The complete text; the bytes are copied into the document.
    /// - Returns: The parsed document.
    /// - Throws: ``JSONParseError`` with the byte offset and reason of the first problem.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONDocument {
        let tokens = try tokenize(bytes.bindMemory(to: UInt8.self))
        return JSONDocument(bytes: [UInt8](bytes), tokens: tokens)
    }

    /// Parses one JSON value from a byte array (kept by reference, not copied).
    ///
    /// - Throws: ``JSONParseError`` with the byte offset and reason of the first problem.
    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONDocument {
        let result: Result<[JSONToken], JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) { return .success(try tokenize(buffer)) } catch { return .failure(error) }
        }
        return JSONDocument(bytes: bytes, tokens: try result.get())
    }

    /// Parses the UTF-8 of a string (convenient in tests and tools).
    ///
    /// - Throws: ``JSONParseError``.
    static func parse(_ text: String) throws(JSONParseError) -> JSONDocument {
        try parse(Array(text.utf8))
    }

}
