/// What sort of failure an error is, in words no layer owns: the command line turns it into an exit status,
/// the wire into a protocol code, and the library only says which it is.
public enum ErrorKind: String, Sendable, Hashable, CaseIterable {
    /// The caller asked for something that cannot be done as asked (a bad flag, contradictory options).
    case usage
    /// The input exists but its content cannot be used (a malformed row, a corrupted model file).
    case badInput
    /// An input file that does not exist or cannot be opened.
    case missingInput
    /// An output that cannot be created or written.
    case unwritableOutput
    /// Anything else: the system failed underneath (a read error, a missing time zone).
    case failure
}

/// An error of this package: a stable code for programs, one sentence for people, and its kind.
///
/// Each layer has its own small error types (``ModelFileError``, ``OutputFileError``, …); none of them knows
/// exit statuses or wire codes. `description` is the message, so `"\(error)"` prints the sentence alone.
public protocol EDDError: Error, Sendable, CustomStringConvertible {
    /// A stable, snake_case name of what went wrong (`model_truncated`), unique across the package.
    var code: String { get }
    /// One clear sentence naming what is wrong (and the file, line or flag it concerns).
    var message: String { get }
    /// The sort of failure, which the command line maps to an exit status.
    var kind: ErrorKind { get }
}

extension EDDError {
    /// The message alone.
    public var description: String { message }
}
