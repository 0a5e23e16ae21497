import EDDCore

/// Everything the report adds up for one group over one period.
struct GroupStatistics {
    var shipments = 0
    /// Indexed by ``ShipmentFacts/Outcome``.
    var outcomes = [Int](repeating: 0, count: ShipmentFacts.Outcome.allCases.count)
    var handling = DayTally()
    var transit = DayTally()
    var total = DayTally()
    var sameDayKnown = 0
    var sameDay = 0
    var promiseKnown = 0
    var onTime = 0
    var promiseDelivered = 0
    var daysLateSum = 0
    var exceptions = 0
    var attempts = 0
    /// With a model: delivered shipments predicted at order time, and how their delivery fell against the
    /// stated 80% range (before, inside, after) and inside the 90% range.
    var predicted = 0
    var inside80 = 0
    var early80 = 0
    var late80 = 0
    var inside90 = 0

    mutating func add(_ f: ShipmentFacts) {
        shipments += 1
        outcomes[f.outcome.rawValue] += 1
        handling.add(f.handling)
        transit.add(f.transit)
        total.add(f.total)
        if let s = f.sameDay {
            sameDayKnown += 1
            if s { sameDay += 1 }
        }
        switch f.promise {
        case .unknown: break
        case .delivered(let late):
            promiseKnown += 1
            promiseDelivered += 1
            daysLateSum += late
            if late <= 0 { onTime += 1 }
        case .missed: promiseKnown += 1
        }
        if f.exception { exceptions += 1 }
        if f.attempted { attempts += 1 }
    }

    /// Records where a delivery fell against the model's ranges.
    mutating func addCoverage(_ c: CoverageOutcome) {
        predicted += 1
        switch c.position80 {
        case .before: early80 += 1
        case .inside: inside80 += 1
        case .after: late80 += 1
        }
        if c.inside90 { inside90 += 1 }
    }
}

/// Where one delivery fell against the model's stated ranges.
struct CoverageOutcome {
    enum Position { case before, inside, after }
    var position80: Position
    var inside90: Bool

    /// Places `delivered` against the central 80% and 90% ranges of an order-time forecast.
    init(forecast: DeliveryForecast, delivered: CivilDate) {
        let (low80, high80) = forecast.rangeDates(0.8)
        position80 = delivered < low80 ? .before : delivered > high80 ? .after : .inside
        let (low90, high90) = forecast.rangeDates(0.9)
        inside90 = delivered >= low90 && delivered <= high90
    }
}
