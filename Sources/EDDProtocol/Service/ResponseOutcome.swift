import EDDCore

/// What answering one request line did, returned by ``QueryService/respond(line:adminAllowed:shard:into:)`` so
/// that its caller (the daemon's log) need not parse the response back.
///
/// The error and the reload outcome, rare, are kept together in one box: an outcome without them (nearly every
/// request's) is an op and a null reference, copied and destroyed in a few instructions instead of the two
/// optionals' payload checks (about 250 instructions a request between `respond` and its caller).
public struct ResponseOutcome: Sendable, Equatable {
    /// The operation asked for (``ServiceStatistics/Op/invalid`` when the line did not decode).
    public var op: ServiceStatistics.Op
    private var detail: Detail?

    /// The error the line was answered with, or nil when it succeeded.
    public var error: ProtocolError? {
        get { detail?.error }
        set { detail = Detail.of(error: newValue, reload: reload) }
    }

    /// What a `reload` request did; nil for every other op.
    public var reload: ReloadOutcome? {
        get { detail?.reload }
        set { detail = Detail.of(error: error, reload: newValue) }
    }

    /// Creates an outcome.
    public init(op: ServiceStatistics.Op, error: ProtocolError? = nil, reload: ReloadOutcome? = nil) {
        self.op = op
        self.detail = Detail.of(error: error, reload: reload)
    }

    public static func == (a: ResponseOutcome, b: ResponseOutcome) -> Bool {
        a.op == b.op && a.error == b.error && a.reload == b.reload
    }

    /// The error and the reload outcome (never both nil: then there is no box).
    private final class Detail: Sendable {
        let error: ProtocolError?
        let reload: ReloadOutcome?

        private init(error: ProtocolError?, reload: ReloadOutcome?) {
            self.error = error
            self.reload = reload
        }

        static func of(error: ProtocolError?, reload: ReloadOutcome?) -> Detail? {
            error == nil && reload == nil ? nil : Detail(error: error, reload: reload)
        }
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
