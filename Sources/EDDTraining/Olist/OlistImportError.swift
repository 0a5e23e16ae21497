import EDDCore

/// An Olist table whose header cannot be used. (A missing table is an ``InputFileError``.)
public struct OlistImportError: EDDError, Equatable {
    /// What is wrong with the table.
    public enum Reason: String, Sendable, Hashable {
        /// The table has no header row.
        case noHeader = "olist_no_header"
        /// A column the importer needs is missing.
        case missingColumn = "olist_missing_column"
    }

    /// What is wrong with the table.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { .badInput }

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
