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

        /// The field a key names: its length, then its bytes as one or two words compared with constants (the
        /// names' bytes, little-endian; `RequestDecoderTests` checks them against ``name``).
        static func named(_ key: KeyWords) -> Field? {
            let (w0, w1) = (key.w0, key.w1)
            switch key.count {
            case 2: return w0 == 0x6469 ? .id : w0 == 0x706F ? .op : nil
            case 3: return w0 == 0x77_6F6E ? .now : nil
            case 4: return w0 == 0x6874_6170 ? .path : nil
            case 5: return w0 == 0x65_676E_6172 ? .range : w0 == 0x73_6E61_6373 ? .scans : nil
            case 6: return w0 == 0x6E69_6769_726F ? .origin : nil
            case 7:
                switch w0 {
                case 0x72_6569_7272_6163: return .carrier
                case 0x65_6369_7672_6573: return .service
                case 0x73_6E6F_6974_706F: return .options
                default: return nil
                }
            case 8: return w0 == 0x6465_7369_6D6F_7270 ? .promised : nil
            case 9:
                switch (w0, w1) {
                case (0x656C_6974_6E61_7571, 0x73): return .quantiles
                case (0x6C6F_6873_6572_6874, 0x64): return .threshold
                case (0x6D69_745F_7069_6873, 0x65): return .shipTime
                default: return nil
                }
            case 10:
                switch (w0, w1) {
                case (0x6974_5F72_6564_726F, 0x656D): return .orderTime
                case (0x6E65_6469_666E_6F63, 0x6563): return .confidence
                default: return nil
                }
            case 11: return (w0, w1) == (0x7461_6E69_7473_6564, 0x6E_6F69) ? .destination : nil
            case 12: return (w0, w1) == (0x7562_6972_7473_6964, 0x6E6F_6974) ? .distribution : nil
            default: return nil
            }
        }

        /// The field a key's unescaped bytes name.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            named(KeyWords(key, readable: key.count))
        }

        /// Reads a member's key and the colon after it, and returns the field it names (nil: none).
        ///
        /// A key that ``quoted(_:_:)`` knows as written (its name and closing quote in the sixteen bytes after
        /// its opening quote: nothing to unescape or validate) is matched there in a comparison or two; any other
        /// goes through ``RequestScanner/keyWords()`` and ``named(_:)-(KeyWords)``. Errors and offsets are the
        /// same either way: a key matched in place is a valid string that `named` names the same, and the colon
        /// after it is read the same.
        @inline(__always)
        static func key(_ s: inout RequestScanner) throws(JSONParseError) -> Field? {
            let words = s.wordsAfterQuote()
            if let (w0, w1) = words, let (field, count) = quoted(w0, w1) {
                try s.knownKey(count)
                return field
            }
            return named(try s.keyWords(after: words))
        }

        /// The field whose name and closing quote begin `w0`, `w1` (the sixteen bytes after a key's opening
        /// quote, little-endian), and the name's length; nil for any other bytes (another key, an escaped one),
        /// which ``RequestScanner/keyWords()`` and ``named(_:)-(KeyWords)`` then read. The constants are the
        /// names' bytes and a quote (`RequestKeyMatchingTests` checks them against ``name``).
        @inline(__always)
        static func quoted(_ w0: UInt64, _ w1: UInt64) -> (Field, Int)? {
            let low = KeyWords.mask
            switch w0 & 0xFF {
            case 0x63:  // c
                if w0 == 0x2272_6569_7272_6163 { return (.carrier, 7) }
                if w0 == 0x6E65_6469_666E_6F63, w1 & low(3) == 0x22_6563 { return (.confidence, 10) }
            case 0x64:  // d
                if w0 == 0x7461_6E69_7473_6564, w1 & low(4) == 0x226E_6F69 { return (.destination, 11) }
                if w0 == 0x7562_6972_7473_6964, w1 & low(5) == 0x22_6E6F_6974 { return (.distribution, 12) }
            case 0x69:  // i
                if w0 & low(3) == 0x22_6469 { return (.id, 2) }
            case 0x6E:  // n
                if w0 & low(4) == 0x2277_6F6E { return (.now, 3) }
            case 0x6F:  // o
                if w0 & low(3) == 0x22_706F { return (.op, 2) }
                if w0 & low(7) == 0x22_6E69_6769_726F { return (.origin, 6) }
                if w0 == 0x6974_5F72_6564_726F, w1 & low(3) == 0x22_656D { return (.orderTime, 10) }
                if w0 == 0x2273_6E6F_6974_706F { return (.options, 7) }
            case 0x70:  // p
                if w0 == 0x6465_7369_6D6F_7270, w1 & low(1) == 0x22 { return (.promised, 8) }
                if w0 & low(5) == 0x22_6874_6170 { return (.path, 4) }
            case 0x71:  // q
                if w0 == 0x656C_6974_6E61_7571, w1 & low(2) == 0x2273 { return (.quantiles, 9) }
            case 0x72:  // r
                if w0 & low(6) == 0x2265_676E_6172 { return (.range, 5) }
            case 0x73:  // s
                if w0 == 0x2265_6369_7672_6573 { return (.service, 7) }
                if w0 == 0x6D69_745F_7069_6873, w1 & low(2) == 0x2265 { return (.shipTime, 9) }
                if w0 & low(6) == 0x2273_6E61_6373 { return (.scans, 5) }
            case 0x74:  // t
                if w0 == 0x6C6F_6873_6572_6874, w1 & low(2) == 0x2264 { return (.threshold, 9) }
            default: break
            }
            return nil
        }
    }

    /// A key's length and its first sixteen bytes as two little-endian words (zero beyond its end), so a key is
    /// matched with one or two comparisons.
    struct KeyWords {
        var count: Int
        var w0: UInt64 = 0
        var w1: UInt64 = 0

        /// The words of the `key.count` bytes at `key`, where `readable` bytes from its start may be read.
        @inline(__always)
        init(_ key: UnsafeBufferPointer<UInt8>, readable: Int) {
            count = key.count
            guard let p = key.baseAddress, count <= 16 else { return }
            if readable >= 16 {
                // The line goes on past the key (its closing quote at least), so whole words can be loaded.
                let raw = UnsafeRawPointer(p)
                let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                w0 = count >= 8 ? low : low & ((1 << (UInt64(count) * 8)) &- 1)
                w1 = count >= 16 ? high : count <= 8 ? 0 : high & ((1 << (UInt64(count - 8) * 8)) &- 1)
            } else {
                for k in 0..<count {
                    if k < 8 {
                        w0 |= UInt64(p[k]) << (UInt64(k) * 8)
                    } else {
                        w1 |= UInt64(p[k]) << (UInt64(k - 8) * 8)
                    }
                }
            }
        }

        init(count: Int, w0: UInt64, w1: UInt64) {
            self.count = count
            self.w0 = w0
            self.w1 = w1
        }

        /// Ones in the low `bytes` bytes (all ones from eight).
        @inline(__always)
        static func mask(_ bytes: Int) -> UInt64 {
            bytes >= 8 ? ~0 : (1 << (UInt64(bytes) &* 8)) &- 1
        }

        /// The words of a validated string in `b`, unescaped first when it has escapes.
        @inline(__always)
        static func of(_ span: Span, in b: UnsafeBufferPointer<UInt8>) -> KeyWords {
            let count = span.end - span.start
            if !span.escaped, count <= 16, span.start + 16 <= b.count {
                // The usual case, without the general initializer's checks: two loads and two masks.
                let raw = UnsafeRawPointer(b.baseAddress! + span.start)
                let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                return KeyWords(count: count, w0: low & mask(count), w1: count > 8 ? high & mask(count - 8) : 0)
            }
            guard !span.escaped else {
                return RequestDecoder.withContent(of: span, in: b) { KeyWords($0, readable: $0.count) }
            }
            return KeyWords(UnsafeBufferPointer(rebasing: b[span.start..<span.end]), readable: b.count - span.start)
        }

        /// Whether the key is `text` (at most 16 bytes).
        func equals(_ text: StaticString) -> Bool {
            let name = KeyWords(
                UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount),
                readable: text.utf8CodeUnitCount)
            return count == name.count && w0 == name.w0 && w1 == name.w1
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
        /// Nil until an `options` or `scans` array is met (nearly every line has neither): then clearing and
        /// dropping the fields checks two tags instead of releasing two lists and two messages.
        var optionList: OptionFields?
        var scanList: ScanFields?

        @inline(__always)
        init(_ b: UnsafeBufferPointer<UInt8>) {
            self.b = b
        }

        /// Reads the top-level object at the scanner's position.
        mutating func read(_ s: inout RequestScanner) throws(JSONParseError) {
            guard try s.beginObject(depth: 1) else { return }
            repeat {
                guard let field = try Field.key(&s) else {
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
                        try originPlace.read(&s, in: b)
                    }
                case .destination:
                    destination = try Fields.compound(&s, opening: UInt8(ascii: "{")) { s throws(JSONParseError) in
                        destinationPlace = PlaceFields()
                        try destinationPlace.read(&s, in: b)
                    }
                case .quantiles:
                    quantiles = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        quantileLevels.reset()
                        try quantileLevels.read(&s, in: b)
                    }
                case .options:
                    options = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        optionList = OptionFields()
                        try optionList!.read(&s, in: b)
                    }
                case .scans:
                    scans = try Fields.compound(&s, opening: UInt8(ascii: "[")) { s throws(JSONParseError) in
                        scanList = ScanFields()
                        try scanList!.read(&s, in: b)
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

extension RequestScanner {
    /// Past whitespace, at a key's opening quote with sixteen bytes of the line after it: those bytes as two
    /// little-endian words, in which ``RequestDecoder/Field/quoted(_:_:)`` and its like match the keys they know
    /// as written; nil elsewhere (nothing is read past the whitespace).
    @inline(__always)
    mutating func wordsAfterQuote() -> (UInt64, UInt64)? {
        skipWhitespace()
        guard i + 17 <= b.count, b[i] == UInt8(ascii: "\"") else { return nil }
        let raw = UnsafeRawPointer(b.baseAddress! + i + 1)
        return (
            UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        )
    }

    /// Reads the key at `i` that ``wordsAfterQuote()`` showed to be `count` bytes with no escapes, and the colon
    /// after it (the colon's errors as ``key()`` reports them).
    @inline(__always)
    mutating func knownKey(_ count: Int) throws(JSONParseError) {
        i += count + 2
        try colon()
    }

    /// Reads a member's key and the colon after it, as ``key()`` does, and returns the key's words
    /// (``RequestDecoder/KeyWords/of(_:in:)`` of that key).
    ///
    /// The usual key (printable ASCII without escapes, under 16 bytes, with 16 bytes of the line after its
    /// opening quote) is found and masked in two words loaded once, instead of being scanned as a string and
    /// then loaded again; any other key goes through ``key()``, so errors and offsets are the same.
    @inline(__always)
    mutating func keyWords() throws(JSONParseError) -> RequestDecoder.KeyWords {
        try keyWords(after: wordsAfterQuote())
    }

    /// ``keyWords()`` given what ``wordsAfterQuote()`` returned at this key (read once by a caller that first
    /// tried to match the key in them).
    @inline(__always)
    mutating func keyWords(after words: (UInt64, UInt64)?) throws(JSONParseError) -> RequestDecoder.KeyWords {
        if let (low, high) = words {
            // The first byte that is a quote, a backslash, a control character or non-ASCII (as in `string()`:
            // the lowest flagged byte is exact).
            var first = 16
            let lowHits = Self.specialBytes(low)
            if lowHits != 0 {
                first = lowHits.trailingZeroBitCount >> 3
            } else {
                let highHits = Self.specialBytes(high)
                if highHits != 0 { first = 8 + highHits.trailingZeroBitCount >> 3 }
            }
            if first < 16, b[i + 1 + first] == UInt8(ascii: "\"") {
                i += first + 2
                try colon()
                typealias Words = RequestDecoder.KeyWords
                return Words(
                    count: first, w0: low & Words.mask(first), w1: first > 8 ? high & Words.mask(first - 8) : 0)
            }
        }
        let key = try key()
        return RequestDecoder.KeyWords.of(key, in: b)
    }
}
