/// An external sort of output lines by a score, descending, ties by an order number ascending: lines are
/// kept in memory up to a budget, then sorted and written as a run under a ``SpillDirectory``; at the end
/// the runs are merged. Memory stays within the budget (plus one line per run while merging) whatever the
/// number of lines.
package final class SortedRuns {
    /// One line and its sort key.
    struct Entry {
        var score: Double
        var order: UInt64
        var line: [UInt8]

        /// Higher scores first, then lower order numbers.
        static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            a.score != b.score ? a.score > b.score : a.order < b.order
        }

        func write(to w: SpillWriter) throws {
            w.append(score.bitPattern)
            w.append(order)
            w.append(UInt32(line.count))
            line.withUnsafeBufferPointer { w.append($0) }
            try w.flushIfFull()
        }

        static func read(from r: SpillReader) throws -> Entry? {
            if try r.atEnd { return nil }
            let score = Double(bitPattern: try r.uint64())
            let order = try r.uint64()
            let count = Int(try r.uint32())
            return Entry(score: score, order: order, line: try r.array(count))
        }
    }

    let spill: SpillDirectory
    let budget: Int
    private var pending: [Entry] = []
    private var pendingBytes = 0
    private var runs: [SpillWriter] = []

    /// - Parameters:
    ///   - spill: where runs go.
    ///   - budget: bytes of lines held before a run is written.
    package init(spill: SpillDirectory, budget: Int) {
        self.spill = spill
        self.budget = max(budget, 1 << 16)
    }

    /// Runs written so far (after ``finish(_:)``: all of them; they are deleted by then).
    package var runCount: Int { runs.count }

    /// Adds one line (its bytes are copied).
    ///
    /// - Throws: ``OutputFileError`` when a run cannot be written.
    package func add(score: Double, order: UInt64, line: ArraySlice<UInt8>) throws {
        pending.append(Entry(score: score, order: order, line: Array(line)))
        // A line costs its bytes and the entry around them.
        pendingBytes += line.count + 48
        if pendingBytes >= budget { try writeRun() }
    }

    private func writeRun() throws {
        pending.sort(by: Entry.precedes)
        let w = try SpillWriter(spill, name: "run-\(runs.count + 1)")
        for e in pending { try e.write(to: w) }
        try w.finish()
        runs.append(w)
        pending = []
        pendingBytes = 0
    }

    /// Hands every line to `write` in sorted order, in chunks of about 1 MiB, deleting the runs as they are
    /// read.
    ///
    /// - Throws: what `write` throws, ``OutputFileError`` or ``SpillError`` for the runs.
    package func finish(_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        func emit(_ e: Entry) throws {
            out.append(contentsOf: e.line)
            if out.count >= 1 << 20 {
                try out.withUnsafeBufferPointer(write)
                out.removeAll(keepingCapacity: true)
            }
        }
        if runs.isEmpty {
            pending.sort(by: Entry.precedes)
            for e in pending { try emit(e) }
            pending = []
        } else {
            if !pending.isEmpty { try writeRun() }
            try ScanIngestion.mergeSorted(runs, spill, read: Entry.read(from:), less: Entry.precedes, emit: emit)
        }
        try out.withUnsafeBufferPointer(write)
    }
}
