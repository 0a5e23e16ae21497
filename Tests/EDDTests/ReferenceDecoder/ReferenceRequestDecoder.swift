@testable import EDDCore
@testable import EDDProtocol

/// The request decoder as it was before the single-pass ``RequestDecoder`` (tokenise the whole line with
/// ``JSONReader``, then look the fields up): kept, unchanged in behaviour, as the reference the differential
/// tests hold the new decoder to. Not on any request path.
enum ReferenceRequestDecoder {
    /// Decodes one line (without its newline; a trailing `\r` is whitespace).
    ///
    /// - Throws: ``RequestDecodingError`` with `invalid_json`, `invalid_request` or `unknown_op`.
    static func decode(_ line: UnsafeRawBufferPointer) throws(RequestDecodingError) -> DecodedRequest {
        try JSONReader.withView(of: line.bindMemory(to: UInt8.self), mapError: invalidJSON) {
            view throws(RequestDecodingError) in try decode(view)
        }
    }

    static func invalidJSON(_ error: JSONParseError) -> RequestDecodingError {
        RequestDecodingError(id: nil, error: ProtocolError(.invalidJSON, "invalid JSON: \(error)"))
    }

    /// Decodes one line held in an array (not copied).
    ///
    /// - Throws: ``RequestDecodingError``.
    static func decode(_ line: [UInt8]) throws(RequestDecodingError) -> DecodedRequest {
        let result: Result<DecodedRequest, RequestDecodingError> = line.withUnsafeBytes { bytes in
            do throws(RequestDecodingError) { return .success(try decode(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes a line given as text (tests, tools).
    ///
    /// - Throws: ``RequestDecodingError``.
    static func decode(_ line: String) throws(RequestDecodingError) -> DecodedRequest {
        try decode(Array(line.utf8))
    }

    static func decode(_ document: JSONView) throws(RequestDecodingError) -> DecodedRequest {
        guard document.kind(0) == .object else {
            throw RequestDecodingError(id: nil, error: ProtocolError(.invalidJSON, "the line is not a JSON object"))
        }
        let fields = Fields(document)
        var id: RequestID?
        if let index = fields[.id] {
            switch document.kind(index) {
            case .string, .number: id = RequestID(json: Array(document.rawText(index)))
            default: throw RequestDecodingError(id: nil, error: .invalidRequest("id must be a string or a number"))
            }
        }
        do throws(ProtocolError) {
            return DecodedRequest(id: id, request: try fields.request())
        } catch {
            throw RequestDecodingError(id: id, error: error)
        }
    }
}

extension ReferenceRequestDecoder {
    /// The top-level keys the protocol knows.
    enum Field: Int, CaseIterable {
        case id, op, carrier, service, origin, destination, orderTime, shipTime, confidence, quantiles
        case distribution, range, options, promised, now, threshold, scans, path

        var name: StaticString {
            switch self {
            case .id: "id"
            case .op: "op"
            case .carrier: "carrier"
            case .service: "service"
            case .origin: "origin"
            case .destination: "destination"
            case .orderTime: "order_time"
            case .shipTime: "ship_time"
            case .confidence: "confidence"
            case .quantiles: "quantiles"
            case .distribution: "distribution"
            case .range: "range"
            case .options: "options"
            case .promised: "promised"
            case .now: "now"
            case .threshold: "threshold"
            case .scans: "scans"
            case .path: "path"
            }
        }

        /// The field a key names, found by length and first byte, then confirmed byte for byte.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            guard let first = key.first else { return nil }
            let candidate: Field?
            switch (key.count, first) {
            case (2, UInt8(ascii: "i")): candidate = .id
            case (2, UInt8(ascii: "o")): candidate = .op
            case (3, _): candidate = .now
            case (4, _): candidate = .path
            case (5, UInt8(ascii: "r")): candidate = .range
            case (5, UInt8(ascii: "s")): candidate = .scans
            case (6, _): candidate = .origin
            case (7, UInt8(ascii: "c")): candidate = .carrier
            case (7, UInt8(ascii: "s")): candidate = .service
            case (7, UInt8(ascii: "o")): candidate = .options
            case (8, _): candidate = .promised
            case (9, UInt8(ascii: "q")): candidate = .quantiles
            case (9, UInt8(ascii: "t")): candidate = .threshold
            case (9, UInt8(ascii: "s")): candidate = .shipTime
            case (10, UInt8(ascii: "o")): candidate = .orderTime
            case (10, UInt8(ascii: "c")): candidate = .confidence
            case (11, _): candidate = .destination
            case (12, _): candidate = .distribution
            default: candidate = nil
            }
            guard let field = candidate else { return nil }
            let name = field.name
            let p = name.utf8Start
            for k in 0..<key.count where key[k] != p[k] { return nil }
            return field
        }
    }

    /// The token index of each known top-level field (last occurrence wins; `null` counts as absent).
    struct Fields {
        let document: JSONView
        var slots = InlineArray<18, Int32>(repeating: -1)

        init(_ document: JSONView) {
            self.document = document
            for (key, value) in document.members(0) {
                guard let field = document.withStringUTF8(key, Field.named) else { continue }
                slots[field.rawValue] = document.kind(value) == .null ? -1 : Int32(value)
            }
        }

        subscript(_ field: Field) -> Int? {
            let slot = slots[field.rawValue]
            return slot < 0 ? nil : Int(slot)
        }

        func request() throws(ProtocolError) -> Request {
            let reader = FieldReader(document: document)
            guard let opIndex = self[.op] else { throw .invalidRequest("op is required") }
            guard document.kind(opIndex) == .string else { throw .invalidRequest("op must be a string") }
            if document.keyEquals(opIndex, "edd") { return .edd(try eddQuery(reader)) }
            if document.keyEquals(opIndex, "risk") { return .risk(try riskQuery(reader)) }
            if document.keyEquals(opIndex, "health") { return .health }
            if document.keyEquals(opIndex, "model") { return .model }
            if document.keyEquals(opIndex, "stats") { return .stats }
            if document.keyEquals(opIndex, "reload") { return .reload(path: try reader.string(self[.path], "path")) }
            let op = document.string(opIndex)
            let shown = op.count > 40 ? op.prefix(40) + "…" : op
            throw ProtocolError(.unknownOp, "op \"\(shown)\" is not one of edd, risk, health, model, stats, reload")
        }

        func eddQuery(_ reader: FieldReader) throws(ProtocolError) -> EDDQuery {
            let options = try reader.options(self[.options])
            var carrier = try reader.string(self[.carrier], "carrier", case: .lower)
            var service = try reader.string(self[.service], "service", case: .lower)
            if carrier == nil, let first = options.first {
                carrier = first.carrier
                service = first.service
            }
            guard let carrier else { throw .invalidRequest("carrier is required") }
            guard !carrier.isEmpty else { throw .invalidRequest("carrier must not be empty") }
            guard let destinationIndex = self[.destination] else { throw .invalidRequest("destination is required") }
            let origin = try self[.origin].map { i throws(ProtocolError) in try reader.place(i, "origin") } ?? Place()
            let destination = try reader.place(destinationIndex, "destination")
            let shipTime = try reader.timestamp(self[.shipTime], "ship_time")
            let orderTime = try reader.timestamp(self[.orderTime], "order_time")
            if let shipTime, let orderTime {
                var span = RequestDecoder.DateSpan()
                try span.include(shipTime, .shipTime)
                try span.include(orderTime, .orderTime)
            }
            return EDDQuery(
                carrier: carrier, service: service, origin: origin, destination: destination,
                orderTime: shipTime == nil ? orderTime : nil, shipTime: shipTime,
                confidence: try reader.unitInterval(self[.confidence], "confidence"),
                quantiles: try reader.quantiles(self[.quantiles]),
                distribution: try reader.bool(self[.distribution], "distribution") ?? false,
                range: try reader.unitInterval(self[.range], "range"), options: options)
        }

        func riskQuery(_ reader: FieldReader) throws(ProtocolError) -> RiskQuery {
            let shipment = try eddQuery(reader)
            guard let promisedIndex = self[.promised] else { throw .invalidRequest("promised is required") }
            let promised = try reader.date(promisedIndex, "promised")
            var threshold = 0.5
            if let index = self[.threshold] {
                guard document.kind(index) == .number, case let v = document.double(index), v >= 0, v <= 1 else {
                    throw .invalidRequest("threshold must be a number in [0,1]")
                }
                threshold = v
            }
            let now = try reader.timestamp(self[.now], "now")
            let scans = try reader.scans(self[.scans])
            var span = RequestDecoder.DateSpan()
            if let shipTime = shipment.shipTime {
                try span.include(shipTime, .shipTime)
            } else if let orderTime = shipment.orderTime {
                try span.include(orderTime, .orderTime)
            }
            if let now { try span.include(now, .now) }
            try span.include(promised.dayNumber, .promised)
            for (k, scan) in scans.enumerated() { try span.include(scan.time, .scan(k)) }
            return RiskQuery(shipment: shipment, promised: promised, now: now, threshold: threshold, scans: scans)
        }
    }
}
