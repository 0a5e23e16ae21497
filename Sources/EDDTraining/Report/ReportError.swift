import EDDCore

/// A report that cannot be made as asked. (An output that cannot be written is an ``OutputFileError``.)
public struct ReportError: EDDError, Equatable {
    /// What is wrong.
    public enum Reason: String, Sendable, Hashable {
        /// The period's start is after its end.
        case reversedRange = "report_reversed_range"
        /// The report could not be encoded as JSON.
        case encodingFailed = "report_encoding_failed"
    }

    /// What is wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { reason == .reversedRange ? .usage : .failure }

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
