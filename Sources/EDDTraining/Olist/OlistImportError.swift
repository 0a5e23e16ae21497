import EDDCore

/// An Olist table whose header cannot be used. (A missing table is an ``InputFileError``.)
public typealias OlistImportError = CodedError<OlistImportReason>

/// What is wrong with an Olist table; both reasons are bad input.
public enum OlistImportReason: String, ErrorReason {
    /// The table has no header row.
    case noHeader = "olist_no_header"
    /// A column the importer needs is missing.
    case missingColumn = "olist_missing_column"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .badInput }
}
