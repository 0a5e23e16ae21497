import EDDCore

/// A strict, allocation-light JSON parser for one request line.
///
/// It produces a flat array of ``JSONToken``s in document order where every object and array
/// records where its subtree ends, so lookups skip whole values without recursion. Strings are validated
/// (escapes, surrogate pairs, UTF-8) while parsing but decoded only when asked for, and numbers are kept
/// as their text: most of a request's bytes are never copied twice.
///
/// Grammar is RFC 8259 with no extensions; depth is limited to ``maximumDepth`` so hostile input cannot
/// exhaust the stack. Every byte sequence either parses or throws ``JSONParseError``.
public enum JSONReader {
    /// The deepest nesting of objects and arrays accepted (the protocol needs 3).
    public static let maximumDepth = 64

    /// Parses `bytes` and calls `body` with a view over them (no copy of the text; the view is valid only
    /// inside `body`): the request path's way in.
    ///
    /// - Throws: ``JSONParseError`` from parsing, or what `body` throws (as `Failure`).
    public static func withView<R, Failure: Error>(
        of bytes: UnsafeBufferPointer<UInt8>, mapError: (JSONParseError) -> Failure,
        _ body: (JSONView) throws(Failure) -> R
    ) throws(Failure) -> R {
        let tokens: [JSONToken]
        do throws(JSONParseError) { tokens = try tokenize(bytes) } catch { throw mapError(error) }
        let result: Result<R, Failure> = tokens.withUnsafeBufferPointer { t in
            do throws(Failure) { return .success(try body(JSONView(tokens: t, bytes: bytes))) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The most tokens `count` bytes can produce, even when parsing fails part-way: every token starts at a
    /// byte of its own.
    static func tokenCapacity(bytes count: Int) -> Int { max(count, 1) }

    static func tokenize(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> [JSONToken] {
        guard buffer.count < Int(Int32.max) else { throw JSONParseError(offset: 0, reason: .tooLarge) }
        // Tokens are written straight into storage sized for the worst case: one allocation, no growth checks.
        var failure: JSONParseError?
        let tokens = [JSONToken](unsafeUninitializedCapacity: tokenCapacity(bytes: buffer.count)) { storage, count in
            var parser = Parser(b: buffer, tokens: storage.baseAddress!)
            do throws(JSONParseError) {
                parser.skipWhitespace()
                guard parser.i < buffer.count else { throw JSONParseError(offset: parser.i, reason: .empty) }
                try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                guard parser.i == buffer.count else { throw JSONParseError(offset: parser.i, reason: .trailingData) }
            } catch {
                failure = error
            }
            count = parser.count
        }
        if let failure { throw failure }
        return tokens
    }
}

extension JSONReader {
    /// The recursive-descent state: the input, the read position and the tokens so far.
    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        /// Storage for ``JSONReader/tokenCapacity(bytes:)`` tokens, of which the first `count` are written.
        let tokens: UnsafeMutablePointer<JSONToken>
        var count = 0

        init(b: UnsafeBufferPointer<UInt8>, tokens: UnsafeMutablePointer<JSONToken>) {
            self.b = b
            self.tokens = tokens
        }

        @inline(__always)
        mutating func append(_ token: JSONToken) {
            (tokens + count).initialize(to: token)
            count += 1
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

        mutating func parseValue(depth: Int) throws(JSONParseError) {
            skipWhitespace()
            guard i < b.count else { throw fail(.unexpectedEnd) }
            switch b[i] {
            case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): try parseString()
            case UInt8(ascii: "t"): try parseLiteral("true", .true)
            case UInt8(ascii: "f"): try parseLiteral("false", .false)
            case UInt8(ascii: "n"): try parseLiteral("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
            default: throw fail(.unexpectedByte)
            }
        }

        mutating func parseLiteral(_ word: StaticString, _ kind: JSONKind) throws(JSONParseError) {
            let start = i
            let n = word.utf8CodeUnitCount
            guard b.count - i >= n else { throw fail(.invalidLiteral) }
            let p = word.utf8Start
            for k in 0..<n where b[i + k] != p[k] { throw fail(.invalidLiteral, at: i + k) }
            i += n
            append(JSONToken(kind: kind, start: start, end: i, next: count + 1))
        }

        mutating func parseObject(depth: Int) throws(JSONParseError) {
            guard depth <= JSONReader.maximumDepth else { throw fail(.tooDeep) }
            let me = count
            append(JSONToken(kind: .object, start: i, end: i, next: 0))
            i += 1
            var members: Int32 = 0
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    skipWhitespace()
                    guard i < b.count else { throw fail(.unexpectedEnd) }
                    guard b[i] == UInt8(ascii: "\"") else { throw fail(.expectedKey) }
                    try parseString()
                    skipWhitespace()
                    guard i < b.count else { throw fail(.unexpectedEnd) }
                    guard b[i] == UInt8(ascii: ":") else { throw fail(.expectedColon) }
                    i += 1
                    try parseValue(depth: depth)
                    members += 1
                    skipWhitespace()
                    guard i < b.count else { throw fail(.unexpectedEnd) }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if b[i] == UInt8(ascii: "}") {
                        i += 1
                        break
                    } else {
                        throw fail(.expectedCommaOrBrace)
                    }
                }
            }
            tokens[me].end = Int32(truncatingIfNeeded: i)
            tokens[me].next = Int32(truncatingIfNeeded: count)
            tokens[me].count = members
        }

        mutating func parseArray(depth: Int) throws(JSONParseError) {
            guard depth <= JSONReader.maximumDepth else { throw fail(.tooDeep) }
            let me = count
            append(JSONToken(kind: .array, start: i, end: i, next: 0))
            i += 1
            var elements: Int32 = 0
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "]") {
                i += 1
            } else {
                while true {
                    try parseValue(depth: depth)
                    elements += 1
                    skipWhitespace()
                    guard i < b.count else { throw fail(.unexpectedEnd) }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if b[i] == UInt8(ascii: "]") {
                        i += 1
                        break
                    } else {
                        throw fail(.expectedCommaOrBracket)
                    }
                }
            }
            tokens[me].end = Int32(truncatingIfNeeded: i)
            tokens[me].next = Int32(truncatingIfNeeded: count)
            tokens[me].count = elements
        }

        mutating func parseNumber() throws(JSONParseError) {
            let start = i
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
            append(JSONToken(kind: .number, start: start, end: i, next: count + 1))
        }

        /// Validates a string starting at its opening quote; the token covers the content between the quotes.
        mutating func parseString() throws(JSONParseError) {
            let quote = i
            let start = i + 1
            let n = b.count
            let p = b.baseAddress!  // Non-nil: b[i] is the quote.
            var j = start
            var escaped = false
            while true {
                // Plain printable ASCII is nearly all of a request: skip eight bytes at a time while no byte
                // is a quote, a backslash, a control character or non-ASCII (classic SWAR zero-byte tests).
                // Borrows only carry upwards, so the lowest flagged byte is a true hit: jump straight to it.
                while n - j >= 8 {
                    let x = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                    let q = x ^ 0x2222_2222_2222_2222
                    let s = x ^ 0x5C5C_5C5C_5C5C_5C5C
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let hits =
                        (((q &- ones) & ~q) | ((s &- ones) & ~s) | (x &- 0x2020_2020_2020_2020) | x)
                        & 0x8080_8080_8080_8080
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
                    try parseEscape()
                } else if c < 0x20 {
                    throw fail(.controlCharacter)
                } else {
                    try validateUTF8Sequence()
                }
                j = i
            }
            var token = JSONToken(kind: .string, start: start, end: j, next: count + 1)
            token.escaped = escaped
            append(token)
            i = j + 1
        }

        mutating func parseEscape() throws(JSONParseError) {
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

        /// Checks one multi-byte UTF-8 sequence at `i` (RFC 3629 table: no overlongs, no surrogates, ≤ U+10FFFF).
        mutating func validateUTF8Sequence() throws(JSONParseError) {
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

    /// The value of four hex digits at `start`, or nil.
    static func hex4(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32? {
        guard start >= 0, start + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for k in start..<(start + 4) {
            let c = b[k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - 55
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
