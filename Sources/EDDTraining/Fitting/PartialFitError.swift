import EDDCore

/// A partial fit that cannot be merged: not one, truncated or corrupted, read with other options, or
/// overlapping another shard. (A partial that cannot be opened is an ``InputFileError``.)
public typealias PartialFitError = CodedError<PartialFitReason>

/// What is wrong with a set of partial fits.
public enum PartialFitReason: String, ErrorReason {
    /// No partial was given.
    case none = "partial_none"
    /// The file is not an edd partial fit, or of another format version.
    case foreign = "partial_foreign"
    /// The file ends early or its checksum does not match.
    case damaged = "partial_damaged"
    /// Partials read with different `--as-of` or options, or shards that share shipments.
    case mismatched = "partial_mismatched"
    /// A shard's shipments could not be read back while writing its partial.
    case unreadable = "partial_unreadable"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind {
        switch self {
        case .none: .usage
        case .foreign, .damaged, .mismatched: .badInput
        case .unreadable: .failure
        }
    }
}
