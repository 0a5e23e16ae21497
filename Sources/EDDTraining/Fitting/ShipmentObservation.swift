import EDDCore

/// One shipment as the fitter sees it: its key chains, calendar-mapped durations and weight.
struct ShipmentObservation: Sendable {
    var handlingChain: [String?]
    var transitChain: [String?]
    /// The lane's chain with every service of the carrier pooled (for requests that name no service).
    var pooledTransitChain: [String?]
    var handling: StageOutcome
    var transit: StageOutcome
    /// Order-to-delivery in working days (for calibrating order-time answers), and the two stages as the
    /// calibration sees them: censored up to the looser calibration cap, so the slow parcels still under way
    /// count as "at least this long" instead of vanishing.
    var total: StageOutcome
    var calibrationTotal: StageOutcome
    var calibrationTransit: StageOutcome
    /// Working days from the last scan of each milestone to delivery (for the risk model's conditionals).
    var milestones: [(Milestone, StageOutcome)]
    /// The order's features for the quantile layer (nil without an order time).
    var features: [Double]?
    var weight: Double
    /// Order (or, without one, ship) instant: decides the calibration window.
    var reference: Instant
    /// A stable per-shipment number in [0, 1) used to randomise the PIT of discrete outcomes reproducibly.
    var jitter: Double
}
