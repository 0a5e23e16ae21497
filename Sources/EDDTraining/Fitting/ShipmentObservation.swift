import EDDCore

/// One shipment as the fitter sees it: its key chains, calendar-mapped durations and weight.
struct ShipmentObservation: Sendable {
    /// Earlier days of in-transit scans (before the last one's) whose remaining time a shipment teaches its
    /// milestone node, at most; a longer transit's are taken evenly spread, so that every stage of it counts.
    static let earlierInTransitDays = 3
    var handlingChain: [String?]
    var transitChain: [String?]
    /// The lane's chain with every service of the carrier pooled (for requests that name no service).
    var pooledTransitChain: [String?]
    var handling: StageOutcome
    var transit: StageOutcome
    /// Order → delivery of a shipment with no carrier hand-off scan (learned on the lane chain, so the
    /// service matters even when the feed has only the order and the delivery); `.unknown` otherwise.
    var direct: StageOutcome
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
    /// Whether the parcel was returned to the sender (a competing outcome that is not a loss).
    var returned = false
    /// Order (or, without one, ship) instant: decides the calibration window.
    var reference: Instant
    /// A stable per-shipment number in [0, 1) used to randomise the PIT of discrete outcomes reproducibly.
    var jitter: Double
}

extension ShipmentObservation {
    /// The warehouse or seller (`origin_id`), the most specific key of the handling chain; nil when the feed
    /// names none.
    var originID: String? { handlingChain[OriginLevel.origin.rank] }

    /// Turns every stage censored beyond `cap` working days into a competing outcome (lost), as observing
    /// with that cap would have, and counts the shipment's outcome again in `summary` (censored or lost).
    mutating func cap(_ cap: Int, calibration: Int, summary: inout FitSummary) {
        func capped(_ o: StageOutcome, _ limit: Int = cap) -> StageOutcome {
            if case .censored(let d) = o, d > limit { return .competing }
            return o
        }
        calibrationTotal = capped(calibrationTotal, calibration)
        calibrationTransit = capped(calibrationTransit, calibration)
        let before = outcome
        handling = capped(handling)
        transit = capped(transit)
        direct = capped(direct)
        total = capped(total)
        milestones = milestones.map { ($0.0, capped($0.1)) }
        switch (before, outcome) {
        case (.censored, .competing): summary.lost += 1
        case (.censored, _): summary.censored += 1
        case (.competing, _) where !returned: summary.lost += 1
        default: break
        }
    }

    /// The outcome the fit summary counts the shipment under.
    var outcome: StageOutcome {
        if case .unknown = direct {
            if case .unknown = transit { return handling }
            return transit
        }
        return direct
    }
}
