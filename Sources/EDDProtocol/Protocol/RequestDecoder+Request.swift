import EDDCore

/// The checks that turn what one pass found into a request, in the order that decides which error a line
/// with several faults reports.
extension RequestDecoder.Fields {
    func request(memo: UnsafeMutablePointer<RouteMemo>? = nil) throws(ProtocolError) -> (Request, routeSlot: Int?) {
        guard let op else { throw .invalidRequest("op is required") }
        guard op.kind == .string else { throw .invalidRequest("op must be a string") }
        // The op names' bytes as little-endian words (see RequestDecoder.Field.named).
        let name = RequestDecoder.KeyWords.of(op.span, in: b)
        switch (name.count, name.w0) {
        case (3, 0x64_6465):
            let (query, slot) = try eddQuery(memo: memo)
            return (.edd(query), slot)
        case (4, 0x6B73_6972): return (.risk(try riskQuery()), nil)
        case (6, 0x6874_6C61_6568): return (.health, nil)
        case (5, 0x6C_6564_6F6D): return (.model, nil)
        case (5, 0x73_7461_7473): return (.stats, nil)
        case (6, 0x6461_6F6C_6572): return (.reload(path: try RequestDecoder.string(path, in: b, "path")), nil)
        default: break
        }
        let text = RequestDecoder.string(op.span, in: b)
        let shown = text.count > 40 ? text.prefix(40) + "…" : text
        throw ProtocolError(.unknownOp, "op \"\(shown)\" is not one of edd, risk, health, model, stats, reload")
    }

    func eddQuery(memo: UnsafeMutablePointer<RouteMemo>? = nil) throws(ProtocolError) -> (EDDQuery, routeSlot: Int?) {
        let options = try self.options == nil ? [] : shippingOptions(self.options!)
        var slot: Int?
        var memoized: RouteMemo.Value?
        if let memo, let fields = memoizable {
            slot = try memoSlot(fields, memo, options)
        } else {
            memoized = try routeFields(options)
        }
        let terms = try eddTerms()
        // The route fields are read where they are kept (the memo's slot), not copied out first.
        func query(_ route: borrowing RouteMemo.Value) -> EDDQuery {
            EDDQuery(
                carrier: route.carrier, service: route.service, origin: route.origin, destination: route.destination,
                orderTime: terms.orderTime, shipTime: terms.shipTime, confidence: terms.confidence,
                quantiles: terms.quantiles, distribution: terms.distribution, range: terms.range, options: options)
        }
        let query = slot.map { query(memo!.pointee.values[$0]!) } ?? query(memoized!)
        return (query, slot)
    }

    /// The memo's slot for memoizable route fields, filled with what they decode to when it does not hold them.
    func memoSlot(
        _ fields: (
            carrier: RequestDecoder.Item, service: RequestDecoder.Item?, origin: RequestDecoder.Item?,
            destination: RequestDecoder.Item
        ), _ memo: UnsafeMutablePointer<RouteMemo>, _ options: [ShippingOption]
    ) throws(ProtocolError) -> Int {
        let (s, found) = memo.pointee.slot(
            carrier: fields.carrier, service: fields.service, origin: fields.origin, destination: fields.destination,
            in: b)
        if !found { memo.pointee.store(s, try routeFields(options), in: b) }
        return s
    }

    /// The fields after the route ones, checked in this order (after the route fields' checks).
    func eddTerms() throws(ProtocolError) -> EDDTerms {
        let shipTime = try RequestDecoder.timestamp(self.shipTime, in: b, "ship_time")
        let orderTime = try RequestDecoder.timestamp(self.orderTime, in: b, "order_time")
        if let shipTime, let orderTime {
            var span = RequestDecoder.DateSpan()
            try span.include(shipTime, .shipTime)
            try span.include(orderTime, .orderTime)
        }
        let confidence = try RequestDecoder.unitInterval(confidence, in: b, "confidence")
        let requestedLevels = try quantiles.map { q throws(ProtocolError) in try levels(q) } ?? []
        let distribution = try RequestDecoder.bool(distribution, "distribution") ?? false
        let range = try RequestDecoder.unitInterval(range, in: b, "range")
        return EDDTerms(
            orderTime: shipTime == nil ? orderTime : nil, shipTime: shipTime, confidence: confidence,
            quantiles: requestedLevels, distribution: distribution, range: range)
    }

    /// The carrier, service and places, checked in this order (the first error is the one reported).
    func routeFields(_ options: [ShippingOption]) throws(ProtocolError) -> RouteMemo.Value {
        var carrier = try RequestDecoder.string(self.carrier, in: b, "carrier", case: .lower)
        var service = try RequestDecoder.string(self.service, in: b, "service", case: .lower)
        if carrier == nil, let first = options.first {
            carrier = first.carrier
            service = first.service
        }
        guard let carrier else { throw .invalidRequest("carrier is required") }
        guard !carrier.isEmpty else { throw .invalidRequest("carrier must not be empty") }
        guard let destination = self.destination else { throw .invalidRequest("destination is required") }
        let origin = try self.origin.map { o throws(ProtocolError) in try place(o, originPlace, "origin") } ?? Place()
        let to = try place(destination, destinationPlace, "destination")
        return RouteMemo.Value(carrier: carrier, service: service, origin: origin, destination: to)
    }

    /// The route fields' items when what they decode to depends on their bytes alone and cannot fail: no
    /// `options` (whose first entry may supply the carrier), a non-empty carrier string, a service string or
    /// none, an origin object or none and a destination object, both places free of errors.
    var memoizable:
        (
            carrier: RequestDecoder.Item, service: RequestDecoder.Item?, origin: RequestDecoder.Item?,
            destination: RequestDecoder.Item
        )?
    {
        guard options == nil, let carrier, carrier.kind == .string, carrier.end > carrier.start,
            service == nil || service!.kind == .string, let destination, destination.kind == .object,
            destinationPlace.isValid, origin == nil || (origin!.kind == .object && originPlace.isValid)
        else { return nil }
        return (carrier, service, origin, destination)
    }

    func riskQuery() throws(ProtocolError) -> RiskQuery {
        let (shipment, _) = try eddQuery()
        guard let promised = self.promised else { throw .invalidRequest("promised is required") }
        let day = try RequestDecoder.date(promised, in: b, "promised")
        var threshold = 0.5
        if let item = self.threshold {
            guard item.kind == .number, case let v = RequestDecoder.number(item, in: b), v >= 0, v <= 1 else {
                throw .invalidRequest("threshold must be a number in [0,1]")
            }
            threshold = v
        }
        let now = try RequestDecoder.timestamp(self.now, in: b, "now")
        let scans = try self.scans == nil ? [] : scanEntries(self.scans!)
        var span = RequestDecoder.DateSpan()
        if let shipTime = shipment.shipTime {
            try span.include(shipTime, .shipTime)
        } else if let orderTime = shipment.orderTime {
            try span.include(orderTime, .orderTime)
        }
        if let now { try span.include(now, .now) }
        try span.include(day.dayNumber, .promised)
        for (k, scan) in scans.enumerated() { try span.include(scan.time, .scan(k)) }
        return RiskQuery(shipment: shipment, promised: day, now: now, threshold: threshold, scans: scans)
    }

    func place(_ item: RequestDecoder.Item, _ fields: RequestDecoder.PlaceFields, _ name: String) throws(ProtocolError)
        -> Place
    {
        guard item.kind == .object else { throw .invalidRequest("\(name) must be an object") }
        return try fields.place(in: b, name: name)
    }

    func levels(_ item: RequestDecoder.Item) throws(ProtocolError) -> [Double] {
        guard item.kind == .array else { throw .invalidRequest("quantiles must be an array of numbers") }
        return try quantileLevels.value()
    }

    func shippingOptions(_ item: RequestDecoder.Item) throws(ProtocolError) -> [ShippingOption] {
        guard item.kind == .array else { throw .invalidRequest("options must be an array of objects") }
        // `options` is an array, so it was read into `optionList` (the default is only for the type checker).
        return try (optionList ?? RequestDecoder.OptionFields()).value()
    }

    func scanEntries(_ item: RequestDecoder.Item) throws(ProtocolError) -> [ScanInput] {
        guard item.kind == .array else { throw .invalidRequest("scans must be an array of objects") }
        return try (scanList ?? RequestDecoder.ScanFields()).value()
    }
}

/// Typed values out of items, throwing `invalid_request` errors that name the field (built only on the error
/// path). An absent item or a `null` one is nil.
extension RequestDecoder {
    static func string(
        _ item: Item?, in b: UnsafeBufferPointer<UInt8>, _ name: @autoclosure () -> String,
        case letterCase: JSONView.LetterCase = .preserve
    ) throws(ProtocolError) -> String? {
        guard let item, item.kind != .null else { return nil }
        guard item.kind == .string else { throw .invalidRequest("\(name()) must be a string") }
        return string(item.span, in: b, case: letterCase)
    }

    static func bool(_ item: Item?, _ name: @autoclosure () -> String) throws(ProtocolError) -> Bool? {
        guard let item, item.kind != .null else { return nil }
        switch item.kind {
        case .true: return true
        case .false: return false
        default: throw .invalidRequest("\(name()) must be a boolean")
        }
    }

    /// The value of a number item (±infinity when out of Double's range).
    @inline(__always)
    static func number(_ item: Item, in b: UnsafeBufferPointer<UInt8>) -> Double {
        JSONNumber.parse(UnsafeBufferPointer(rebasing: b[item.start..<item.end]))
    }

    /// An optional number strictly between 0 and 1.
    static func unitInterval(
        _ item: Item?, in b: UnsafeBufferPointer<UInt8>, _ name: @autoclosure () -> String
    ) throws(ProtocolError) -> Double? {
        guard let item, item.kind != .null else { return nil }
        guard item.kind == .number, case let v = number(item, in: b), v > 0, v < 1 else {
            throw .invalidRequest("\(name()) must be a number in (0,1)")
        }
        return v
    }

    /// An optional RFC 3339 timestamp (an offset is required) whose date, as written, is supported.
    static func timestamp(
        _ item: Item?, in b: UnsafeBufferPointer<UInt8>, _ name: @autoclosure () -> String
    ) throws(ProtocolError) -> RFC3339.Timestamp? {
        guard let item, item.kind != .null else { return nil }
        guard item.kind == .string, let t = withContent(of: item.span, in: b, RFC3339.parse) else {
            throw .invalidRequest("\(name()) must be an RFC 3339 timestamp with an offset")
        }
        guard t.localDate.isSupported else { throw unsupportedDate(name()) }
        return t
    }

    /// A supported `YYYY-MM-DD` date.
    static func date(
        _ item: Item, in b: UnsafeBufferPointer<UInt8>, _ name: @autoclosure () -> String
    ) throws(ProtocolError) -> CivilDate {
        guard item.kind == .string, let d = withContent(of: item.span, in: b, CivilDate.parse) else {
            throw .invalidRequest("\(name()) must be a date (YYYY-MM-DD)")
        }
        guard d.isSupported else { throw unsupportedDate(name()) }
        return d
    }
}
