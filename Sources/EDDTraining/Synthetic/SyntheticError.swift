import EDDCore

/// A synthetic world that cannot be generated as configured, or a system that lacks what it needs.
public typealias SyntheticError = CodedError<SyntheticReason>

/// Why a synthetic world cannot be generated.
public enum SyntheticReason: String, ErrorReason {
    /// A negative shipment count or fewer than one day.
    case badCount = "synthetic_bad_count"
    /// Order dates outside the supported range.
    case unsupportedDates = "synthetic_unsupported_dates"
    /// The system's time-zone database lacks a zone the world uses.
    case missingTimeZone = "synthetic_missing_time_zone"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { self == .missingTimeZone ? .failure : .usage }
}
