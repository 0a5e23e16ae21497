import EDDCore

/// A synthetic world that cannot be generated as configured, or a system that lacks what it needs.
public struct SyntheticError: EDDError, Equatable {
    /// What is wrong.
    public enum Reason: String, Sendable, Hashable {
        /// A negative shipment count or fewer than one day.
        case badCount = "synthetic_bad_count"
        /// Order dates outside the supported range.
        case unsupportedDates = "synthetic_unsupported_dates"
        /// The system's time-zone database lacks a zone the world uses.
        case missingTimeZone = "synthetic_missing_time_zone"
    }

    /// What is wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { reason == .missingTimeZone ? .failure : .usage }

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
