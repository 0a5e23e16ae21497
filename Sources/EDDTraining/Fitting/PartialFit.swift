import EDDCore
import Foundation

/// Shard fits that merge exactly (`edd-train fit --partial`, `edd-train merge`).
///
/// A partial holds what a fit reads of each shipment of its shard: the ``ShipmentRecord``s (lane number,
/// milestone times, promised date, every scan's time and code), sorted by shipment id, with the shard's lanes and row
/// counts. The merge interleaves the shards' records by id, which is the order a fit reads any input in
/// (``ModelFitter/inFitOrder(_:)``), and runs the fit's passes over them in bounded memory; so when the
/// shards split the scans by shipment id and share their reading options, the merged model is byte for byte
/// the model of one fit over the union. Every stage, sums and non-sums alike (the lost-after cap, shrinkage
/// strengths, origin factors, the quantile layer's median regression, the out-of-time calibration), is thus
/// fitted at the merge from the merged shipments, as a second pass over the shards.
///
/// Layout: the magic `EDDPARTL`, a format version (u32), a JSON header (u32 length, then UTF-8, keys
/// sorted: the as-of, a digest of the aliases, row counts, the lanes), the records (u64 count, then each as
/// ``ShipmentRecord`` writes it), and an FNV-1a-64 checksum of everything before it.
public enum PartialFit {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 2
    static let magic = Array("EDDPARTL".utf8)

    /// What a shard was read with; shards merge only when these are equal.
    public struct Reading: Equatable, Sendable {
        /// The `--as-of` cut-off, when given.
        public var asOf: Instant?
        /// A digest of the `--aliases` table (empty when none).
        public var aliases: String

        public init(asOf: Instant?, aliases: String) {
            self.asOf = asOf
            self.aliases = aliases
        }
    }

    /// A digest of an alias file's bytes, to refuse merging shards read with different aliases.
    public static func digest(_ bytes: [UInt8]) -> String {
        var h = Checksum()
        h.add(bytes)
        return String(h.value, radix: 16)
    }

    /// FNV-1a-64, fed piece by piece.
    struct Checksum {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ bytes: some Sequence<UInt8>) {
            for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
        }

        mutating func add(_ raw: UnsafeRawBufferPointer) {
            var h = value
            for b in raw { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            value = h
        }
    }

    /// Writes the partial of a shard read in memory.
    ///
    /// - Throws: an ``OutputFileError`` when `path` cannot be written.
    public static func write(
        _ timelines: [ShipmentTimeline], summary: IngestSummary, reading: Reading, to path: String
    ) throws {
        let lanes = ShipmentLanes()
        let records = timelines.map { ShipmentRecord($0, lane: lanes.number($0), firstLine: 0) }
            .sorted(by: ShipmentRecord.precedes)
        try write(records, count: records.count, lanes: lanes, summary: summary, reading: reading, to: path)
    }

    /// Writes the partial of a shard read spilled (its records stream from disk).
    public static func write(_ read: SpilledIngest, reading: Reading, to path: String) throws {
        let r = try SpillReader(path: read.shipments.path, bufferSize: 1 << 20)
        let records = AnyIterator { (try? ShipmentRecord.read(from: r)) ?? nil }
        try write(
            records, count: read.shipments.count, lanes: read.shipments.lanes, summary: read.summary,
            reading: reading, to: path)
    }

    static func write(
        _ records: some Sequence<ShipmentRecord>, count: Int, lanes: ShipmentLanes, summary: IngestSummary,
        reading: Reading, to path: String
    ) throws {
        let output = try OutputFile(path: path)
        var checksum = Checksum()
        var buffer: [UInt8] = []
        func flush() throws {
            checksum.add(buffer)
            try output.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        let header: [String: Any] = [
            "format_version": Int(formatVersion),
            "as_of": reading.asOf.map { $0.description } ?? NSNull(),
            "aliases": reading.aliases,
            "rows": summary.rowsRead,
            "rejected": summary.rejectedTotal,
            "shipments": count,
            "lanes": lanes.lanes.map { l in
                [
                    l.carrier, l.service, l.origin.country, l.origin.postal, l.origin.region ?? NSNull(),
                    l.origin.id ?? NSNull(), l.destination.country, l.destination.postal,
                    l.destination.region ?? NSNull(),
                ] as [Any]
            },
        ]
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        buffer += magic
        withUnsafeBytes(of: formatVersion.littleEndian) { buffer += $0 }
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { buffer += $0 }
        buffer += json
        withUnsafeBytes(of: UInt64(count).littleEndian) { buffer += $0 }
        var written = 0
        let sink = RecordBuffer()
        for record in records {
            record.encode(into: &sink.bytes)
            written += 1
            if sink.bytes.count >= 1 << 20 {
                buffer += sink.bytes
                sink.bytes.removeAll(keepingCapacity: true)
                try flush()
            }
        }
        buffer += sink.bytes
        guard written == count else {
            throw PartialFitError(.unreadable, "the shard's shipments could not be read back from the temporary files")
        }
        try flush()
        withUnsafeBytes(of: checksum.value.littleEndian) { buffer += $0 }
        try output.write(buffer)
        try output.finish()
    }

    final class RecordBuffer {
        var bytes: [UInt8] = []
    }
}

extension ShipmentRecord {
    /// The bytes ``write(to:)`` writes, appended to `out`.
    func encode(into out: inout [UInt8]) {
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        put(firstLine)
        put(lane)
        for v in times { put(v) }
        out.append(firstCode)
        out.append(lastCode)
        put(UInt32(bitPattern: promised))
        put(UInt32(id.count))
        out += id
        put(UInt32(scans.count))
        for (t, c) in scans {
            put(t)
            out.append(c)
        }
    }
}

extension ModelFitter {
    /// The shipments in the order a fit reads them: by id, byte by byte, whatever order or shards they came
    /// in (see ``PartialFit``).
    public static func inFitOrder(_ timelines: [ShipmentTimeline]) -> [ShipmentTimeline] {
        timelines.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    }
}
