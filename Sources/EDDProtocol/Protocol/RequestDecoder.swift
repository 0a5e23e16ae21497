import EDDCore

/// Turns one request line into a ``DecodedRequest``, or an error that names the field.
///
/// One pass over the bytes (``RequestScanner``): keys are matched as they are met, the protocol's values read
/// where they stand, everything else validated and skipped; no tokens, no `JSONDecoder`, no dictionaries.
/// The checks then run in a fixed order once the whole line is known to be JSON, so the first error reported
/// does not depend on where in the line a field stands. Unknown fields are ignored and `null` counts as absent,
/// so clients can send a superset of the protocol; a field given twice counts as its last value. Even when
/// decoding fails, the `id` is recovered whenever the line was an object with a string or number `id`, so the
/// error response can echo it.
public enum RequestDecoder {
    /// Most `quantiles` levels one request may ask for.
    public static let maximumQuantiles = 99
    /// Most entries in `options`.
    public static let maximumOptions = 16
    /// Most entries in `scans`.
    public static let maximumScans = 256
    /// Most days between any two dates of one request (`order_time`, `ship_time`, `now`, `promised`,
    /// `scans[].time`, each by the date written): three years.
    public static let maximumSpanDays = 1096

    /// Decodes one line (without its newline; a trailing `\r` is whitespace).
    ///
    /// - Throws: ``RequestDecodingError`` with `invalid_json`, `invalid_request` or `unknown_op`.
    public static func decode(_ line: UnsafeRawBufferPointer) throws(RequestDecodingError) -> DecodedRequest {
        try decode(line, memo: nil)
    }

    /// Decodes one line, taking an `edd` request's carrier, service and places from `memo` when they are
    /// written as in a request it holds (and keeping them there otherwise): the same request as without it.
    ///
    /// The request's ``DecodedRequest/routeSlot`` is then the memo's slot for its route.
    ///
    /// - Throws: ``RequestDecodingError``, as ``decode(_:)-(UnsafeRawBufferPointer)``.
    static func decode(
        _ line: UnsafeRawBufferPointer, memo: UnsafeMutablePointer<RouteMemo>?
    ) throws(RequestDecodingError) -> DecodedRequest {
        var filled = Fields(line.bindMemory(to: UInt8.self))
        try read(&filled)
        let fields = consume filled
        let id = try requestID(fields)
        do throws(ProtocolError) {
            let (request, slot) = try fields.request(memo: memo)
            var decoded = DecodedRequest(id: id, request: request)
            decoded.routeSlot = slot
            return decoded
        } catch {
            throw RequestDecodingError(id: id, error: error)
        }
    }

    /// The one pass over a line (`fields.b`), filling `fields`; throws the error when it is not JSON or not an
    /// object. (Filled in place: `Fields` is half a kilobyte, and returning it costs copies.)
    static func read(_ fields: inout Fields) throws(RequestDecodingError) {
        let bytes = fields.b
        let isObject: Bool
        do throws(JSONParseError) {
            guard bytes.count < Int(Int32.max) else { throw JSONParseError(offset: 0, reason: .tooLarge) }
            var scanner = RequestScanner(bytes)
            scanner.skipWhitespace()
            guard scanner.i < bytes.count else { throw JSONParseError(offset: scanner.i, reason: .empty) }
            isObject = bytes[scanner.i] == UInt8(ascii: "{")
            if isObject { try fields.read(&scanner) } else { try scanner.skipValue(depth: 0) }
            scanner.skipWhitespace()
            guard scanner.i == bytes.count else { throw JSONParseError(offset: scanner.i, reason: .trailingData) }
        } catch {
            throw invalidJSON(error)
        }
        guard isObject else {
            throw RequestDecodingError(id: nil, error: ProtocolError(.invalidJSON, "the line is not a JSON object"))
        }
    }

    /// Where the line's `id` is as written (quotes included), nil without one.
    ///
    /// - Throws: ``RequestDecodingError`` when it is neither a string nor a number.
    static func idText(_ fields: Fields) throws(RequestDecodingError) -> Range<Int>? {
        guard let item = fields.id else { return nil }
        switch item.kind {
        case .string: return (item.start - 1)..<(item.end + 1)
        case .number: return item.start..<item.end
        default: throw RequestDecodingError(id: nil, error: .invalidRequest("id must be a string or a number"))
        }
    }

    /// The line's `id`, as ``idText(_:)`` finds it.
    static func requestID(_ fields: Fields) throws(RequestDecodingError) -> RequestID? {
        try idText(fields).map { RequestID(json: Array(fields.b[$0])) }
    }

    static func invalidJSON(_ error: JSONParseError) -> RequestDecodingError {
        RequestDecodingError(id: nil, error: ProtocolError(.invalidJSON, "invalid JSON: \(error)"))
    }

    /// Decodes one line held in an array (not copied).
    ///
    /// - Throws: ``RequestDecodingError``.
    public static func decode(_ line: [UInt8]) throws(RequestDecodingError) -> DecodedRequest {
        let result: Result<DecodedRequest, RequestDecodingError> = line.withUnsafeBytes { bytes in
            do throws(RequestDecodingError) { return .success(try decode(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes a line given as text (tests, tools).
    ///
    /// - Throws: ``RequestDecodingError``.
    public static func decode(_ line: String) throws(RequestDecodingError) -> DecodedRequest {
        try decode(Array(line.utf8))
    }
}
