import EDDCore

/// One scan the client already knows about (`risk` requests).
public struct ScanInput: Hashable, Sendable {
    /// The event (case-insensitive on the wire).
    public var code: EventCode
    /// When it happened.
    public var time: RFC3339.Timestamp
    /// Where, if known.
    public var postal: String?

    /// Creates a scan.
    public init(code: EventCode, time: RFC3339.Timestamp, postal: String? = nil) {
        self.code = code
        self.time = time
        self.postal = postal
    }
}

/// The fields of a `risk` request: the shipment, the promise, and what has happened so far.
public struct RiskQuery: Hashable, Sendable {
    /// The shipment (all `edd` fields).
    public var shipment: EDDQuery
    /// The date shown to the customer.
    public var promised: CivilDate
    /// The instant to assess at; nil for the current time.
    public var now: RFC3339.Timestamp?
    /// `late` is `p_late ≥ threshold`; in [0,1], default 0.5.
    public var threshold: Double
    /// Scans so far, as given (at most ``RequestDecoder/maximumScans``); may be empty.
    public var scans: [ScanInput]

    /// Creates a query.
    public init(
        shipment: EDDQuery, promised: CivilDate, now: RFC3339.Timestamp? = nil, threshold: Double = 0.5,
        scans: [ScanInput] = []
    ) {
        self.shipment = shipment
        self.promised = promised
        self.now = now
        self.threshold = threshold
        self.scans = scans
    }
}
