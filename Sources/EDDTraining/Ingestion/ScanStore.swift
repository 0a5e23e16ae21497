import EDDCore

/// Compact storage of accepted scans while a file is read: lane fields once per shipment, 24 bytes per
/// event, strings interned. ``build(cutoff:summary:)`` turns it into ``ShipmentTimeline`` values.
struct ScanStore {
    /// One accepted scan.
    struct Event {
        var time: Int64
        var shipment: UInt32
        var postal: UInt32
        var offsetMinutes: Int16
        var code: UInt8
    }

    /// The shipment-level fields, as interned string ids (0 is "absent").
    struct Lane: Equatable {
        var carrier: UInt32
        var service: UInt32
        var originCountry: UInt32
        var originPostal: UInt32
        var destinationCountry: UInt32
        var destinationPostal: UInt32
        var originRegion: UInt32
        var originId: UInt32
        var destinationRegion: UInt32
        var promisedDay: Int32
    }

    /// A row that cannot be used, with the detail for the rejects file.
    struct Failure: Error {
        var reason: RejectReason
        var detail: String
    }

    var ids = ByteInterner(expectedCount: 1 << 16)
    var values = ByteInterner(expectedCount: 1 << 10)
    /// Indexed by shipment id; entry 0 stands for the empty id, which is never accepted.
    var lanes: [Lane] = [
        Lane(
            carrier: 0, service: 0, originCountry: 0, originPostal: 0, destinationCountry: 0,
            destinationPostal: 0, originRegion: 0, originId: 0, destinationRegion: 0, promisedDay: Int32.min)
    ]
    var events: [Event] = []
    var latest = Int64.min
    private var scratch = [UInt8](repeating: 0, count: 256)

    /// Interns the field with ASCII letters folded (`lower` or upper case), or nil when not UTF-8.
    @inline(__always)
    private mutating func internFolded(_ b: UnsafeBufferPointer<UInt8>, lower: Bool) -> UInt32? {
        let (from, to): (UInt8, UInt8) = lower ? (65, 97) : (97, 65)
        var needs = false
        for c in b where c &- from < 26 {
            needs = true
            break
        }
        if !needs { return values.intern(b).map { UInt32($0) } }
        if scratch.count < b.count { scratch = [UInt8](repeating: 0, count: b.count * 2) }
        return scratch.withUnsafeMutableBufferPointer { s -> UInt32? in
            for i in 0..<b.count {
                let c = b[i]
                s[i] = c &- from < 26 ? c &- from &+ to : c
            }
            return values.intern(UnsafeBufferPointer(rebasing: s[0..<b.count])).map { UInt32($0) }
        }
    }

    @inline(__always)
    private mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        values.intern(b).map { UInt32($0) }
    }

    /// Checks and stores one row.
    ///
    /// - Returns: whether the row's shipment fields conflict with the shipment's first row.
    /// - Throws: ``Failure`` when the row is rejected.
    mutating func add(_ r: CSVReader, _ h: ScanHeader, aliases: AliasTable, asOf: Instant?) throws(Failure) -> (
        conflict: Bool, visible: Bool
    ) {
        guard r.fieldCount == h.fieldCount else {
            throw Failure(reason: .wrongFieldCount, detail: "\(r.fieldCount) fields, header has \(h.fieldCount)")
        }
        @inline(__always) func required(_ i: Int, _ name: String) throws(Failure) -> UnsafeBufferPointer<UInt8> {
            let f = r.field(i).trimmedBlanks()
            guard f.count > 0 else { throw Failure(reason: .missingValue, detail: name) }
            return f
        }
        let id = try required(h.shipmentId, "shipment_id")
        let carrierBytes = try required(h.carrier, "carrier")
        let serviceBytes = try required(h.service, "service")
        let oc = try required(h.originCountry, "origin_country")
        let op = try required(h.originPostal, "origin_postal")
        let dc = try required(h.destinationCountry, "destination_country")
        let dp = try required(h.destinationPostal, "destination_postal")
        let eventBytes = try required(h.event, "event")
        let timeBytes = try required(h.eventTime, "event_time")

        guard let stamp = RFC3339.parse(timeBytes) else {
            throw Failure(reason: .badTimestamp, detail: String(decoding: timeBytes, as: UTF8.self))
        }
        // 1990-01-01T00:00:00Z and 2101-01-01T00:00:00Z (`date -d ... +%s`).
        guard stamp.instant.seconds >= 631_152_000, stamp.instant.seconds < 4_133_980_800 else {
            throw Failure(reason: .implausibleTimestamp, detail: String(decoding: timeBytes, as: UTF8.self))
        }
        let code: EventCode
        if let c = EventCode(bytes: eventBytes) {
            code = c
        } else if aliases.count > 0,
            let c = aliases.lookup(
                carrier: String(decoding: carrierBytes, as: UTF8.self),
                code: String(decoding: eventBytes, as: UTF8.self))
        {
            code = c
        } else {
            throw Failure(reason: .unknownEvent, detail: String(decoding: eventBytes, as: UTF8.self))
        }

        var promisedDay = Int32.min
        if let i = h.promisedDate {
            let f = r.field(i).trimmedBlanks()
            if f.count > 0 {
                guard let d = CivilDate.parse(f) else {
                    throw Failure(reason: .badPromisedDate, detail: String(decoding: f, as: UTF8.self))
                }
                promisedDay = d.dayNumber
            }
        }
        let postal: UInt32
        if let i = h.eventPostal, case let f = r.field(i).trimmedBlanks(), f.count > 0 {
            postal = try internOrFail(f, .none)
        } else {
            postal = 0
        }

        // Most rows belong to a shipment already seen: compare their bytes with its first row's, and
        // intern the lane fields only for a new shipment.
        let shipment: Int
        var conflict = false
        if let existing = ids.find(id) {
            shipment = existing
            let old = lanes[existing]
            conflict =
                !values.equals(Int(old.carrier), carrierBytes, .lower)
                || !values.equals(Int(old.service), serviceBytes, .lower)
                || !values.equals(Int(old.originCountry), oc, .upper)
                || !values.equals(Int(old.originPostal), op, .none)
                || !values.equals(Int(old.destinationCountry), dc, .upper)
                || !values.equals(Int(old.destinationPostal), dp, .none)
            var lane = old
            lane.originRegion = try merged(h.originRegion, r, old.originRegion, .upper, &conflict)
            lane.originId = try merged(h.originId, r, old.originId, .none, &conflict)
            lane.destinationRegion = try merged(h.destinationRegion, r, old.destinationRegion, .upper, &conflict)
            if promisedDay != Int32.min && promisedDay != old.promisedDay {
                if old.promisedDay == Int32.min { lane.promisedDay = promisedDay } else { conflict = true }
            }
            if lane != old { lanes[existing] = lane }
        } else {
            var lane = Lane(
                carrier: try internOrFail(carrierBytes, .lower), service: try internOrFail(serviceBytes, .lower),
                originCountry: try internOrFail(oc, .upper), originPostal: try internOrFail(op, .none),
                destinationCountry: try internOrFail(dc, .upper), destinationPostal: try internOrFail(dp, .none),
                originRegion: 0, originId: 0, destinationRegion: 0, promisedDay: promisedDay)
            var unused = false
            lane.originRegion = try merged(h.originRegion, r, 0, .upper, &unused)
            lane.originId = try merged(h.originId, r, 0, .none, &unused)
            lane.destinationRegion = try merged(h.destinationRegion, r, 0, .upper, &unused)
            guard let new = ids.intern(id) else {
                throw Failure(reason: .invalidUTF8, detail: "shipment_id is not UTF-8")
            }
            shipment = new
            lanes.append(lane)
        }
        if let asOf, stamp.instant >= asOf { return (conflict, false) }
        latest = max(latest, stamp.instant.seconds)
        events.append(
            Event(
                time: stamp.instant.seconds, shipment: UInt32(shipment), postal: postal,
                offsetMinutes: Int16(stamp.utcOffset / 60), code: code.rawValue))
        return (conflict, true)
    }

    /// An optional shipment field merged into what is known: filled when unknown, else compared.
    @inline(__always)
    private mutating func merged(
        _ column: Int?, _ r: CSVReader, _ known: UInt32, _ fold: ByteInterner.Fold, _ conflict: inout Bool
    ) throws(Failure) -> UInt32 {
        guard let column, case let f = r.field(column).trimmedBlanks(), f.count > 0 else { return known }
        if known == 0 { return try internOrFail(f, fold) }
        if !values.equals(Int(known), f, fold) { conflict = true }
        return known
    }

    @inline(__always)
    private mutating func internOrFail(_ b: UnsafeBufferPointer<UInt8>, _ fold: ByteInterner.Fold) throws(Failure)
        -> UInt32
    {
        let id: UInt32?
        switch fold {
        case .none: id = intern(b)
        case .lower: id = internFolded(b, lower: true)
        case .upper: id = internFolded(b, lower: false)
        }
        guard let id else { throw Failure(reason: .invalidUTF8, detail: "a text field is not UTF-8") }
        return id
    }
}
