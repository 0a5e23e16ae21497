import EDDCore
import EDDTraining

extension Sweep {
    /// Reads the scan feed as `edd-train` does, keeping exactly the scans stamped at or before the sweep's
    /// instant (rejects counted and, with `base.rejectsPath`, written).
    ///
    /// - Parameters:
    ///   - path: the scan CSV, or `-` for standard input.
    ///   - base: aliases, rejects file and progress interval (its as-of is replaced by the sweep's instant).
    ///   - options: the sweep's instant.
    ///   - progress: called with the rows read so far.
    /// - Throws: what ``ScanIngestion/read(path:options:progress:)`` throws, and ``SweepError`` when
    ///   the instant is before the feed's first scan (a sweep of nothing is a mistaken `--now`).
    public static func ingest(
        path: String, base: IngestOptions = IngestOptions(), options: SweepOptions, progress: ((Int) -> Void)? = nil
    ) throws -> IngestResult {
        try checked(ScanIngestion.read(path: path, options: options.ingestOptions(base), progress: progress), options)
    }

    /// Reads a scan feed held in memory (tests); see ``ingest(path:base:options:progress:)``.
    public static func ingest(text: String, base: IngestOptions = IngestOptions(), options: SweepOptions) throws
        -> IngestResult
    {
        try checked(ScanIngestion.read(text: text, options: options.ingestOptions(base)), options)
    }

    private static func checked(_ result: IngestResult, _ options: SweepOptions) throws -> IngestResult {
        let s = result.summary
        if s.accepted > 0 && s.afterAsOf == s.accepted {
            throw SweepError(.nowBeforeFeed, "--now \(options.nowText) is before the feed's first scan")
        }
        return result
    }
}
