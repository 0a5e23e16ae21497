import EDDCore

/// A sweep that cannot run: a previous sweep's output it cannot read, or a `--now` before the feed starts.
public typealias SweepError = CodedError<SweepReason>

/// Why a sweep cannot run.
public enum SweepReason: String, ErrorReason {
    /// A line of the previous sweep's output is not a sweep output line.
    case badHistory = "sweep_bad_history"
    /// `--now` is before the feed's first scan.
    case nowBeforeFeed = "sweep_now_before_feed"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { self == .badHistory ? .badInput : .usage }
}
