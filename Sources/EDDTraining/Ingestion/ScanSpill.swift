import EDDCore

/// A read of scans in bounded memory: rows are spilled to partition files by a hash of the shipment id, and
/// each partition (all the rows of its shipments, in input order) is reduced on its own to
/// ``ShipmentRecord``s.
///
/// Each partition goes through the same ``ScanStore`` as an in-memory read, so every row is accepted,
/// rejected or counted exactly as it would be there; the records are merged in shipment-id order (the
/// order a fit reads, ``ModelFitter/inFitOrder(_:)``), timeline rows in first-row order and rejected rows
/// in line order, so a fit writes the same bytes and `timelines` the same file as in memory. A partition file holds `LINE,` and the row as it was read; one larger
/// than half the memory budget is split again with another hash before it is reduced.
enum ScanSpill {
    /// Partitions written at the first level at most (file descriptors and buffers stay small).
    static let maxFanout = 256
    /// A partition too large to reduce is split this many ways.
    static let splitFanout = 16

    /// The partition of an id at a splitting level (a different mix of the hash per level).
    @inline(__always)
    static func partition(_ id: UnsafeBufferPointer<UInt8>, level: Int, fanout: Int) -> Int {
        var h = ByteInterner.hash(id) &+ UInt64(level) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return Int(h % UInt64(fanout))
    }

    /// A rejected row, kept until the rejects file is written in line order.
    struct Reject {
        var line: UInt64
        var reason: RejectReason
        var detail: String
        var raw: [UInt8]

        func write(to w: SpillWriter) throws {
            w.append(line)
            w.append(UInt8(RejectReason.allCases.firstIndex(of: reason)!))
            let d = Array(detail.utf8)
            w.append(UInt32(d.count))
            d.withUnsafeBufferPointer { w.append($0) }
            w.append(UInt32(raw.count))
            raw.withUnsafeBufferPointer { w.append($0) }
            try w.flushIfFull()
        }

        static func read(from r: SpillReader) throws -> Reject? {
            if try r.atEnd { return nil }
            let line = try r.uint64()
            let reason = RejectReason.allCases[Int(try r.byte())]
            let detail = String(decoding: try r.array(Int(try r.uint32())), as: UTF8.self)
            let raw = try r.array(Int(try r.uint32()))
            return Reject(line: line, reason: reason, detail: detail, raw: raw)
        }
    }

    /// The reason a rejected row is counted under: bytes that are not text fail whatever is checked first,
    /// so the real fault is named (as ``ScanIngestion`` does).
    static func reject(
        _ given: RejectReason, _ detail: String, line: UInt64, raw: UnsafeBufferPointer<UInt8>,
        summary: inout IngestSummary, to w: SpillWriter?
    ) throws {
        var (reason, detail) = (given, detail)
        if reason != .rowTooLong, reason != .invalidUTF8, !ByteInterner.isValidUTF8(raw) {
            (reason, detail) = (.invalidUTF8, "the row is not UTF-8 text")
        }
        summary.rejected[reason, default: 0] += 1
        try w.map { try Reject(line: line, reason: reason, detail: detail, raw: Array(raw)).write(to: $0) }
    }
}

extension ScanHeader {
    /// The header of a partition file: the same columns after a leading line-number column.
    init(shifting h: ScanHeader) {
        fieldCount = h.fieldCount + 1
        shipmentId = h.shipmentId + 1
        carrier = h.carrier + 1
        service = h.service + 1
        originCountry = h.originCountry + 1
        originPostal = h.originPostal + 1
        destinationCountry = h.destinationCountry + 1
        destinationPostal = h.destinationPostal + 1
        event = h.event + 1
        eventTime = h.eventTime + 1
        originRegion = h.originRegion.map { $0 + 1 }
        destinationRegion = h.destinationRegion.map { $0 + 1 }
        originId = h.originId.map { $0 + 1 }
        eventPostal = h.eventPostal.map { $0 + 1 }
        promisedDate = h.promisedDate.map { $0 + 1 }
    }
}
