import EDDCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a spilled read produced: the shipments (read back from disk on every pass) and the counts.
public struct SpilledIngest {
    /// The shipments in fit order (by id, ``ModelFitter/inFitOrder(_:)``).
    public var shipments: SpilledShipments
    /// The same counts an in-memory read gives.
    public var summary: IngestSummary
    /// Partitions reduced (after splitting the large ones).
    public var partitions: Int
    /// The most bytes the temporary files held at once.
    public var peakTemporaryBytes: Int
}

extension ScanIngestion {
    /// Reads scans like ``read(path:options:progress:)`` but keeps memory bounded: rows go to partition
    /// files under `spill`, each partition is reduced to compact per-shipment records, and the shipments are
    /// read back from those on every pass (see ``ScanSpill``).
    ///
    /// - Parameters:
    ///   - path: the file, or `-` for standard input.
    ///   - options: aliases, as-of cut-off and rejects file, as for an in-memory read.
    ///   - spill: where the temporary files go; the caller removes it when done.
    ///   - memory: the budget in bytes a partition is sized to (a partition holds at most half of it).
    ///   - progress: called with the rows read every `options.progressInterval` rows.
    /// - Throws: as ``read(path:options:progress:)``, and an ``OutputFileError`` naming the
    ///   temporary directory's parent when a temporary file cannot be written (a full disk).
    public static func readSpilled(
        path: String, options: IngestOptions, spill: SpillDirectory, memory: Int, progress: ((Int) -> Void)? = nil
    ) throws -> SpilledIngest {
        try readSpilled(
            path: path, options: options, spill: spill, leafLimit: max(1 << 16, memory / 2), progress: progress)
    }

    /// ``readSpilled(path:options:spill:memory:progress:)`` with partitions of at most `leafLimit` bytes
    /// (tests force many partitions on small inputs).
    static func readSpilled(
        path: String, options: IngestOptions, spill: SpillDirectory, leafLimit: Int, progress: ((Int) -> Void)?
    ) throws -> SpilledIngest {
        let lanes = ShipmentLanes()
        var reduced = try reduceSpilled(
            path: path, options: options, spill: spill, leafLimit: leafLimit, progress: progress,
            workers: reductionWorkers, make: { RecordLeaf(lanes: lanes) })
        // Merge the leaves' records into one file in shipment-id order (the order a fit reads, see
        // ``ShipmentRecord/precedes(_:_:)``), and the rejected rows in line order.
        let merged = try reduced.newWriter("shipments-")
        var count = 0
        try mergeSorted(
            reduced.leaves, spill, read: ShipmentRecord.read(from:), less: ShipmentRecord.precedes,
            emit: { record in
                count += 1
                try record.write(to: merged)
            })
        try merged.finish()
        try reduced.writeRejects()
        return SpilledIngest(
            shipments: SpilledShipments(path: merged.path, lanes: lanes, count: count, spill: spill),
            summary: reduced.summary,
            partitions: reduced.leaves.count, peakTemporaryBytes: spill.bytes.peak)
    }

    /// What pass 1 and the reductions leave: the counts, one file per reduced partition (what `keep` wrote,
    /// in first-row order) and the rejected rows waiting to be merged into the rejects file.
    struct Reduced {
        var summary: IngestSummary
        var leaves: [SpillWriter]
        var rejectFiles: [SpillWriter]
        var rejectsOutput: CSVOutput?
        let spill: SpillDirectory
        var names: Int

        mutating func newWriter(_ prefix: String) throws -> SpillWriter {
            names += 1
            return try SpillWriter(spill, name: "\(prefix)\(names)")
        }

        /// Writes the rejects file (when asked for) in line order, as an in-memory read writes it.
        func writeRejects() throws {
            guard let rejectsOutput else { return }
            try rejectsOutput.writeRow(["line", "reason", "detail", "raw"])
            try mergeByLine(
                rejectFiles, spill, read: ScanSpill.Reject.read(from:), line: \.line,
                emit: { j in
                    rejectsOutput.appendRaw(String(j.line))
                    rejectsOutput.appendComma()
                    rejectsOutput.appendRaw(j.reason.rawValue)
                    rejectsOutput.appendComma()
                    rejectsOutput.appendField(j.detail)
                    rejectsOutput.appendComma()
                    j.raw.withUnsafeBufferPointer { rejectsOutput.appendField(bytes: $0) }
                    try rejectsOutput.endRow()
                })
            try rejectsOutput.finish()
        }
    }

    /// Pass 1 (partition the rows) and pass 2 (reduce each partition, on up to `workers` threads, handing each
    /// timeline with its first row's line to the partition's `make()`, see ``SpillLeafReduction``).
    static func reduceSpilled<R: SpillLeafReduction>(
        path: String, options: IngestOptions, spill: SpillDirectory, leafLimit: Int, progress: ((Int) -> Void)?,
        workers: Int, make: () -> R
    ) throws -> Reduced {
        let reader = try CSVReader(path: path)
        let source = path == "-" ? "standard input" : path
        var status = try reader.next()
        while status == .blank { status = try reader.next() }
        guard let headerStatus = status else {
            throw IngestionError(.noHeader, "\(source): empty input, no header row")
        }
        guard headerStatus == .row else { throw IngestionError(.noHeader, "\(source): the header row is malformed") }
        let header = try ScanHeader(names: (0..<reader.fieldCount).map { reader.string($0) }, source: source)
        let rejectsOutput = try options.rejectsPath.map { try CSVOutput(path: $0) }

        // Partitions are sized to the budget, not to the input: aimed at half the leaf limit (a partition
        // file holds its rows plus a line number each, about a tenth more), so they rarely need splitting, and
        // a split (into pieces a sixteenth the size) does not make a large input's reduction lighter than a
        // small one's. Peak memory then follows the budget whatever the input's size.
        var fanout = 16
        if path != "-" {
            var st = stat()
            if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                let target = max(1, leafLimit / 2)
                fanout = (Int(st.st_size) + Int(st.st_size) / 10 + target - 1) / target
                // A multiple of the workers, so no partition is left to reduce alone at the end while the
                // other workers wait (five partitions on two workers took three rounds, six smaller ones take
                // less time): the nearest one, so partitions stay near the target whatever the input's size
                // (rounding up made 1 M's five into six of 207 MiB and 10 M's fifty of 257 MiB, and peak RSS
                // followed); at most half again the target, never over the limit that splits.
                if fanout > 1, workers > 1 {
                    let exact = Double(Int(st.st_size) + Int(st.st_size) / 10) / Double(target)
                    fanout = max(workers, Int((exact / Double(workers)).rounded()) * workers)
                }
            }
        }
        fanout = min(max(fanout, 1), ScanSpill.maxFanout)

        var summary = IngestSummary()
        var names = 0
        func newWriter(_ prefix: String) throws -> SpillWriter {
            names += 1
            return try SpillWriter(spill, name: "\(prefix)\(names)")
        }
        var rejectFiles: [SpillWriter] = []
        func rejectWriter() throws -> SpillWriter? {
            guard rejectsOutput != nil else { return nil }
            let w = try newWriter("rejects-")
            rejectFiles.append(w)
            return w
        }

        // Pass 1: route every row to its shipment's partition; rows the reader or the field count condemn are
        // rejected here, as the in-memory read rejects them before looking at any field.
        let firstRejects = try rejectWriter()
        var partitions = try (0..<fanout).map { _ in try newWriter("partition-") }
        let interval = max(1, options.progressInterval)
        while let status = try reader.next(locating: header.shipmentId) {
            if status == .blank {
                summary.blankLines += 1
                continue
            }
            summary.rowsRead += 1
            if summary.rowsRead % interval == 0 { progress?(summary.rowsRead) }
            let line = UInt64(reader.line)
            switch status {
            case .unterminatedQuote:
                try ScanSpill.reject(
                    .unterminatedQuote, "a quoted field does not close", line: line, raw: reader.rawRow,
                    summary: &summary, to: firstRejects)
                continue
            case .tooLong:
                try ScanSpill.reject(
                    .rowTooLong, "longer than \(reader.maxRowBytes) bytes", line: line, raw: reader.rawRow,
                    summary: &summary, to: firstRejects)
                continue
            default: break
            }
            guard reader.locatedFieldCount == header.fieldCount else {
                try ScanSpill.reject(
                    .wrongFieldCount, "\(reader.locatedFieldCount) fields, header has \(header.fieldCount)",
                    line: line, raw: reader.rawRow, summary: &summary, to: firstRejects)
                continue
            }
            let w = partitions[ScanSpill.partition(reader.located.trimmedBlanks(), level: 0, fanout: fanout)]
            var digits = String(line)
            digits.withUTF8 { w.append($0) }
            w.append(UInt8(44))
            w.append(reader.rawRow)
            w.append(UInt8(13))
            w.append(UInt8(10))
            try w.flushIfFull()
        }
        try firstRejects?.finish()
        for w in partitions { try w.finish() }

        // Pass 2: split the partitions too large for the budget (in the order the reductions then take them),
        // then reduce them, several at once.
        let shifted = ScanHeader(shifting: header)
        let rowLimit = reader.maxRowBytes + 64
        var toReduce: [SpillWriter] = []
        var work = partitions.map { ($0, 0) }
        partitions = []
        while let (file, level) = work.popLast() {
            guard file.written > leafLimit && level < 8 else {
                toReduce.append(file)
                continue
            }
            let parts = try (0..<ScanSpill.splitFanout).map { _ in try newWriter("partition-") }
            let r = try CSVReader(path: file.path, maxRowBytes: rowLimit)
            while let status = try r.next() {
                guard status == .row else { throw damaged(file.path) }
                let w = parts[
                    ScanSpill.partition(
                        r.field(shifted.shipmentId).trimmedBlanks(), level: level + 1,
                        fanout: ScanSpill.splitFanout)]
                w.append(r.rawRow)
                w.append(UInt8(13))
                w.append(UInt8(10))
                try w.flushIfFull()
            }
            for w in parts { try w.finish() }
            spill.delete(file.path, bytes: file.written)
            work += parts.map { ($0, level + 1) }
        }
        let reductions = try reducePartitions(
            toReduce, header: shifted, rowLimit: rowLimit, options: options, spill: spill,
            keepsRejects: rejectsOutput != nil, workers: workers, make: make)
        summary.add(reductions.summary)
        rejectFiles += reductions.rejectFiles
        let latest = reductions.latest
        let leaves = reductions.leaves
        summary.cutoff = options.asOf ?? (latest == Int64.min ? nil : Instant(seconds: latest + 1))
        return Reduced(
            summary: summary, leaves: leaves, rejectFiles: rejectFiles, rejectsOutput: rejectsOutput, spill: spill,
            names: names)
    }

    static func damaged(_ path: String) -> SpillError {
        SpillError(.damaged, "the temporary file '\(path)' was changed while it was read")
    }

    /// Merges files each sorted by line into one stream sorted by line, deleting each file once read.
    static func mergeByLine<T>(
        _ files: [SpillWriter], _ spill: SpillDirectory, read: (SpillReader) throws -> T?, line: KeyPath<T, UInt64>,
        emit: (T) throws -> Void
    ) throws {
        try mergeSorted(files, spill, read: read, less: { $0[keyPath: line] < $1[keyPath: line] }, emit: emit)
    }

    /// Merges files each sorted by `less` into one sorted stream, deleting each file once read.
    static func mergeSorted<T>(
        _ files: [SpillWriter], _ spill: SpillDirectory, read: (SpillReader) throws -> T?, less: (T, T) -> Bool,
        emit: (T) throws -> Void
    ) throws {
        try mergeSorted(try files.map { try SpillReader(path: $0.path) }, read: read, less: less, emit: emit)
        for f in files { spill.delete(f.path, bytes: f.written) }
    }

    /// Merges readers each sorted by `less` into one sorted stream (ties: the earlier reader first).
    static func mergeSorted<R, T>(
        _ readers: [R], read: (R) throws -> T?, less: (T, T) -> Bool, emit: (T) throws -> Void
    ) throws {
        // A binary min-heap of reader indices ordered by their current heads.
        var heads: [T?] = try readers.map { try read($0) }
        var heap: [Int] = heads.indices.filter { heads[$0] != nil }
        func before(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (heads[a]!, heads[b]!)
            if less(x, y) { return true }
            return !less(y, x) && a < b
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < heap.count && before(heap[l], heap[m]) { m = l }
                if r < heap.count && before(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in stride(from: heap.count / 2, through: 0, by: -1) { siftDown(i) }
        while let i = heap.first {
            try emit(heads[i]!)
            heads[i] = try read(readers[i])
            if heads[i] == nil {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
    }
}

/// The shipments of a spilled read, read back from their records file on every iteration: a pass over them
/// holds one shipment at a time.
///
/// A read failure (the temporary file removed or damaged under the run) ends the iteration and is kept in
/// ``failure``; a caller checks it before using what it computed. Sendable because every iteration opens its
/// own reader and the only state shared between them, the first failure, is kept under a lock: a backtest
/// iterates it from every fold at once.
public final class SpilledShipments: Sequence, @unchecked Sendable {
    let path: String
    let lanes: ShipmentLanes
    /// The directory the records file is in, where a fit over them keeps its own temporary files.
    let spill: SpillDirectory
    /// The number of shipments.
    public let count: Int
    private let firstFailure = Mutex<(any EDDError)?>(nil)

    /// The first error met while reading the records back, if any.
    public var failure: (any EDDError)? { firstFailure.withLock { $0 } }

    init(path: String, lanes: ShipmentLanes, count: Int, spill: SpillDirectory) {
        self.path = path
        self.lanes = lanes
        self.count = count
        self.spill = spill
    }

    /// Keeps the first failure.
    func fail(_ error: any Error) {
        firstFailure.withLock { $0 = $0 ?? (error as? any EDDError) ?? SpillError(.readFailed, "\(error)") }
    }

    /// The shipment whose first row came first in the input (nil when there are none), read in one pass: what
    /// an in-memory read's first timeline is.
    public var firstInInput: ShipmentTimeline? {
        var best: (firstLine: UInt64, timeline: ShipmentTimeline)?
        do {
            let r = try SpillReader(path: path, bufferSize: 1 << 20)
            while let next = try ShipmentRecord.readTimeline(from: r, lanes: lanes) {
                if best.map({ next.firstLine < $0.firstLine }) ?? true { best = next }
            }
        } catch {
            fail(error)
            return nil
        }
        return best?.timeline
    }

    /// Iterates the shipments in fit order.
    public struct Iterator: IteratorProtocol {
        let owner: SpilledShipments
        var reader: SpillReader?

        public mutating func next() -> ShipmentTimeline? {
            guard let r = reader else { return nil }
            do {
                if let next = try ShipmentRecord.readTimeline(from: r, lanes: owner.lanes) { return next.timeline }
            } catch {
                owner.fail(error)
            }
            reader = nil
            return nil
        }
    }

    public func makeIterator() -> Iterator {
        do {
            return Iterator(owner: self, reader: try SpillReader(path: path, bufferSize: 1 << 20))
        } catch {
            fail(error)
            return Iterator(owner: self, reader: nil)
        }
    }

    /// The number of shipments.
    public var underestimatedCount: Int { count }
}

extension ScanIngestion {
    /// `edd-train timelines` in bounded memory: each partition's rows are written as timeline rows, merged
    /// back into first-row order, and written to `output` as ``TimelineCSV/write(_:stateAt:to:)`` writes them.
    ///
    /// Every event of a read lies before its cut-off, so a shipment's state at the cut-off is its state
    /// after its last scan, known when its partition is reduced; only `censored_at` (the cut-off itself,
    /// known once every partition is reduced) is filled in at the merge.
    ///
    /// - Returns: the counts, the partitions reduced and the most bytes the temporary files held.
    /// - Throws: as ``readSpilled(path:options:spill:memory:progress:)``, and when `output` cannot be written.
    public static func writeTimelinesSpilled(
        path: String, options: IngestOptions, spill: SpillDirectory, memory: Int, to output: CSVOutput,
        progress: ((Int) -> Void)? = nil
    ) throws -> (summary: IngestSummary, partitions: Int, peakTemporaryBytes: Int) {
        let reduced = try reduceSpilled(
            path: path, options: options, spill: spill, leafLimit: max(1 << 16, memory / 2), progress: progress,
            workers: reductionWorkers, make: { TimelineLeaf() })
        let cutoff = reduced.summary.cutoff
        try output.writeRow(TimelineCSV.columns)
        try mergeByLine(
            reduced.leaves, spill, read: TimelineRow.read(from:), line: \.firstLine,
            emit: { row in
                var fields = row.fields
                fields[fields.count - 2] = row.open ? cutoff.map(\.description) ?? "" : ""
                if cutoff == nil { fields[fields.count - 1] = "" }
                try output.writeRow(fields)
            })
        try reduced.writeRejects()
        return (reduced.summary, reduced.leaves.count, spill.bytes.peak)
    }
}

/// A partition's shipments as timeline rows, written as they come (`edd-train timelines`).
struct TimelineLeaf: SpillLeafReduction {
    func keep(_ t: ShipmentTimeline, firstLine: UInt64, to leaf: SpillWriter) throws {
        let open = t.deliveryTime == nil && t.returnTime == nil && t.cancelTime == nil
        try TimelineRow(
            firstLine: firstLine, open: open,
            fields: TimelineCSV.fields(t, stateAt: Instant(seconds: Int64.max / 2))
        ).write(to: leaf)
    }
}

/// A partition's shipments as records (``ScanIngestion/readSpilled(path:options:spill:memory:progress:)``):
/// numbered by the partition's own lanes while it is reduced, renumbered into the read's lanes in partition
/// order (so the numbers are those a single thread gives), then written sorted by id.
struct RecordLeaf: SpillLeafReduction {
    let lanes: ShipmentLanes
    private let local = ShipmentLanes()
    private var records: [ShipmentRecord] = []
    private var numbers: [UInt32] = []

    init(lanes: ShipmentLanes) { self.lanes = lanes }

    mutating func keep(_ t: ShipmentTimeline, firstLine: UInt64, to leaf: SpillWriter) throws {
        records.append(ShipmentRecord(t, lane: local.number(t), firstLine: firstLine))
    }

    mutating func commit() { numbers = local.lanes.map { lanes.number($0) } }

    mutating func finish(to leaf: SpillWriter) throws {
        for i in records.indices { records[i].lane = numbers[Int(records[i].lane)] }
        // Sorting positions moves no record (and retains none); a partition's ids are distinct.
        let order = records.withUnsafeBufferPointer { all in
            all.indices.sorted { all[$0].id.lexicographicallyPrecedes(all[$1].id) }
        }
        for i in order { try records[i].write(to: leaf) }
        records = []
    }
}

/// A timeline's CSV fields kept on disk between its partition's reduction and the merge.
struct TimelineRow {
    var firstLine: UInt64
    var open: Bool
    var fields: [String]

    func write(to w: SpillWriter) throws {
        w.append(firstLine)
        w.append(UInt8(open ? 1 : 0))
        w.append(UInt32(fields.count))
        for f in fields {
            var f = f
            f.withUTF8 {
                w.append(UInt32($0.count))
                w.append($0)
            }
        }
        try w.flushIfFull()
    }

    static func read(from r: SpillReader) throws -> TimelineRow? {
        if try r.atEnd { return nil }
        let firstLine = try r.uint64()
        let open = try r.byte() == 1
        let n = Int(try r.uint32())
        var fields: [String] = []
        fields.reserveCapacity(n)
        for _ in 0..<n { fields.append(String(decoding: try r.array(Int(try r.uint32())), as: UTF8.self)) }
        return TimelineRow(firstLine: firstLine, open: open, fields: fields)
    }
}
