import EDDCore

/// A scan feed or alias file whose structure cannot be read: no header, a missing or repeated column, an
/// alias row that is not `carrier,code,event`. (Bad data rows are rejected and counted, not thrown.)
public typealias IngestionError = CodedError<IngestionReason>

/// What is wrong with a scan feed's or alias file's structure; every reason is bad input.
public enum IngestionReason: String, ErrorReason {
    /// The input has no header row, or the header row is not valid CSV.
    case noHeader = "ingest_no_header"
    /// A required column is missing.
    case missingColumn = "ingest_missing_column"
    /// A column the reader uses is named twice.
    case duplicateColumn = "ingest_duplicate_column"
    /// An alias file's row is malformed or names an unknown event code.
    case badAlias = "ingest_bad_alias"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .badInput }
}
