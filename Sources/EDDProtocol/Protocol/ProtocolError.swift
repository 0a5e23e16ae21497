import EDDCore

/// The error codes of PROTOCOL.md, as they appear on the wire.
public enum ErrorCode: String, Sendable, CaseIterable {
    /// The line is not a JSON object.
    case invalidJSON = "invalid_json"
    /// A field is missing, of the wrong type or out of range.
    case invalidRequest = "invalid_request"
    /// `op` is not one of the known operations.
    case unknownOp = "unknown_op"
    /// The line exceeds the configured limit.
    case lineTooLong = "line_too_long"
    /// An admin operation where admin operations are not allowed.
    case notAllowed = "not_allowed"
    /// The daemon sheds load instead of queueing without bound.
    case overloaded = "overloaded"
    /// A bug; logged with the request id.
    case `internal` = "internal"
}

/// A request that cannot be answered: a stable code for programs and a message naming the field for people.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure (goes on the wire as `error.code`).
    public var code: ErrorCode
    /// One sentence naming the field and what is wrong with it (`error.message`).
    public var message: String

    /// Creates an error.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An `invalid_request` error.
    public static func invalidRequest(_ message: String) -> ProtocolError { ProtocolError(.invalidRequest, message) }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}

/// The `id` of a request, kept as its original JSON text so it is echoed byte for byte.
///
/// A string id keeps its quotes and escapes (`"c-\u0031"` comes back as written), a number its spelling (`1.50`).
public struct RequestID: Hashable, Sendable, CustomStringConvertible {
    /// The id's JSON text (a string with quotes, or a number).
    public var json: [UInt8]

    /// Wraps already-valid JSON text (a string literal with quotes, or a number).
    public init(json: [UInt8]) {
        self.json = json
    }

    /// The id's JSON text, for logs.
    public var description: String { String(decoding: json, as: UTF8.self) }
}

/// A request that failed to decode: the error, plus the id when the line was an object with a usable `id`.
public struct RequestDecodingError: Error, Hashable, Sendable {
    /// The id to echo in the error response, if one could be recovered.
    public var id: RequestID?
    /// What is wrong.
    public var error: ProtocolError

    /// Creates a decoding failure.
    public init(id: RequestID?, error: ProtocolError) {
        self.id = id
        self.error = error
    }
}
