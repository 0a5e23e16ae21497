/// A monotone map from stated to observed confidence, fitted on recent shipments (recalibration of the PIT).
///
/// For each recent shipment the out-of-time CDF `F` (from a fit that had not seen it) gives the probability integral transform of
/// what happened: `U = F(y⁻) + V·P(y)` for a delivery after `y` days (V a reproducible jitter), or only
/// `U > F(c)` for one still under way after `c` days. If the model were calibrated, U would be uniform.
/// The map is the Kaplan–Meier estimate of U's distribution function, `g(v) = P(U ≤ v)`; the calibrated CDF
/// is `g(F(k))`, so confidences stated after the map hold on the recent weeks (split-conformal in spirit,
/// censoring-aware). Being a monotone transform of a CDF, it cannot make quantiles cross.
public struct CalibrationMap: Sendable, Equatable {
    /// `g` at `i / (points.count - 1)`, nondecreasing from 0 to 1.
    public var points: [Double]
    /// Number of shipments with a known outcome behind the map.
    public var completed: Int
    /// Number of censored shipments behind the map.
    public var censored: Int

    /// Grid resolution.
    static let bins = 100
    /// Below this many completed shipments the map stays the identity.
    package static let minimumCompleted = 100

    /// Whether the map was fitted: the out-of-time answers it was fitted on held at least
    /// ``minimumCompleted`` completed shipments.
    package var isFitted: Bool { completed >= Self.minimumCompleted }

    /// The identity map (no calibration data).
    public static let identity = CalibrationMap(
        points: (0...bins).map { Double($0) / Double(bins) }, completed: 0, censored: 0)

    public init(points: [Double], completed: Int, censored: Int) {
        self.points = points
        self.completed = completed
        self.censored = censored
    }

    /// `g(v)`, by linear interpolation on the grid.
    @inline(__always)
    public func apply(_ v: Double) -> Double {
        points.withUnsafeBufferPointer { CalibrationMap.apply($0, v) }
    }

    /// `g(v)` on a grid of points, for loops that apply one map many times.
    @inline(__always)
    static func apply(_ points: UnsafeBufferPointer<Double>, _ v: Double) -> Double {
        let x = min(max(v, 0), 1) * Double(points.count - 1)
        let i = min(Int(x), points.count - 2)
        let t = x - Double(i)
        return points[i] + t * (points[i + 1] - points[i])
    }

    /// P(delivered within k days) as stated: `g(F(k))` for every k, with the last (the tail) forced to 1.
    package func calibratedCDF(_ d: DayDistribution) -> [Double] {
        let n = d.probabilities.count
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            d.probabilities.withUnsafeBufferPointer { p in
                points.withUnsafeBufferPointer { g in
                    var s = 0.0
                    for k in 0..<n {
                        s += p[k]
                        out[k] = CalibrationMap.apply(g, min(s, 1))
                    }
                }
            }
            out[n - 1] = 1
            count = n
        }
    }

    /// Fits the map from (out-of-time distribution, outcome, jitter) triples.
    package static func fit(_ samples: [(DayDistribution, StageOutcome, Double)]) -> CalibrationMap {
        var accumulator = Accumulator()
        for (f, outcome, jitter) in samples { accumulator.add(f, outcome, jitter) }
        return accumulator.map
    }

    /// The map's sufficient statistics, gathered one shipment at a time so a fit need not hold every
    /// recent shipment's distribution at once: counts per PIT bin, so the order of shipments does not matter.
    package struct Accumulator: Sendable {
        var events = [Double](repeating: 0, count: bins + 1)
        var censoredAt = [Double](repeating: 0, count: bins + 1)
        var completed = 0
        var censored = 0
        /// The weights added: the risk set's size at the start.
        var weight = 0.0

        package init() {}

        /// Adds one (out-of-time distribution, outcome, jitter) triple with its weight (recency, see
        /// ``CalibrationMap/recencyWeight(ageDays:windowDays:)``); the shipment counts stay counts.
        package mutating func add(_ f: DayDistribution, _ outcome: StageOutcome, _ jitter: Double, weight w: Double = 1)
        {
            guard w > 0 else { return }
            func bin(_ u: Double) -> Int { min(max(Int(u * Double(bins)), 0), bins) }
            switch outcome {
            case .completed(let y):
                let k = min(y, f.probabilities.count - 1)
                let u = f.cdf(k - 1) + jitter * f.probabilities[k]
                events[bin(u)] += w
                completed += 1
            case .censored(let c):
                censoredAt[bin(f.cdf(c))] += w
                censored += 1
            case .competing, .unknown: return
            }
            weight += w
        }

        /// The map the triples added so far give.
        package var map: CalibrationMap {
            CalibrationMap.fit(
                events: events, censoredAt: censoredAt, completed: completed, censored: censored, atRisk: weight)
        }
    }

    /// The weighted Kaplan–Meier estimate of the PIT's distribution: `atRisk` is the weights' sum (the
    /// shipment count when all weigh 1), while the minimum of ``minimumCompleted`` counts shipments.
    static func fit(events: [Double], censoredAt: [Double], completed: Int, censored: Int, atRisk: Double)
        -> CalibrationMap
    {
        guard completed >= minimumCompleted else { return .identity }
        var atRisk = atRisk
        var survival = 1.0
        var points = [Double](repeating: 0, count: bins + 1)
        // points[i] = P(U < i/bins): the mass of bins below i.
        for i in 0..<bins {
            points[i] = 1 - survival
            if atRisk > 0 {
                survival *= 1 - min(1, events[i] / atRisk)
            }
            atRisk -= events[i] + censoredAt[i]
        }
        points[bins] = 1
        for i in 1...bins where points[i] < points[i - 1] { points[i] = points[i - 1] }
        return CalibrationMap(points: points, completed: completed, censored: censored)
    }
}
