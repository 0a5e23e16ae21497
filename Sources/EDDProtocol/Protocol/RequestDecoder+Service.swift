import EDDCore

/// What an `edd` answer depends on besides its route: the times, the levels asked for and the options of the
/// answer's shape (``EDDQuery``'s fields after the route ones, decoded and checked the same way).
struct EDDTerms {
    /// When the order was placed (nil with ``shipTime`` or for "now").
    var orderTime: RFC3339.Timestamp?
    /// When the parcel was handed to the carrier.
    var shipTime: RFC3339.Timestamp?
    /// The required P(delivered ≤ edd); nil for the model's default.
    var confidence: Double?
    /// Levels to answer as dates, in request order, each once.
    var quantiles: [Double]
    /// Whether to add the per-date probabilities.
    var distribution: Bool
    /// Coverage of `range`; nil for the default.
    var range: Double?
}

extension EDDTerms {
    /// The terms of a query.
    init(_ q: EDDQuery) {
        self.init(
            orderTime: q.orderTime, shipTime: q.shipTime, confidence: q.confidence, quantiles: q.quantiles,
            distribution: q.distribution, range: q.range)
    }
}

/// A line decoded for the service: an `edd` request whose route fields the memo holds, read no further than the
/// answer needs (no Strings, places or boxed ``Request``), or any other request decoded in full.
enum ServiceRequest {
    /// An `edd` request without `options` whose route fields are in the memo's `slot`; `id` is where the
    /// request's id is written in the line (quotes included), nil without one.
    case edd(id: Range<Int>?, terms: EDDTerms, slot: Int)
    /// Anything else, as ``RequestDecoder/decode(_:)-(UnsafeRawBufferPointer)`` decodes it.
    case decoded(DecodedRequest)
}

extension RequestDecoder {
    /// Decodes one line for the service: ``decode(_:memo:)`` without building what the answer does not read.
    ///
    /// The checks and their order are `decode`'s (the same functions run), so a line fails with the same error
    /// and its id; what an `.edd` result leaves out (carrier, service, places) is in the memo's slot, as
    /// `decode` would have read it from there.
    ///
    /// - Throws: ``RequestDecodingError``, as ``decode(_:)-(UnsafeRawBufferPointer)``.
    static func decodeForService(
        _ line: UnsafeRawBufferPointer, memo: UnsafeMutablePointer<RouteMemo>
    ) throws(RequestDecodingError) -> ServiceRequest {
        let bytes = line.bindMemory(to: UInt8.self)
        var filled = Fields(bytes)
        // The levels are read into storage the memo keeps from request to request (given back by the caller
        // with the terms, or here when the line has none), instead of a new array each time.
        swap(&filled.quantileLevels.levels, &memo.pointee.spareLevels)
        QuantileFields.empty(&filled.quantileLevels.levels)
        try read(&filled)
        if filled.quantiles == nil { swap(&filled.quantileLevels.levels, &memo.pointee.spareLevels) }
        // Read from here on through a constant (calls on a variable this large copy it first), moved there
        // rather than copied (a copy would also retain and release its arrays).
        let fields = consume filled
        let idText = try idText(fields)
        // `request(memo:)` with op "edd" and no options runs `eddQuery(memo:)`: the memo's slot, then the terms.
        if let op = fields.op, op.kind == .string, fields.options == nil, let route = fields.memoizable {
            let name = KeyWords.of(op.span, in: bytes)
            if name.count == 3, name.w0 == 0x64_6465 {
                do throws(ProtocolError) {
                    let slot = try fields.memoSlot(route, memo, [])
                    return .edd(id: idText, terms: try fields.eddTerms(), slot: slot)
                } catch {
                    throw RequestDecodingError(id: idText.map { RequestID(json: Array(bytes[$0])) }, error: error)
                }
            }
        }
        let id = idText.map { RequestID(json: Array(bytes[$0])) }
        do throws(ProtocolError) {
            let (request, slot) = try fields.request(memo: memo)
            var decoded = DecodedRequest(id: id, request: request)
            decoded.routeSlot = slot
            return .decoded(decoded)
        } catch {
            throw RequestDecodingError(id: id, error: error)
        }
    }
}
