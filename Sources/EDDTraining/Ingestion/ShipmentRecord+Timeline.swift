import EDDCore

extension ShipmentRecord {
    /// The next record's first input line and timeline, decoded straight from the file, or nil at the end of it.
    ///
    /// The timeline a fit sees: the lane's places, the milestones, the promised date and every scan's time
    /// and code (postals and UTC offsets, which a fit does not read, are left out). Decoded straight from the
    /// file, without a record's three arrays in between: a fit decodes every record once per pass.
    static func readTimeline(from r: SpillReader, lanes: ShipmentLanes) throws -> (
        firstLine: UInt64, timeline: ShipmentTimeline
    )? {
        if try r.atEnd { return nil }
        let firstLine = try r.uint64()
        let lane = lanes.lanes[Int(try r.uint32())]
        let fixed = try r.bytes(4 * timeCount + 2 + 4)
        @inline(__always) func time(_ i: Int) -> Instant? {
            unpack(UInt32(littleEndian: UnsafeRawPointer(fixed.baseAddress! + 4 * i).loadUnaligned(as: UInt32.self)))
        }
        let milestones = (time(0), time(1), time(2), time(3), time(4))
        let promised = Int32(
            bitPattern: UInt32(
                littleEndian: UnsafeRawPointer(fixed.baseAddress! + 4 * timeCount + 2).loadUnaligned(as: UInt32.self)))
        let idLength = Int(try r.uint32())
        let id =
            idLength <= 4096
            ? String(decoding: try r.bytes(idLength), as: UTF8.self)
            : String(decoding: try r.array(idLength), as: UTF8.self)
        let n = Int(try r.uint32())
        var events: [TimelineEvent] = []
        events.reserveCapacity(n)
        for _ in 0..<n {
            let b = try r.bytes(5)
            let t = UInt32(littleEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt32.self))
            guard let code = EventCode(rawValue: b[4]), let at = unpack(t) else {
                throw SpillError(.damaged, "a temporary records file holds an unknown scan")
            }
            events.append(TimelineEvent(code: code, time: at))
        }
        let timeline = ShipmentTimeline(
            id: id, carrier: lane.carrier, service: lane.service, origin: lane.origin, destination: lane.destination,
            promisedDate: promised == noPromise ? nil : CivilDate(dayNumber: promised), events: events,
            orderTime: milestones.0, shipTime: milestones.1, deliveryTime: milestones.2, returnTime: milestones.3,
            cancelTime: milestones.4)
        return (firstLine, timeline)
    }
}
