import EDDCore

/// A daemon that cannot start. (A model file that is there but unusable is a ``ModelFileError``.)
public typealias DaemonError = CodedError<DaemonReason>

/// Why the daemon cannot start.
public enum DaemonReason: String, ErrorReason {
    /// No file at the model path.
    case noModelFile = "daemon_no_model_file"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .missingInput }
}

extension CodedError where Reason == DaemonReason {
    /// No file at `path`; the message says how to make one.
    static func noModelFile(_ path: String) -> DaemonError {
        DaemonError(
            .noModelFile,
            "no model file at '\(path)'; make one with '\(DaemonConfiguration.makeModelHint)' or pass --model PATH")
    }
}
