import EDDCore
import EDDTraining

extension Sweep {
    /// What a sweep in bounded memory read, answered and spilled.
    public struct SpilledRun: Sendable {
        /// The sweep's counts.
        public var summary: SweepSummary
        /// The feed's counts (as an in-memory read gives them).
        public var ingest: IngestSummary
        /// Partitions of the feed reduced.
        public var partitions: Int
        /// Sorted runs of answer lines written (0: the lines fitted in memory, or `--unsorted`).
        public var runs: Int
        /// The most bytes the temporary files held at once.
        public var peakTemporaryBytes: Int
    }

    /// Reads the feed in bounded memory and answers every parcel in flight as its partition is reduced:
    /// ``ingest(path:base:options:progress:)`` and ``run(timelines:model:history:options:write:progress:)``
    /// in one pass that never holds the feed or the answers whole.
    ///
    /// Sorted output is the same bytes as the in-memory sweep's (by `p_late` descending, ties in the input's
    /// order of first rows): the lines go to sorted runs under `spill` once they pass a quarter of `memory`,
    /// and the runs are merged. Unsorted output is written as partitions are answered, so in partition order.
    ///
    /// - Parameters:
    ///   - path: the scan CSV, or `-` for standard input.
    ///   - base: aliases, rejects file and progress interval (its as-of is replaced by the sweep's instant).
    ///   - model: the model.
    ///   - history: the previous sweep (empty for the first).
    ///   - options: instant, threshold, format, order, threads.
    ///   - spill: where the temporary files go; the caller removes it when done.
    ///   - memory: the budget in bytes: a partition of the feed holds at most half, the unsorted lines a quarter.
    ///   - write: receives the output bytes in order (the CSV header first).
    ///   - rows: called with the rows read so far.
    ///   - progress: called with the number of parcels answered so far, about every `progressInterval`.
    /// - Returns: the counts.
    /// - Throws: as ``ingest(path:base:options:progress:)``, what `write` throws, and ``SpillError`` or
    ///   ``OutputFileError`` for the temporary files.
    public static func runSpilled(
        path: String, base: IngestOptions = IngestOptions(), model: EDDModel, history: SweepHistory,
        options: SweepOptions, spill: SpillDirectory, memory: Int,
        write: (UnsafeBufferPointer<UInt8>) throws -> Void, rows: ((Int) -> Void)? = nil,
        progress: ((Int) -> Void)? = nil
    ) throws -> SpilledRun {
        try runSpilled(
            path: path, base: base, model: model, history: history, options: options, spill: spill,
            leafLimit: max(1 << 16, memory / 2), runBudget: memory / 4, write: write, rows: rows, progress: progress)
    }

    /// ``runSpilled(path:base:model:history:options:spill:memory:write:rows:progress:)`` with partitions of at
    /// most `leafLimit` bytes and runs of about `runBudget` bytes (tests force many of each on small feeds).
    static func runSpilled(
        path: String, base: IngestOptions, model: EDDModel, history: SweepHistory, options: SweepOptions,
        spill: SpillDirectory, leafLimit: Int, runBudget: Int, write: (UnsafeBufferPointer<UInt8>) throws -> Void,
        rows: ((Int) -> Void)?, progress: ((Int) -> Void)?
    ) throws -> SpilledRun {
        var summary = SweepSummary()
        summary.now = options.nowText
        summary.threshold = options.threshold
        summary.previousLines = history.lines
        if options.format == .csv { try SweepWriter.csvHeader().withUnsafeBufferPointer(write) }
        let predictors = (0..<max(1, options.threads)).map { _ in Predictor(model: model) }
        let sorter = options.sorted ? SortedRuns(spill: spill, budget: runBudget) : nil
        var block: [ShipmentTimeline] = []
        var lines: [UInt64] = []
        block.reserveCapacity(blockSize)
        lines.reserveCapacity(blockSize)
        var matched = 0
        var answered = 0
        var reported = 0
        func answer() throws {
            for part in answerBlock(block, block.indices, predictors, history, options) {
                summary.merge(part.summary)
                matched += part.matched
                answered += part.entries.count
                if let sorter {
                    for e in part.entries {
                        try sorter.add(score: e.pLate, order: lines[e.index], line: part.bytes[e.start..<e.end])
                    }
                } else {
                    try part.bytes.withUnsafeBufferPointer(write)
                }
            }
            block.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            if let progress, answered - reported >= options.progressInterval {
                progress(answered)
                reported = answered
            }
        }
        let pass = try ScanIngestion.forEachSpilled(
            path: path, options: options.ingestOptions(base), spill: spill, leafLimit: leafLimit, progress: rows
        ) { t, line in
            // Only parcels in flight are kept for answering; the rest of the feed passes through.
            guard isInFlight(t) else { return }
            block.append(t)
            lines.append(line)
            if block.count == blockSize { try answer() }
        }
        if !block.isEmpty { try answer() }
        let s = pass.summary
        if s.accepted > 0 && s.afterAsOf == s.accepted {
            throw SweepError(.nowBeforeFeed, "--now \(options.nowText) is before the feed's first scan")
        }
        summary.previousGone = history.lines - matched
        try sorter?.finish(write)
        return SpilledRun(
            summary: summary, ingest: s, partitions: pass.partitions, runs: sorter?.runCount ?? 0,
            peakTemporaryBytes: spill.bytes.peak)
    }
}
