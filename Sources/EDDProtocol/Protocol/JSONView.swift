import EDDCore

/// A non-owning view of a parsed JSON text (its bytes and ``JSONToken``s) over raw pointers.
///
/// Obtained from ``JSONReader/withView(of:mapError:_:)`` over the caller's bytes, and valid only inside
/// that call. Reading through it does no reference counting, which
/// is most of the cost of field access on small documents.
public struct JSONView {
    let tokens: UnsafeBufferPointer<JSONToken>
    /// The document's text.
    public let bytes: UnsafeBufferPointer<UInt8>

    init(tokens: UnsafeBufferPointer<JSONToken>, bytes: UnsafeBufferPointer<UInt8>) {
        self.tokens = tokens
        self.bytes = bytes
    }

    /// The kind of the value at `index`.
    @inline(__always)
    public func kind(_ index: Int) -> JSONKind { tokens[index].kind }

    /// Number of members (objects) or elements (arrays); 0 for scalars.
    @inline(__always)
    public func count(_ index: Int) -> Int { Int(tokens[index].count) }

    /// The value's JSON text exactly as written (strings include their quotes and escapes).
    public func rawText(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let t = tokens[index]
        if t.kind == .string { return UnsafeBufferPointer(rebasing: bytes[Int(t.start - 1)..<Int(t.end + 1)]) }
        return UnsafeBufferPointer(rebasing: bytes[Int(t.start)..<Int(t.end)])
    }

    /// The elements of the array at `index`, as token indices.
    public func elements(_ index: Int) -> Children {
        Children(tokens: tokens, position: index + 1, remaining: kind(index) == .array ? count(index) : 0)
    }

    /// The members of the object at `index`, as (key, value) token indices.
    public func members(_ index: Int) -> Members {
        Members(tokens: tokens, position: index + 1, remaining: kind(index) == .object ? count(index) : 0)
    }

    /// The value of the last member of the object at `index` named `key`, or nil.
    public func member(_ index: Int, _ key: StaticString) -> Int? {
        var found: Int?
        for (k, v) in members(index) where keyEquals(k, key) { found = v }
        return found
    }

    /// Whether the string at `index` equals `text` (after unescaping).
    public func keyEquals(_ index: Int, _ text: StaticString) -> Bool {
        let t = tokens[index]
        guard t.kind == .string else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if t.escaped { return withStringUTF8(index) { $0.elementsEqual(expected) } }
        guard Int(t.end - t.start) == expected.count else { return false }
        let start = Int(t.start)
        for k in 0..<expected.count where bytes[start + k] != expected[k] { return false }
        return true
    }

    /// How ``string(_:case:)`` maps ASCII letters.
    public enum LetterCase: Sendable {
        case preserve, lower, upper
    }

    /// The decoded text of the string at `index` (escapes resolved), with ASCII letters optionally mapped.
    ///
    /// The parser has already validated the escapes and UTF-8, so this cannot fail.
    public func string(_ index: Int, case letterCase: LetterCase = .preserve) -> String {
        withStringUTF8(index) { content in
            String(unsafeUninitializedCapacity: content.count) { out in
                for k in 0..<content.count { out[k] = JSONView.map(content[k], letterCase) }
                return content.count
            }
        }
    }

    /// The value of the number at `index` (±infinity when out of Double's range).
    public func double(_ index: Int) -> Double {
        let t = tokens[index]
        return JSONNumber.parse(UnsafeBufferPointer(rebasing: bytes[Int(t.start)..<Int(t.end)]))
    }

    /// Calls `body` with the unescaped UTF-8 of the string at `index` (no copy when it has no escapes).
    public func withStringUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let t = tokens[index]
        let content = UnsafeBufferPointer(rebasing: bytes[Int(t.start)..<Int(t.end)])
        guard t.escaped else { return body(content) }
        var out: [UInt8] = []
        JSONView.unescape(content, into: &out)
        return out.withUnsafeBufferPointer(body)
    }

    @inline(__always)
    static func map(_ c: UInt8, _ letterCase: LetterCase) -> UInt8 {
        switch letterCase {
        case .preserve: c
        case .lower: c &- 65 < 26 ? c | 0x20 : c
        case .upper: c &- 97 < 26 ? c & 0xDF : c
        }
    }

    /// Decodes validated string content (escapes already checked by the parser) into UTF-8.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        while i < b.count {
            let c = b[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = JSONReader.hex4(b, i) ?? 0xFFFD
                i += 4
                if scalar >= 0xD800, scalar <= 0xDBFF, let low = JSONReader.hex4(b, i + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)  // '"', '\\', '/'
            }
        }
    }
}

extension JSONView {
    /// Appends the UTF-8 encoding of a scalar value (surrogates were rejected by the parser).
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18 & 0x07))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Iterates the token indices of an array's elements.
    public typealias Children = JSONChildren<UnsafeBufferPointer<JSONToken>>
    /// Iterates the (key, value) token indices of an object's members.
    public typealias Members = JSONMembers<UnsafeBufferPointer<JSONToken>>
}
