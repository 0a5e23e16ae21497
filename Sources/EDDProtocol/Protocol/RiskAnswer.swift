import EDDCore

/// What the predictor answers for a `risk` request.
public struct RiskAnswer: Sendable {
    /// P(delivered after `promised` | everything known at `now`).
    public var pLate: Double
    /// `pLate ≥ threshold`.
    public var late: Bool
    /// Where the shipment stands, from its scans.
    public var state: ShipmentState
    /// The current estimated delivery date, when there is one (omitted from the response when nil).
    public var edd: CivilDate?
    /// What drove the risk, most important first: a stable code and a human detail.
    public var reasons: [(code: String, detail: String)]

    /// Creates an answer.
    public init(
        pLate: Double, late: Bool, state: ShipmentState, edd: CivilDate? = nil,
        reasons: [(code: String, detail: String)] = []
    ) {
        self.pLate = pLate
        self.late = late
        self.state = state
        self.edd = edd
        self.reasons = reasons
    }
}
