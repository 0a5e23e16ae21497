import EDDCore

/// A request of the service's own that cannot be carried out (model files refused have their own errors).
public typealias QueryServiceError = CodedError<QueryServiceReason>

/// Why the service cannot carry out a request.
public enum QueryServiceReason: String, ErrorReason {
    /// `reload` without a path on a service that was not loaded from a file.
    case noModelPath = "service_no_model_path"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .usage }
}

extension CodedError where Reason == QueryServiceReason {
    /// `reload` without a path, and none to read again.
    static var noModelPath: QueryServiceError { QueryServiceError(.noModelPath, "no model path to reload from") }
}
