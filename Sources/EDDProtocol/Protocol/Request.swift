import EDDCore

/// One decoded request line (PROTOCOL.md's ops).
public enum Request: Sendable {
    /// `op: "edd"`: when will it arrive.
    indirect case edd(EDDQuery)
    /// `op: "risk"`: will this parcel be late.
    indirect case risk(RiskQuery)
    /// `op: "health"`.
    case health
    /// `op: "model"`: model metadata.
    case model
    /// `op: "stats"`: counters and latencies.
    case stats
    /// `op: "reload"`: load the model file again, or the one at `path`.
    case reload(path: String?)

    /// The op's wire name (`edd`, `risk`, …), for counters and logs.
    public var op: String {
        switch self {
        case .edd: "edd"
        case .risk: "risk"
        case .health: "health"
        case .model: "model"
        case .stats: "stats"
        case .reload: "reload"
        }
    }

    /// Whether the op changes the daemon's state (only accepted where admin ops are allowed).
    public var isAdmin: Bool {
        if case .reload = self { return true }
        return false
    }
}

/// A request and the id to echo with its response.
public struct DecodedRequest: Sendable {
    /// The request's `id` as written, or nil when it had none.
    public var id: RequestID?
    /// What is asked.
    public var request: Request
    /// For an `edd` request decoded with a ``RouteMemo``: the memo's slot holding its route fields.
    var routeSlot: Int?

    /// Creates a decoded request.
    public init(id: RequestID?, request: Request) {
        self.id = id
        self.request = request
    }
}
