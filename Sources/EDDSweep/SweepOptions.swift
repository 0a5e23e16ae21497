import EDDCore
import EDDTraining

#if canImport(Glibc)
    import Glibc
#endif

/// How a sweep runs: the instant, the threshold, the output's shape and order.
public struct SweepOptions: Sendable {
    /// The instant every parcel is assessed at, written with the offset it was given in.
    public var now: RFC3339.Timestamp
    /// `late` is `p_late ≥ threshold`, in [0,1].
    public var threshold: Double
    /// JSON lines or CSV.
    public var format: SweepFormat
    /// By `p_late` descending (ties in input order) when true; in input order, written as answered, when false.
    public var sorted: Bool
    /// Threads answering parcels (each with its own predictor).
    public var threads: Int
    /// Parcels answered between progress callbacks.
    public var progressInterval: Int

    /// Creates options; the defaults are `edd sweep`'s.
    public init(
        now: RFC3339.Timestamp, threshold: Double = 0.5, format: SweepFormat = .jsonl, sorted: Bool = true,
        threads: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), progressInterval: Int = 100_000
    ) {
        self.now = now
        self.threshold = threshold
        self.format = format
        self.sorted = sorted
        self.threads = threads
        self.progressInterval = progressInterval
    }

    /// `now` as written in `notified_at`.
    public var nowText: String { RFC3339.format(now.instant, utcOffset: now.utcOffset) }

    /// Ingestion options that keep exactly the scans stamped at or before `now` (the `risk` op counts a scan
    /// at `now`; ingestion's as-of hides scans at or after its instant, so it is set one second later).
    public func ingestOptions(_ base: IngestOptions) -> IngestOptions {
        var options = base
        options.asOf = now.instant.adding(seconds: 1)
        return options
    }
}
