import EDDCore

/// A temporary file of a spilled read that fails underneath: it cannot be reopened or read back, or it
/// changed while it was read. (A temporary directory or file that cannot be written is an
/// ``OutputFileError`` naming `--tmp-dir`.)
public typealias SpillError = CodedError<SpillReason>

/// What went wrong with a temporary file; every reason is a failure of the system, not of the input.
public enum SpillReason: String, ErrorReason {
    /// A temporary file cannot be reopened for reading.
    case cannotReopen = "spill_cannot_reopen"
    /// Reading a temporary file back failed or ended early.
    case readFailed = "spill_read_failed"
    /// A temporary file was changed by someone else while it was read.
    case damaged = "spill_damaged"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .failure }
}
