import EDDCore

/// A failure a subcommand finds itself, after its library calls: input that holds nothing to work on, a
/// connection that fails, a benchmark that cannot run.
public struct CommandError: EDDError, Equatable {
    /// `command_bad_input` or `command_failed`.
    public let code: String
    /// One clear sentence naming what is wrong.
    public let message: String
    /// Bad input or failure.
    public let kind: ErrorKind

    /// Input whose content cannot be used (an empty request file, a feed without shipments).
    public static func badInput(_ message: String) -> CommandError {
        CommandError(code: "command_bad_input", message: message, kind: .badInput)
    }

    /// Anything else (a connection that fails, a daemon that hangs up).
    public static func failure(_ message: String) -> CommandError {
        CommandError(code: "command_failed", message: message, kind: .failure)
    }
}
