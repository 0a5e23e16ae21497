import EDDCore

/// A validating walk over one line's JSON: the primitives the single-pass ``RequestDecoder`` reads it with.
///
/// The grammar, the checks and their order are ``JSONReader``'s, so a line that is not valid JSON fails with the
/// same ``JSONParseError`` (reason and byte offset) whichever of the two reads it; ``RequestDecoderTests``
/// holds the two to that. Nothing is stored: strings come back as ``Span``s into the line, and values the
/// decoder does not interpret are validated and skipped.
struct RequestScanner {
    // Spans and items keep their offsets as 32 bits (a line is read only when shorter than Int32.max bytes):
    // the decoder's fields hold a few dozen of them, cleared and copied once a request, in half the bytes.

    /// A string's content between its quotes, and whether it has escapes (then it must be unescaped to be read).
    struct Span {
        private var lower: Int32
        private var upper: Int32
        var escaped: Bool

        var start: Int { Int(lower) }
        var end: Int { Int(upper) }

        init(start: Int, end: Int, escaped: Bool) {
            lower = Int32(truncatingIfNeeded: start)
            upper = Int32(truncatingIfNeeded: end)
            self.escaped = escaped
        }
    }

    /// One value as met: its kind and where its text is (for strings the content between the quotes).
    struct Item {
        var kind: JSONKind
        var escaped: Bool
        private var lower: Int32
        private var upper: Int32

        var start: Int { Int(lower) }
        var end: Int { Int(upper) }
        var span: Span { Span(start: start, end: end, escaped: escaped) }

        init(kind: JSONKind, start: Int, end: Int, escaped: Bool = false) {
            self.kind = kind
            self.escaped = escaped
            lower = Int32(truncatingIfNeeded: start)
            upper = Int32(truncatingIfNeeded: end)
        }
    }

    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>) {
        self.b = b
    }

    func fail(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? i, reason: reason)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < b.count {
            let c = b[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    /// The first byte of the next value (after whitespace), not consumed.
    @inline(__always)
    mutating func valueStart() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard i < b.count else { throw fail(.unexpectedEnd) }
        return b[i]
    }

    /// Reads any value: strings and numbers are located, literals checked, objects and arrays validated whole.
    @inline(__always)
    mutating func item(depth: Int) throws(JSONParseError) -> Item {
        let first = try valueStart()
        let start = i
        switch first {
        case UInt8(ascii: "\""):
            let s = try string()
            return Item(kind: .string, start: s.start, end: s.end, escaped: s.escaped)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return Item(kind: .number, start: start, end: i)
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
            return Item(kind: .object, start: start, end: i)
        case UInt8(ascii: "["):
            try skipArray(depth: depth + 1)
            return Item(kind: .array, start: start, end: i)
        case UInt8(ascii: "t"):
            try literal("true")
            return Item(kind: .true, start: start, end: i)
        case UInt8(ascii: "f"):
            try literal("false")
            return Item(kind: .false, start: start, end: i)
        case UInt8(ascii: "n"):
            try literal("null")
            return Item(kind: .null, start: start, end: i)
        default: throw fail(.unexpectedByte)
        }
    }

    /// Validates and skips any value (``JSONReader``'s `parseValue`).
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        _ = try item(depth: depth)
    }

    /// Reads the literal `word` (`true`, `false` or `null`) at `i`: its first four bytes compared as one word,
    /// then the fifth if it has one; byte by byte only when they differ, to report where (and for any other
    /// length).
    @inline(__always)
    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let p = word.utf8Start
        if n == 4 || n == 5, b.count - i >= n,
            UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt32.self)
                == UnsafeRawPointer(p).loadUnaligned(as: UInt32.self), n == 4 || b[i + 4] == p[4]
        {
            i += n
            return
        }
        guard b.count - i >= n else { throw fail(.invalidLiteral) }
        for k in 0..<n where b[i + k] != p[k] { throw fail(.invalidLiteral, at: i + k) }
        i += n
    }

    /// At `{`: enters the object. Returns whether it has members (false: the closing brace is consumed too).
    @inline(__always)
    mutating func beginObject(depth: Int) throws(JSONParseError) -> Bool {
        guard depth <= JSONReader.maximumDepth else { throw fail(.tooDeep) }
        i += 1
        skipWhitespace()
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
            return false
        }
        return true
    }

    /// Reads a member's key and the colon after it.
    @inline(__always)
    mutating func key() throws(JSONParseError) -> Span {
        skipWhitespace()
        guard i < b.count else { throw fail(.unexpectedEnd) }
        guard b[i] == UInt8(ascii: "\"") else { throw fail(.expectedKey) }
        let key = try string()
        try colon()
        return key
    }

    /// After a member's key: the colon, past whitespace.
    @inline(__always)
    mutating func colon() throws(JSONParseError) {
        skipWhitespace()
        guard i < b.count else { throw fail(.unexpectedEnd) }
        guard b[i] == UInt8(ascii: ":") else { throw fail(.expectedColon) }
        i += 1
    }

    /// The high bit of each byte of `x` that is a quote, a backslash, below 0x20 or above 0x7F (exact for the
    /// lowest such byte; bytes above it may be flagged falsely, through the subtractions' borrows).
    @inline(__always)
    static func specialBytes(_ x: UInt64) -> UInt64 {
        let q = x ^ 0x2222_2222_2222_2222
        let s = x ^ 0x5C5C_5C5C_5C5C_5C5C
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (((q &- ones) & ~q) | ((s &- ones) & ~s) | (x &- 0x2020_2020_2020_2020) | x) & 0x8080_8080_8080_8080
    }

    /// After a member's value: whether another member follows (`,` consumed) or the object ends (`}` consumed).
    @inline(__always)
    mutating func nextMember() throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard i < b.count else { throw fail(.unexpectedEnd) }
        if b[i] == UInt8(ascii: ",") {
            i += 1
            return true
        }
        guard b[i] == UInt8(ascii: "}") else { throw fail(.expectedCommaOrBrace) }
        i += 1
        return false
    }

    /// At `[`: enters the array. Returns whether it has elements (false: the closing bracket is consumed too).
    @inline(__always)
    mutating func beginArray(depth: Int) throws(JSONParseError) -> Bool {
        guard depth <= JSONReader.maximumDepth else { throw fail(.tooDeep) }
        i += 1
        skipWhitespace()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
            return false
        }
        return true
    }

    /// After an element: whether another follows (`,` consumed) or the array ends (`]` consumed).
    @inline(__always)
    mutating func nextElement() throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard i < b.count else { throw fail(.unexpectedEnd) }
        if b[i] == UInt8(ascii: ",") {
            i += 1
            return true
        }
        guard b[i] == UInt8(ascii: "]") else { throw fail(.expectedCommaOrBracket) }
        i += 1
        return false
    }

    mutating func skipObject(depth: Int) throws(JSONParseError) {
        guard try beginObject(depth: depth) else { return }
        repeat {
            _ = try key()
            try skipValue(depth: depth)
        } while try nextMember()
    }

    mutating func skipArray(depth: Int) throws(JSONParseError) {
        guard try beginArray(depth: depth) else { return }
        repeat { try skipValue(depth: depth) } while try nextElement()
    }

    /// Validates a number at `i` (``JSONReader``'s rules and offsets).
    @inline(__always)
    mutating func number() throws(JSONParseError) {
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, b[i] &- 48 < 10 else { throw fail(.invalidNumber) }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if i < b.count, b[i] &- 48 < 10 { throw fail(.leadingZero) }
        } else {
            while i < b.count, b[i] &- 48 < 10 { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count, b[i] &- 48 < 10 else { throw fail(.invalidNumber) }
            while i < b.count, b[i] &- 48 < 10 { i += 1 }
        }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, b[i] &- 48 < 10 else { throw fail(.invalidNumber) }
            while i < b.count, b[i] &- 48 < 10 { i += 1 }
        }
    }

    /// Validates a string starting at its opening quote (``JSONReader``'s rules and offsets).
    @inline(__always)
    mutating func string() throws(JSONParseError) -> Span {
        let quote = i
        let start = i + 1
        let n = b.count
        let p = b.baseAddress!  // Non-nil: b[i] is the quote.
        var j = start
        var escaped = false
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII
            // (see JSONReader.Parser.parseString).
            while n - j >= 8 {
                let hits = Self.specialBytes(
                    UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)))
                guard hits == 0 else {
                    j += hits.trailingZeroBitCount >> 3
                    break
                }
                j += 8
            }
            while j < n {
                let c = p[j]
                guard c != UInt8(ascii: "\\"), c != UInt8(ascii: "\""), c &- 0x20 < 0x60 else { break }
                j += 1
            }
            guard j < n else { throw fail(.unterminatedString, at: quote) }
            let c = p[j]
            if c == UInt8(ascii: "\"") { break }
            i = j
            if c == UInt8(ascii: "\\") {
                escaped = true
                try escape()
            } else if c < 0x20 {
                throw fail(.controlCharacter)
            } else {
                try utf8Sequence()
            }
            j = i
        }
        i = j + 1
        return Span(start: start, end: j, escaped: escaped)
    }

    mutating func escape() throws(JSONParseError) {
        guard i + 1 < b.count else { throw fail(.unterminatedString) }
        switch b[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 2
        case UInt8(ascii: "u"):
            guard let unit = JSONReader.hex4(b, i + 2) else { throw fail(.invalidEscape) }
            if unit >= 0xDC00, unit <= 0xDFFF { throw fail(.invalidSurrogate) }
            if unit >= 0xD800, unit <= 0xDBFF {
                guard i + 7 < b.count, b[i + 6] == UInt8(ascii: "\\"), b[i + 7] == UInt8(ascii: "u"),
                    let low = JSONReader.hex4(b, i + 8), low >= 0xDC00, low <= 0xDFFF
                else { throw fail(.invalidSurrogate) }
                i += 12
            } else {
                i += 6
            }
        default:
            throw fail(.invalidEscape)
        }
    }

    /// Checks one multi-byte UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    mutating func utf8Sequence() throws(JSONParseError) {
        let c = b[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: throw fail(.invalidUTF8)
        }
        guard b.count - i >= length else { throw fail(.invalidUTF8) }
        guard b[i + 1] >= low, b[i + 1] <= high else { throw fail(.invalidUTF8, at: i + 1) }
        for k in 2..<length where b[i + k] & 0xC0 != 0x80 { throw fail(.invalidUTF8, at: i + k) }
        i += length
    }
}
