import EDDCore

/// A sweep that cannot run: a previous sweep's output it cannot read, or a `--now` before the feed starts.
public struct SweepError: EDDError, Equatable {
    /// What is wrong.
    public enum Reason: String, Sendable, Hashable {
        /// A line of the previous sweep's output is not a sweep output line.
        case badHistory = "sweep_bad_history"
        /// `--now` is before the feed's first scan.
        case nowBeforeFeed = "sweep_now_before_feed"
    }

    /// What is wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { reason == .badHistory ? .badInput : .usage }

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
