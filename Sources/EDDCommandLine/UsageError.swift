import EDDCore

/// A command line that cannot be obeyed as written: an unknown option, a missing or malformed value, a flag
/// given twice, paths that collide.
public struct UsageError: EDDError, Equatable {
    /// One sentence naming the flag or argument and what is wrong with it.
    public let message: String

    /// Creates the error; the message names the flag and what is wrong with it.
    public init(_ message: String) {
        self.message = message
    }

    /// Always `usage`.
    public var code: String { "usage" }
    /// Always usage.
    public var kind: ErrorKind { .usage }
}
