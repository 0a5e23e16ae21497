import EDDCore

/// A scan feed or alias file whose structure cannot be read: no header, a missing or repeated column, an
/// alias row that is not `carrier,code,event`. (Bad data rows are rejected and counted, not thrown.)
public struct IngestionError: EDDError, Equatable {
    /// What is wrong with the file.
    public enum Reason: String, Sendable, Hashable {
        /// The input has no header row, or the header row is not valid CSV.
        case noHeader = "ingest_no_header"
        /// A required column is missing.
        case missingColumn = "ingest_missing_column"
        /// A column the reader uses is named twice.
        case duplicateColumn = "ingest_duplicate_column"
        /// An alias file's row is malformed or names an unknown event code.
        case badAlias = "ingest_bad_alias"
    }

    /// What is wrong with the file.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { .badInput }

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
