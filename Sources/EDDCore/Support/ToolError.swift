/// An error a command-line tool reports with one sentence and a sysexits-style exit status.
///
/// Library code throws these where the failure is the user's input (a missing file, a bad header); the
/// executables print `message` on stderr and exit with `exitCode`.
public struct ToolError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The exit status: 64 usage, 65 bad data, 66 missing input, 73 cannot create output, 1 otherwise.
    public var exitCode: Int32
    /// One clear sentence naming what is wrong.
    public var message: String

    public init(exitCode: Int32, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message }

    /// Bad command-line arguments (exit 64).
    public static func usage(_ message: String) -> ToolError { ToolError(exitCode: 64, message) }
    /// Input data that cannot be used (exit 65).
    public static func dataError(_ message: String) -> ToolError { ToolError(exitCode: 65, message) }
    /// An input file that does not exist or cannot be read (exit 66).
    public static func noInput(_ path: String) -> ToolError {
        ToolError(exitCode: 66, "cannot open '\(path)': no such file or not readable")
    }
    /// An output file that cannot be created (exit 73).
    public static func cannotCreate(_ path: String, _ why: String) -> ToolError {
        ToolError(exitCode: 73, "cannot write '\(path)': \(why)")
    }
    /// Anything else (exit 1).
    public static func failure(_ message: String) -> ToolError { ToolError(exitCode: 1, message) }
}
