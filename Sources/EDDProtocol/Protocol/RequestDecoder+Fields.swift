import EDDCore

extension RequestDecoder {
    typealias Item = RequestScanner.Item
    typealias Span = RequestScanner.Span

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
            return RequestDecoder.equals(key, field.name) ? field : nil
        }
    }

    /// Whether `bytes` spell `text`.
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for k in 0..<bytes.count where bytes[k] != p[k] { return false }
        return true
    }

    /// What one pass over the line found: the last non-`null` value of each known field, with the compound
    /// ones (places, `quantiles`, `options`, `scans`) read as they were met.
    ///
    /// Nothing here throws a protocol error: what is wrong is kept (``ProtocolError`` values, or an item of the
    /// wrong kind) and reported by ``request()`` once the line is known to be valid JSON, in the order the
    /// fields are checked, so the answer does not depend on the order of the keys.
    struct Fields {
        let b: UnsafeBufferPointer<UInt8>
        var id: Item?
        var op: Item?
        var carrier: Item?
        var service: Item?
        var origin: Item?
        var destination: Item?
        var orderTime: Item?
        var shipTime: Item?
        var confidence: Item?
        var quantiles: Item?
        var distribution: Item?
        var range: Item?
        var options: Item?
        var promised: Item?
        var now: Item?
        var threshold: Item?
        var scans: Item?
        var path: Item?
        var originPlace = PlaceFields()
        var destinationPlace = PlaceFields()
        var quantileLevels = QuantileFields()
        var optionList = OptionFields()
        var scanList = ScanFields()

        init(_ b: UnsafeBufferPointer<UInt8>) {
            self.b = b
        }

        /// Reads the top-level object at the scanner's position.
        mutating func read(_ s: inout RequestScanner) throws(JSONParseError) {
            guard try s.beginObject(depth: 1) else { return }
            repeat {
                let key = try s.key()
                guard let field = RequestDecoder.withContent(of: key, in: b, Field.named) else {
                    try s.skipValue(depth: 1)
                    continue
                }
                switch field {
                case .id: id = try Fields.scalar(&s)
                case .op: op = try Fields.scalar(&s)
                case .carrier: carrier = try Fields.scalar(&s)
                case .service: service = try Fields.scalar(&s)
                case .orderTime: orderTime = try Fields.scalar(&s)
                case .shipTime: shipTime = try Fields.scalar(&s)
                case .confidence: confidence = try Fields.scalar(&s)
                case .distribution: distribution = try Fields.scalar(&s)
                case .range: range = try Fields.scalar(&s)
                case .promised: promised = try Fields.scalar(&s)
                case .now: now = try Fields.scalar(&s)
                case .threshold: threshold = try Fields.scalar(&s)
                case .path: path = try Fields.scalar(&s)
                case .origin:
                    origin = try Fields.compound(&s, opening: UInt8(ascii: "{")) { s throws(JSONParseError) in
                        originPlace = PlaceFields()
                        try originPlace.read(&s, in: b, name: "origin")
                    }
                case .destination:
                    destination = try Fields.compound(&s, opening: UInt8(ascii: "{")) { s throws(JSONParseError) in
                        destinationPlace = PlaceFields()
                        try destinationPlace.read(&s, in: b, name: "destination")
                    }
                case .quantiles:
                    quantiles = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        quantileLevels = QuantileFields()
                        try quantileLevels.read(&s, in: b)
                    }
                case .options:
                    options = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        optionList = OptionFields()
                        try optionList.read(&s, in: b)
                    }
                case .scans:
                    scans = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        scanList = ScanFields()
                        try scanList.read(&s, in: b)
                    }
                }
            } while try s.nextMember()
        }

        /// A member value, nil when `null`.
        @inline(__always)
        static func scalar(_ s: inout RequestScanner) throws(JSONParseError) -> Item? {
            let item = try s.item(depth: 1)
            return item.kind == .null ? nil : item
        }

        /// A member value that `read` interprets in place when it opens with `opening`; other values as items.
        @inline(__always)
        static func compound(
            _ s: inout RequestScanner, opening: UInt8, _ read: (inout RequestScanner) throws(JSONParseError) -> Void
        ) throws(JSONParseError) -> Item? {
            guard try s.valueStart() == opening else { return try scalar(&s) }
            let start = s.i
            try read(&s)
            return Item(kind: opening == UInt8(ascii: "{") ? .object : .array, start: start, end: s.i)
        }
    }

    /// Calls `body` with the unescaped UTF-8 of a validated string (no copy when it has no escapes).
    @inline(__always)
    static func withContent<R>(
        of span: Span, in b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let content = UnsafeBufferPointer(rebasing: b[span.start..<span.end])
        guard span.escaped else { return body(content) }
        var out: [UInt8] = []
        JSONView.unescape(content, into: &out)
        return out.withUnsafeBufferPointer(body)
    }

    /// The decoded text of a validated string, with ASCII letters optionally mapped.
    static func string(
        _ span: Span, in b: UnsafeBufferPointer<UInt8>, case letterCase: JSONView.LetterCase = .preserve
    ) -> String {
        withContent(of: span, in: b) { content in
            String(unsafeUninitializedCapacity: content.count) { out in
                for k in 0..<content.count { out[k] = JSONView.map(content[k], letterCase) }
                return content.count
            }
        }
    }

    /// Whether a validated string's text (after unescaping) is `text`.
    @inline(__always)
    static func equals(_ span: Span, in b: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        if !span.escaped && span.end - span.start != text.utf8CodeUnitCount { return false }
        return withContent(of: span, in: b) { equals($0, text) }
    }
}
