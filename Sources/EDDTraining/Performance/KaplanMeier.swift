/// The Kaplan–Meier estimate of a stage's day distribution from a ``DayTally``.
///
/// A stage still under way after `c` working days is known not to have finished on days `0…c`, so it is at
/// risk on those days and leaves the risk set afterwards; on a day with both, the finishes are counted
/// before the censorings (the usual convention). Without censoring the estimate is the empirical
/// distribution. After the last day with anyone at risk the survival stays flat, so whatever mass the data
/// cannot place lands in the last share ("10+" on the page), never in a made-up day.
public struct KaplanMeier: Sendable, Equatable {
    /// `survival[d]`: the estimated probability that the stage lasts more than `d` working days.
    public let survival: [Double]
    /// Stages that entered the estimate (finished plus censored).
    public let entered: Int

    /// The estimate from a tally.
    public init(_ tally: DayTally) {
        let days = max(tally.events.count, tally.censored.count)
        var atRisk = tally.eventCount + tally.censoredCount
        entered = atRisk
        var s = 1.0
        var out: [Double] = []
        out.reserveCapacity(days)
        for d in 0..<days {
            let finished = d < tally.events.count ? Int(tally.events[d]) : 0
            let left = d < tally.censored.count ? Int(tally.censored[d]) : 0
            if atRisk > 0 && finished > 0 { s *= 1 - Double(finished) / Double(atRisk) }
            out.append(s)
            atRisk -= finished + left
        }
        survival = out
    }

    /// The estimated probability that the stage finishes within `d` working days.
    public func cumulative(_ d: Int) -> Double {
        guard entered > 0, d >= 0 else { return 0 }
        guard !survival.isEmpty else { return 0 }
        return 1 - survival[min(d, survival.count - 1)]
    }

    /// The shares of finishing after exactly 0, 1, …, `last − 1` days and after `last` or more; they sum to 1.
    /// Nil when nothing entered.
    public func shares(last: Int = 10) -> [Double]? {
        guard entered > 0 else { return nil }
        var out: [Double] = []
        var previous = 0.0
        for d in 0..<last {
            let c = cumulative(d)
            out.append(c - previous)
            previous = c
        }
        out.append(1 - previous)
        return out
    }

    /// The smallest day by which at least `level` of the stages have finished, or nil when the data never
    /// gets there (too much censored, or nothing entered).
    public func quantile(_ level: Double) -> Int? {
        guard entered > 0 else { return nil }
        // A tolerance keeps an exact half (e.g. 2 of 4) from missing the median by rounding.
        for d in survival.indices where 1 - survival[d] >= level - 1e-12 { return d }
        return nil
    }
}
