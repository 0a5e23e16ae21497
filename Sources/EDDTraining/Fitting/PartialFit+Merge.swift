import EDDCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The shards' shipments merged in fit order, ready for ``ModelFitter/fit(timelines:options:dataSummary:)``.
public struct MergedPartials {
    /// The union's shipments, read back from a temporary file on every pass.
    public var shipments: SpilledShipments
    /// Data rows and rejected rows over all shards.
    public var rows: Int
    public var rejected: Int
    /// What every shard was read with.
    public var reading: PartialFit.Reading
}

extension PartialFit {
    /// One partial file opened for the merge: its header checked, positioned at its first record.
    final class Cursor {
        let path: String
        let reader: SpillReader
        var remaining: Int
        let reading: Reading
        let rows: Int
        let rejected: Int
        let lanes: [ShipmentLanes.Lane]
        var laneMap: [UInt32] = []

        init(path: String) throws {
            self.path = path
            try PartialFit.verify(path)
            reader = try SpillReader(path: path, bufferSize: 1 << 20)
            func bad(_ why: String) -> PartialFitError { PartialFitError(.damaged, "\(path) \(why)") }
            _ = try reader.array(PartialFit.magic.count)
            _ = try reader.uint32()
            let json = try reader.array(Int(try reader.uint32()))
            guard let header = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
                let rows = header["rows"] as? Int, let rejected = header["rejected"] as? Int,
                let aliases = header["aliases"] as? String, let laneRows = header["lanes"] as? [[Any]]
            else { throw bad("has a damaged header") }
            var asOf: Instant?
            if let text = header["as_of"] as? String {
                guard let parsed = RFC3339.parse(text)?.instant else { throw bad("has a damaged header") }
                asOf = parsed
            }
            func text(_ v: Any) -> String? { v as? String }
            lanes = try laneRows.map { l in
                guard l.count == 9, let carrier = text(l[0]), let service = text(l[1]), let oc = text(l[2]),
                    let op = text(l[3]), let dc = text(l[6]), let dp = text(l[7])
                else { throw bad("has a damaged header") }
                return ShipmentLanes.Lane(
                    carrier: carrier, service: service,
                    origin: Place(country: oc, postal: op, region: text(l[4]), id: text(l[5])),
                    destination: Place(country: dc, postal: dp, region: text(l[8])))
            }
            reading = Reading(asOf: asOf, aliases: aliases)
            self.rows = rows
            self.rejected = rejected
            remaining = Int(try reader.uint64())
        }

        /// The next record, its lane renumbered for the merge; nil after the last.
        func next() throws -> ShipmentRecord? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            guard var r = try ShipmentRecord.read(from: reader), Int(r.lane) < laneMap.count else {
                throw PartialFitError(.damaged, "\(path) is damaged: a shipment names a lane it does not list")
            }
            r.lane = laneMap[Int(r.lane)]
            return r
        }
    }

    /// Checks a partial's magic, version and checksum, reading it once.
    ///
    /// - Throws: an ``InputFileError`` when it cannot be read; a ``PartialFitError`` naming it when
    ///   it is not a partial, of another version, truncated or corrupted.
    static func verify(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFileError.cannotOpen(path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw InputFileError.cannotOpen(path) }
        let size = Int(st.st_size)
        let minimum = magic.count + 4 + 4 + 8 + 8
        var head = [UInt8](repeating: 0, count: min(size, magic.count + 4))
        guard read(fd, &head, head.count) == head.count, head.count == magic.count + 4,
            Array(head[0..<magic.count]) == magic
        else { throw PartialFitError(.foreign, "\(path) is not an edd partial fit (bad magic)") }
        let version = head[magic.count...].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard version == formatVersion else {
            throw PartialFitError(
                .foreign, "\(path) has partial format version \(version); this build reads version \(formatVersion)")
        }
        guard size >= minimum else { throw PartialFitError(.damaged, "\(path) is truncated") }
        var checksum = Checksum()
        checksum.add(head)
        var left = size - 8 - head.count
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { buffer.deallocate() }
        while left > 0 {
            let n = read(fd, buffer.baseAddress!, min(left, buffer.count))
            guard n > 0 else { throw PartialFitError(.damaged, "\(path) is truncated") }
            checksum.add(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            left -= n
        }
        var stored: UInt64 = 0
        guard read(fd, &stored, 8) == 8 else { throw PartialFitError(.damaged, "\(path) is truncated") }
        guard UInt64(littleEndian: stored) == checksum.value else {
            throw PartialFitError(.damaged, "\(path) is corrupted or truncated (checksum mismatch)")
        }
    }

    /// Merges partials into the union's shipments, in fit order, under `spill`.
    ///
    /// - Throws: a ``PartialFitError`` naming the partial that is not one, is damaged, was read with a
    ///   different `--as-of` or aliases than the first, or shares a shipment with another (shards must split
    ///   the scans by shipment id); an ``InputFileError`` for a partial that cannot be read. No shard is
    ///   ever left out: any of these refuses the whole merge.
    public static func merge(_ paths: [String], spill: SpillDirectory) throws -> MergedPartials {
        guard !paths.isEmpty else { throw PartialFitError(.none, "merge needs at least one partial") }
        let cursors = try paths.map { try Cursor(path: $0) }
        let first = cursors[0]
        for c in cursors.dropFirst() where c.reading != first.reading {
            let what =
                c.reading.asOf != first.reading.asOf
                ? "--as-of \(c.reading.asOf.map(\.description) ?? "(none)") but \(first.path) with "
                    + "--as-of \(first.reading.asOf.map(\.description) ?? "(none)")"
                : "other --aliases than \(first.path)"
            throw PartialFitError(
                .mismatched, "\(c.path) was read with \(what): partials merge only when read with the same options")
        }
        let lanes = ShipmentLanes()
        for c in cursors {
            c.laneMap = c.lanes.map { l in
                lanes.number(
                    ShipmentTimeline(
                        id: "", carrier: l.carrier, service: l.service, origin: l.origin, destination: l.destination))
            }
        }
        let out = try SpillWriter(spill, name: "merged-shipments")
        var count = 0
        var previous: (id: [UInt8], path: String)?
        try ScanIngestion.mergeSorted(
            cursors, read: { c -> (ShipmentRecord, String)? in try c.next().map { ($0, c.path) } },
            less: { ShipmentRecord.precedes($0.0, $1.0) },
            emit: { record, path in
                if let previous, previous.id == record.id {
                    throw PartialFitError(
                        .mismatched,
                        "shipment '\(String(decoding: record.id, as: UTF8.self))' is in both \(previous.path) and "
                            + "\(path): shards must split the scans by shipment id")
                }
                previous = (record.id, path)
                count += 1
                try record.write(to: out)
            })
        try out.finish()
        return MergedPartials(
            shipments: SpilledShipments(path: out.path, lanes: lanes, count: count, spill: spill),
            rows: cursors.reduce(0) { $0 + $1.rows }, rejected: cursors.reduce(0) { $0 + $1.rejected },
            reading: first.reading)
    }
}
