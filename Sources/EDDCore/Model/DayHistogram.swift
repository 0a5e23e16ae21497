/// Weighted counts of observed durations, in working days, for one node of the model hierarchy.
///
/// `events[k]` holds the weight of shipments whose stage finished after exactly `k` working days;
/// `censored[k]` the weight of shipments known only to have taken more than `k` days (still under way at the
/// training cut-off). The last bucket is a tail: "`count - 1` days or more". Because it is nothing but sums,
/// two histograms built from disjoint sets of shipments merge by adding, so fits can be split across machines.
public struct DayHistogram: Sendable, Equatable {
    /// The fewest buckets: days 0 … 62 exactly, and 63 meaning 63 or more. A fit sizes its histograms from
    /// the durations it sees (``bucketCount(longest:)``), so freight's 300-day lanes keep day resolution.
    public static let buckets = 64
    /// The most buckets a fit uses (about four years of five-day weeks); anything longer is the tail.
    public static let maximumBuckets = 1_536

    /// The bucket count for a fit whose longest completed duration (any stage, or order to delivery) is
    /// `longest` working days: a multiple of 64 leaving at least a quarter more room than the longest, so
    /// that a lane drifting slower than its history still has days to put mass on before the tail, and
    /// never fewer than 64 (parcel feeds keep today's size and speed).
    public static func bucketCount(longest: Int) -> Int {
        let wanted = longest + max(longest / 4, 8) + 2
        return min(max(buckets, (wanted + 63) / 64 * 64), maximumBuckets)
    }

    /// The number of buckets, the last being the tail.
    @inline(__always)
    public var count: Int { events.count }

    /// Weight of completed stages by duration.
    public var events: [Double]
    /// Weight of stages still under way, by the number of days they are known to have exceeded.
    public var censored: [Double]
    /// Number of shipments (unweighted) with a completed stage.
    public var eventCount: Int
    /// Number of shipments (unweighted) censored.
    public var censoredCount: Int

    public init(buckets: Int = DayHistogram.buckets) {
        events = Array(repeating: 0, count: buckets)
        censored = Array(repeating: 0, count: buckets)
        eventCount = 0
        censoredCount = 0
    }

    /// The bucket of a duration: negatives count as 0, long ones go to the tail.
    @inline(__always)
    public func bucket(_ days: Int) -> Int { min(max(days, 0), events.count - 1) }

    /// Records a completed stage of `days` working days.
    public mutating func addEvent(days: Int, weight: Double) {
        events[bucket(days)] += weight
        eventCount += 1
    }

    /// Records a stage known to have lasted more than `days` working days.
    public mutating func addCensored(days: Int, weight: Double) {
        censored[bucket(days)] += weight
        censoredCount += 1
    }

    /// Adds another histogram's counts (the merge of two partial fits).
    public mutating func merge(_ other: DayHistogram) {
        precondition(count == other.count, "merging histograms of different sizes")
        for k in 0..<count {
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
    /// shipment censored before the tail) goes to `beyond`'s distribution conditioned on those days, when
    /// given and it has mass there (a node's parent: "still under way after 3 days" on a thin lane then
    /// reads as the wider hierarchy's days after 3, not as certainty of the tail), otherwise to the tail
    /// bucket. An empty histogram gives nil.
    public func kaplanMeier(beyond: DayDistribution? = nil) -> DayDistribution? {
        var atRisk = totalWeight
        guard atRisk > 0 else { return nil }
        let n = count
        var p = [Double](repeating: 0, count: n)
        var survival = 1.0
        var exhaustedAt: Int?
        for k in 0..<(n - 1) {
            if atRisk <= 1e-12 {
                exhaustedAt = k
                break
            }
            let hazard = min(1, events[k] / atRisk)
            p[k] = survival * hazard
            survival *= 1 - hazard
            atRisk -= events[k] + censored[k]
        }
        survival = max(0, survival)
        if let from = exhaustedAt, survival > 1e-12, let parent = beyond, parent.probabilities.count == n {
            var mass = 0.0
            for j in from..<n { mass += parent.probabilities[j] }
            if mass > 1e-12 {
                for j in from..<n { p[j] += survival * parent.probabilities[j] / mass }
                return DayDistribution(probabilities: p)
            }
        }
        p[n - 1] += survival
        return DayDistribution(probabilities: p)
    }
}
