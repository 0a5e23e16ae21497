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

/// The list of what can go wrong in one concept (a model file, a scan feed): each case's raw value is its
/// stable code, and each case says its kind.
public protocol ErrorReason: RawRepresentable, Hashable, Sendable where RawValue == String {
    /// The sort of failure.
    var kind: ErrorKind { get }
}

/// An error of one concept: a reason from its list and the sentence that goes with it.
///
/// Each concept names its own (`typealias ModelFileError = CodedError<ModelFileReason>`), so a layer throws
/// and catches its own types while the code, message and kind work the same everywhere.
public struct CodedError<Reason: ErrorReason>: EDDError, Equatable {
    /// What went wrong.
    public let reason: Reason
    /// One clear sentence naming what is wrong.
    public let message: String

    /// Creates the error; the message names the file, line or flag and what is wrong with it.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The reason's raw value (`model_truncated`).
    public var code: String { reason.rawValue }
    /// The reason's kind.
    public var kind: ErrorKind { reason.kind }
}
