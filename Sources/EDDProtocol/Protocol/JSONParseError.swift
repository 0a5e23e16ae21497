import EDDCore

/// Why a line is not valid JSON, and where (byte offset from the start of the line).
///
/// The reader never crashes on bad input; every failure ends up here, so the daemon can answer
/// `invalid_json` with a message that points at the offending byte.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: String, Hashable, Sendable {
        case empty = "no JSON value"
        case unexpectedEnd = "unexpected end of input"
        case unexpectedByte = "unexpected character"
        case expectedKey = "expected a string key"
        case expectedColon = "expected ':' after a key"
        case expectedCommaOrBrace = "expected ',' or '}'"
        case expectedCommaOrBracket = "expected ',' or ']'"
        case invalidLiteral = "invalid literal (expected true, false or null)"
        case invalidNumber = "invalid number"
        case leadingZero = "leading zero in a number"
        case unterminatedString = "unterminated string"
        case controlCharacter = "unescaped control character in a string"
        case invalidEscape = "invalid escape sequence"
        case invalidSurrogate = "invalid UTF-16 surrogate in a \\u escape"
        case invalidUTF8 = "invalid UTF-8"
        case tooDeep = "nesting too deep"
        case trailingData = "unexpected data after the JSON value"
        case tooLarge = "input too large"
    }

    /// Byte offset (0-based) at which the problem was detected.
    public var offset: Int
    /// What went wrong.
    public var reason: Reason

    /// Creates an error at `offset`.
    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// For example `unexpected character at byte 12`.
    public var description: String { "\(reason.rawValue) at byte \(offset)" }
}
