import EDDCore

/// A request of the service's own that cannot be carried out (model files refused have their own errors).
public struct QueryServiceError: EDDError, Equatable {
    /// What is wrong.
    public enum Reason: String, Sendable, Hashable {
        /// `reload` without a path on a service that was not loaded from a file.
        case noModelPath = "service_no_model_path"
    }

    /// What is wrong.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { .usage }

    static let noModelPath = QueryServiceError(reason: .noModelPath, message: "no model path to reload from")
}
