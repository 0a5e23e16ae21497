import EDDCore

/// One shipment reduced to what a fit reads of it: about 80 bytes and 5 per scan, instead of a timeline's
/// kilobytes.
///
/// The lane is a number into ``ShipmentLanes``; times are seconds since 1990-01-01 (ingestion accepts
/// 1990–2100, which 32 bits hold). A fit reads the milestones (order, ship, delivery, return, cancel), the
/// promised date, and every scan's time and code: the risk calibration asks the shadow model about each
/// shipment at several moments of its life, as the `risk` op would with the scans seen by then. Postals and
/// UTC offsets of scans, which a fit does not read, are left out.
struct ShipmentRecord {
    /// The input line of the shipment's first accepted row (a fit reads shipments by id instead, see
    /// ``precedes(_:_:)``).
    var firstLine: UInt64
    var lane: UInt32
    var id: [UInt8]
    /// order, ship, delivery, return, cancel, first scan, last scan; then the last scan of each milestone
    /// in ``Milestone/allCases`` order. ``none`` where absent.
    var times: [UInt32]
    var firstCode: UInt8
    var lastCode: UInt8
    /// The promised date's day number, or ``noPromise``.
    var promised: Int32
    /// Every scan (time, code), in the timeline's order.
    var scans: [(UInt32, UInt8)]

    /// The order a fit reads shipments in: by id, byte by byte. It is the same whichever order or shards the
    /// scans came in, so shard fits merge to the bytes of one fit over their union.
    static func precedes(_ a: ShipmentRecord, _ b: ShipmentRecord) -> Bool {
        a.id.lexicographicallyPrecedes(b.id)
    }

    static let none = UInt32.max
    static let epoch: Int64 = 631_152_000
    static let timeCount = 7 + Milestone.allCases.count
    static let noPromise = Int32.min

    @inline(__always) static func pack(_ t: Instant?) -> UInt32 {
        guard let t else { return none }
        return UInt32(t.seconds - epoch)
    }

    @inline(__always) static func unpack(_ v: UInt32) -> Instant? {
        v == none ? nil : Instant(seconds: Int64(v) + epoch)
    }

    /// Reduces a timeline (which has at least one event).
    init(_ t: ShipmentTimeline, lane: UInt32, firstLine: UInt64) {
        self.firstLine = firstLine
        self.lane = lane
        id = Array(t.id.utf8)
        var times = [UInt32](repeating: ShipmentRecord.none, count: ShipmentRecord.timeCount)
        for (i, v) in [t.orderTime, t.shipTime, t.deliveryTime, t.returnTime, t.cancelTime].enumerated() {
            times[i] = ShipmentRecord.pack(v)
        }
        let first = t.events.first!
        let last = t.events.last!
        times[5] = ShipmentRecord.pack(first.time)
        times[6] = ShipmentRecord.pack(last.time)
        for e in t.events {
            if let m = Milestone(e.code) {
                times[7 + Milestone.allCases.firstIndex(of: m)!] = ShipmentRecord.pack(e.time)
            }
        }
        self.times = times
        firstCode = first.code.rawValue
        lastCode = last.code.rawValue
        promised = t.promisedDate?.dayNumber ?? ShipmentRecord.noPromise
        scans = t.events.map { (ShipmentRecord.pack($0.time), $0.code.rawValue) }
    }

    init(
        firstLine: UInt64, lane: UInt32, id: [UInt8], times: [UInt32], firstCode: UInt8, lastCode: UInt8,
        promised: Int32, scans: [(UInt32, UInt8)]
    ) {
        self.firstLine = firstLine
        self.lane = lane
        self.id = id
        self.times = times
        self.firstCode = firstCode
        self.lastCode = lastCode
        self.promised = promised
        self.scans = scans
    }

    func write(to w: SpillWriter) throws {
        w.append(firstLine)
        w.append(lane)
        for v in times { w.append(v) }
        w.append(firstCode)
        w.append(lastCode)
        w.append(UInt32(bitPattern: promised))
        w.append(UInt32(id.count))
        id.withUnsafeBufferPointer { w.append($0) }
        w.append(UInt32(scans.count))
        for (t, c) in scans {
            w.append(t)
            w.append(c)
        }
        try w.flushIfFull()
    }

    /// The next record, or nil at the end of the file.
    static func read(from r: SpillReader) throws -> ShipmentRecord? {
        if try r.atEnd { return nil }
        let firstLine = try r.uint64()
        let lane = try r.uint32()
        var times = [UInt32](repeating: 0, count: timeCount)
        for i in 0..<timeCount { times[i] = try r.uint32() }
        let firstCode = try r.byte()
        let lastCode = try r.byte()
        let promised = Int32(bitPattern: try r.uint32())
        let id = try r.array(Int(try r.uint32()))
        let n = Int(try r.uint32())
        var scans: [(UInt32, UInt8)] = []
        scans.reserveCapacity(n)
        for _ in 0..<n { scans.append((try r.uint32(), try r.byte())) }
        return ShipmentRecord(
            firstLine: firstLine, lane: lane, id: id, times: times, firstCode: firstCode, lastCode: lastCode,
            promised: promised, scans: scans)
    }
}

/// The distinct lanes (carrier, service, origin, destination) of a spilled read, numbered: records keep the
/// number, so per-shipment storage does not grow with the lane's text.
final class ShipmentLanes {
    struct Lane: Hashable {
        var carrier: String
        var service: String
        var origin: Place
        var destination: Place
    }

    private(set) var lanes: [Lane] = []
    private var index: [Lane: UInt32] = [:]

    /// The number of a timeline's lane, adding it when new.
    func number(_ t: ShipmentTimeline) -> UInt32 {
        number(Lane(carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination))
    }

    /// The number of a lane, adding it when new.
    func number(_ lane: Lane) -> UInt32 {
        if let n = index[lane] { return n }
        let n = UInt32(lanes.count)
        lanes.append(lane)
        index[lane] = n
        return n
    }
}
