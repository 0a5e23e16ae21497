/// How the hour of the day bears on an order being picked up today, learned from the feed: of the orders
/// picked up on a working day, at each local hour (origin time) of that day, how many had been placed by
/// then and how many of those were still waiting; per origin (the warehouse or seller that ships, as handling
/// is learned) and over every origin.
///
/// Handling counts whole working days, so on its own it gives an order still waiting at 20:00 the chance of
/// going today that it has at dawn. Carriers collect at certain hours: seeing an order still waiting at hour h
/// moves today's odds by the likelihood ratio P(waiting at h | picked up today) / P(waiting at h | not picked
/// up today), both among orders placed by h. The second is 1 (an order not picked up today waits all day), so
/// the ratio is the share of the day's pickups, among orders placed by h, that came after h
/// (``likelihoodRatio(origin:hour:)``). What the order's own hour says (placed after the cut-off, it leaves
/// tomorrow) is the order-timing shift's, not this.
public struct PickupShares: Sendable, Equatable {
    /// Per hour, over the days orders were picked up: those placed by the half hour, and of them those still
    /// waiting then.
    public struct Cell: Sendable, Equatable {
        public var placed: [Double]
        public var waiting: [Double]

        public init(
            placed: [Double] = Array(repeating: 0, count: SameDayShares.hours),
            waiting: [Double] = Array(repeating: 0, count: SameDayShares.hours)
        ) {
            self.placed = placed
            self.waiting = waiting
        }
    }

    /// Keyed by origin id, and by "" for every origin.
    public var cells: [String: Cell]

    public init(cells: [String: Cell]) {
        self.cells = cells
    }

    /// Nothing learned: the hour says nothing (a model fitted before format 7).
    public static let none = PickupShares(cells: [:])

    /// Pickups of one origin placed by the hour weigh this many at every origin's share, as
    /// ``SameDayShares/priorDays`` draws a carrier's rates: an origin seen on a few days says little alone.
    public static let priorDays = SameDayShares.priorDays

    /// P(still waiting at `hour` | picked up today, placed by then): every origin's share, an origin's own
    /// drawn to it by ``priorDays``; 1 when nothing was learned at that hour.
    public func likelihoodRatio(origin: String?, hour: Int) -> Double {
        guard (0..<SameDayShares.hours).contains(hour), let all = cells[""], all.placed[hour] > 0 else { return 1 }
        let share = all.waiting[hour] / all.placed[hour]
        guard let origin, !origin.isEmpty, let own = cells[origin] else { return share }
        return (own.waiting[hour] + Self.priorDays * share) / (own.placed[hour] + Self.priorDays)
    }
}

extension DayDistribution {
    /// This distribution of D ≥ `day` (as ``remaining(atLeast:)`` gives it) once the odds of D = `day` are
    /// multiplied by `ratio`: the later days keep their shape and take what `day` gives up or gains.
    func movingOdds(of day: Int, by ratio: Double) -> DayDistribution {
        guard ratio != 1, ratio.isFinite, ratio >= 0, probabilities.indices.contains(day) else { return self }
        let total = probabilities.reduce(0, +)
        guard total > 1e-12 else { return self }
        let r = probabilities[day] / total
        guard r > 0, r < 1 else { return self }
        let adjusted = r * ratio / (r * ratio + 1 - r)
        var p = probabilities.map { $0 / total * (1 - adjusted) / (1 - r) }
        p[day] = adjusted
        return DayDistribution(probabilities: p)
    }
}
