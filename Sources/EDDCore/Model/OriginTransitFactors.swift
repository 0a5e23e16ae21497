import Foundation

/// How much faster or slower each origin's parcels travel than their lanes' typical transit.
///
/// Shippers pick their own carriers, drop-off points and pickup slots, so on the same lane one seller's parcels
/// can travel consistently slower than another's. For each origin (warehouse or seller id) the factor is the
/// mean log ratio of actual to lane-median transit (days, at least 1), shrunk toward zero: with `n` shipments
/// it keeps `n / (n + k)` of its own mean, where `k` = within-origin variance / between-origin variance is
/// fitted from the data (method of moments). Applied as a scale on the lane's transit days.
public struct OriginTransitFactors: Sendable, Equatable {
    /// Log factor by origin key.
    public var logFactors: [String: Double]
    /// The fitted shrinkage strength (pseudo-shipments).
    public var strength: Double

    public static let none = OriginTransitFactors(logFactors: [:], strength: 0)

    public init(logFactors: [String: Double], strength: Double) {
        self.logFactors = logFactors
        self.strength = strength
    }

    /// The factor on transit days for an origin key (1 when unknown).
    public func factor(origin: String?) -> Double {
        guard let origin, let f = logFactors[origin] else { return 1 }
        return exp(f)
    }

    /// Fits factors from (origin key, transit days, lane median days, weight) rows.
    package static func fit(_ rows: [(origin: String, days: Int, laneMedian: Int, weight: Double)])
        -> OriginTransitFactors
    {
        var accumulator = Accumulator()
        for row in rows {
            accumulator.add(origin: row.origin, days: row.days, laneMedian: row.laneMedian, weight: row.weight)
        }
        return accumulator.factors
    }

    /// Per-origin sums, gathered one row at a time so a fit need not hold every completed transit; rows must
    /// come in the same order for the same sums.
    package struct Accumulator: Sendable {
        var sums: [String: (w: Double, wr: Double, wrr: Double, n: Int)] = [:]

        package init() {}

        /// Adds one (origin key, transit days, lane median days, weight) row.
        package mutating func add(origin: String, days: Int, laneMedian: Int, weight: Double) {
            let r = min(2, max(-2, log(Double(max(days, 1)) / Double(max(laneMedian, 1)))))
            var s = sums[origin, default: (0, 0, 0, 0)]
            s.w += weight
            s.wr += weight * r
            s.wrr += weight * r * r
            s.n += 1
            sums[origin] = s
        }

        /// The factors the rows added so far give.
        package var factors: OriginTransitFactors { OriginTransitFactors.fit(sums: sums) }
    }

    static func fit(sums: [String: (w: Double, wr: Double, wrr: Double, n: Int)]) -> OriginTransitFactors {
        // Within-origin variance (pooled) and between-origin variance of the means, net of sampling noise.
        var within = 0.0
        var withinWeight = 0.0
        var means: [(mean: Double, w: Double, n: Int)] = []
        for s in sums.values where s.n >= 2 && s.w > 0 {
            let mean = s.wr / s.w
            within += s.wrr - s.w * mean * mean
            withinWeight += s.w
            means.append((mean, s.w, s.n))
        }
        guard withinWeight > 0, means.count >= 10 else { return .none }
        let sigma2 = within / withinWeight
        let total = means.reduce(0) { $0 + $1.w }
        let grand = means.reduce(0) { $0 + $1.w * $1.mean } / total
        let spread = means.reduce(0) { $0 + $1.w * ($1.mean - grand) * ($1.mean - grand) } / total
        let noise = means.reduce(0) { $0 + $1.w * sigma2 / Double($1.n) } / total
        let tau2 = spread - noise
        guard tau2 > 1e-6 else { return .none }
        let k = sigma2 / tau2
        var out: [String: Double] = [:]
        for (origin, s) in sums where s.w > 0 {
            let f = (s.wr / s.w) * Double(s.n) / (Double(s.n) + k)
            if abs(f) > 0.005 { out[origin] = f }
        }
        return OriginTransitFactors(logFactors: out, strength: k)
    }
}
