/// Weighted counts of observed durations, in working days, for one node of the model hierarchy.
///
/// `events[k]` holds the weight of shipments whose stage finished after exactly `k` working days;
/// `censored[k]` the weight of shipments known only to have taken more than `k` days (still under way at the
/// training cut-off). The last bucket is a tail: "`buckets - 1` days or more". Because it is nothing but sums,
/// two histograms built from disjoint sets of shipments merge by adding, so fits can be split across machines.
public struct DayHistogram: Sendable, Equatable {
    /// Number of buckets: days 0 … 62 exactly, and 63 meaning 63 or more.
    public static let buckets = 64

    /// Weight of completed stages by duration.
    public var events: [Double]
    /// Weight of stages still under way, by the number of days they are known to have exceeded.
    public var censored: [Double]
    /// Number of shipments (unweighted) with a completed stage.
    public var eventCount: Int
    /// Number of shipments (unweighted) censored.
    public var censoredCount: Int

    public init() {
        events = Array(repeating: 0, count: DayHistogram.buckets)
        censored = Array(repeating: 0, count: DayHistogram.buckets)
        eventCount = 0
        censoredCount = 0
    }

    /// The bucket of a duration: negatives count as 0, long ones go to the tail.
    @inline(__always)
    public static func bucket(_ days: Int) -> Int { min(max(days, 0), buckets - 1) }

    /// Records a completed stage of `days` working days.
    public mutating func addEvent(days: Int, weight: Double) {
        events[DayHistogram.bucket(days)] += weight
        eventCount += 1
    }

    /// Records a stage known to have lasted more than `days` working days.
    public mutating func addCensored(days: Int, weight: Double) {
        censored[DayHistogram.bucket(days)] += weight
        censoredCount += 1
    }

    /// Adds another histogram's counts (the merge of two partial fits).
    public mutating func merge(_ other: DayHistogram) {
        for k in 0..<DayHistogram.buckets {
            events[k] += other.events[k]
            censored[k] += other.censored[k]
        }
        eventCount += other.eventCount
        censoredCount += other.censoredCount
    }

    /// Total weight, completed and censored.
    public var totalWeight: Double { events.reduce(0, +) + censored.reduce(0, +) }

    /// Weight of completed stages.
    public var eventWeight: Double { events.reduce(0, +) }

    /// The Kaplan–Meier estimate of the duration distribution.
    ///
    /// At each day the hazard is the weight finishing that day over the weight still at risk; a shipment
    /// censored at `k` is at risk up to and including day `k`. Mass the data cannot place (every remaining
    /// shipment censored) goes to the tail bucket. An empty histogram gives nil.
    public func kaplanMeier() -> DayDistribution? {
        var atRisk = totalWeight
        guard atRisk > 0 else { return nil }
        var p = [Double](repeating: 0, count: DayHistogram.buckets)
        var survival = 1.0
        for k in 0..<(DayHistogram.buckets - 1) {
            if atRisk <= 1e-12 { break }
            let hazard = min(1, events[k] / atRisk)
            p[k] = survival * hazard
            survival *= 1 - hazard
            atRisk -= events[k] + censored[k]
        }
        p[DayHistogram.buckets - 1] += max(0, survival)
        return DayDistribution(probabilities: p)
    }
}
