import Glibc

/// An input file that cannot be opened or read (CSV feeds, calendars, request files).
public struct InputFileError: EDDError, Equatable {
    /// What went wrong.
    public enum Reason: String, Sendable, Hashable {
        /// No such file, a directory, or not readable.
        case cannotOpen = "input_cannot_open"
        /// Reading an open file failed.
        case readFailed = "input_read_failed"
    }

    /// What went wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { reason == .cannotOpen ? .missingInput : .failure }

    /// The file at `path` does not exist or cannot be opened.
    public static func cannotOpen(_ path: String) -> InputFileError {
        InputFileError(reason: .cannotOpen, message: "cannot open '\(path)': no such file or not readable")
    }

    /// Reading failed with the system error `errno`.
    public static func readFailed(errno: Int32) -> InputFileError {
        InputFileError(reason: .readFailed, message: "read failed: \(String(cString: strerror(errno)))")
    }
}
