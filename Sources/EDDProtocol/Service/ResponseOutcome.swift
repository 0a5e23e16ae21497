import EDDCore

/// What answering one request line did, returned by ``QueryService/respond(line:adminAllowed:shard:into:)`` so
/// that its caller (the daemon's log) need not parse the response back.
public struct ResponseOutcome: Sendable, Equatable {
    /// The operation asked for (``ServiceStatistics/Op/invalid`` when the line did not decode).
    public var op: ServiceStatistics.Op
    /// The error the line was answered with, or nil when it succeeded.
    public var error: ProtocolError?
    /// What a `reload` request did; nil for every other op.
    public var reload: ReloadOutcome?

    /// Creates an outcome.
    public init(op: ServiceStatistics.Op, error: ProtocolError? = nil, reload: ReloadOutcome? = nil) {
        self.op = op
        self.error = error
        self.reload = reload
    }
}

/// What a `reload` request did.
public enum ReloadOutcome: Sendable, Equatable {
    /// The model with this id, read from this file, is now served.
    case loaded(model: String, path: String?)
    /// The connection may not reload (not the Unix socket, no `--allow-admin`).
    case refused(reason: String)
    /// The file was refused; the old model keeps serving.
    case failed(reason: String)
}
