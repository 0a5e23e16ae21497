import EDDCore

/// A report that cannot be made as asked. (An output that cannot be written is an ``OutputFileError``.)
public typealias ReportError = CodedError<ReportReason>

/// Why a report cannot be made.
public enum ReportReason: String, ErrorReason {
    /// The period's start is after its end.
    case reversedRange = "report_reversed_range"
    /// The report could not be encoded as JSON.
    case encodingFailed = "report_encoding_failed"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { self == .reversedRange ? .usage : .failure }
}
