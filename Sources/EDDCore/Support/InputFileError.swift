import Glibc

/// An input file that cannot be opened or read (CSV feeds, calendars, model files, request files).
public typealias InputFileError = CodedError<InputFileReason>

/// What went wrong with an input file.
public enum InputFileReason: String, ErrorReason {
    /// No such file, a directory, or not readable.
    case cannotOpen = "input_cannot_open"
    /// Reading an open file failed.
    case readFailed = "input_read_failed"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { self == .cannotOpen ? .missingInput : .failure }
}

extension CodedError where Reason == InputFileReason {
    /// The file at `path` does not exist or cannot be opened.
    public static func cannotOpen(_ path: String) -> InputFileError {
        InputFileError(.cannotOpen, "cannot open '\(path)': no such file or not readable")
    }

    /// Reading failed with the system error `errno`.
    public static func readFailed(errno: Int32) -> InputFileError {
        InputFileError(.readFailed, "read failed: \(String(cString: strerror(errno)))")
    }
}
