import EDDCore

/// A daemon that cannot start. (A model file that is there but unusable is a ``ModelFileError``.)
public struct DaemonError: EDDError, Equatable {
    /// What is wrong.
    public enum Reason: String, Sendable, Hashable {
        /// No file at the model path.
        case noModelFile = "daemon_no_model_file"
    }

    /// What is wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { .missingInput }

    /// No file at `path`; the message says how to make one.
    static func noModelFile(_ path: String) -> DaemonError {
        DaemonError(
            reason: .noModelFile,
            message:
                "no model file at '\(path)'; make one with '\(DaemonConfiguration.makeModelHint)' or pass --model PATH")
    }
}
