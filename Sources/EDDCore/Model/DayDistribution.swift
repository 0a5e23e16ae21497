/// A probability distribution over whole working days, 0 … `probabilities.count - 1` (the last a tail: that many
/// days or more).
public struct DayDistribution: Sendable, Equatable {
    /// `probabilities[k]` = P(duration = k working days); they sum to 1.
    public var probabilities: [Double]

    /// Wraps probabilities, normalising them to sum to 1 (a zero vector becomes a point mass at 0).
    public init(probabilities: [Double]) {
        let total = probabilities.reduce(0, +)
        if total > 0, abs(total - 1) > 1e-9 {
            self.probabilities = probabilities.map { $0 / total }
        } else if total > 0 {
            self.probabilities = probabilities
        } else {
            var p = [Double](repeating: 0, count: max(probabilities.count, 1))
            p[0] = 1
            self.probabilities = p
        }
    }

    /// A point mass at `days`.
    public static func point(_ days: Int, buckets: Int = DayHistogram.buckets) -> DayDistribution {
        var p = [Double](repeating: 0, count: buckets)
        p[min(max(days, 0), buckets - 1)] = 1
        return DayDistribution(probabilities: p)
    }

    /// Whether the tail bucket (the last, "this many days or more") holds any mass.
    public var hasTailMass: Bool { (probabilities.last ?? 0) > 1e-9 }

    /// The same distribution on `count` buckets: longer gets zeros before a tail that keeps its mass,
    /// shorter folds the days beyond into the new tail.
    public func resized(to count: Int) -> DayDistribution {
        let n = probabilities.count
        guard count != n, count >= 1 else { return self }
        var p = [Double](repeating: 0, count: count)
        if count > n {
            for k in 0..<(n - 1) { p[k] = probabilities[k] }
            p[count - 1] = probabilities[n - 1]
        } else {
            for k in 0..<n { p[min(k, count - 1)] += probabilities[k] }
        }
        return DayDistribution(probabilities: p)
    }

    /// P(duration ≤ k).
    public func cdf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        var s = 0.0
        for i in 0...min(k, probabilities.count - 1) { s += probabilities[i] }
        return min(1, s)
    }

    /// The smallest k with P(duration ≤ k) ≥ τ.
    public func quantile(_ tau: Double) -> Int {
        var s = 0.0
        for (k, p) in probabilities.enumerated() {
            s += p
            if s >= tau - 1e-12 { return k }
        }
        return probabilities.count - 1
    }

    /// The mean duration (the tail counted at its lower bound).
    public var mean: Double {
        probabilities.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    }

    /// The indices of the first and last days with any probability.
    var support: ClosedRange<Int> {
        var lo = 0
        while lo < probabilities.count - 1 && probabilities[lo] == 0 { lo += 1 }
        var hi = probabilities.count - 1
        while hi > lo && probabilities[hi] == 0 { hi -= 1 }
        return lo...hi
    }

    /// The distribution of the sum of two independent durations, truncated into the tail bucket.
    public func convolved(with other: DayDistribution) -> DayDistribution {
        let n = probabilities.count
        var out = [Double](repeating: 0, count: n)
        let a = support
        let b = other.support
        probabilities.withUnsafeBufferPointer { p in
            other.probabilities.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { o in
                    for i in a {
                        let x = p[i]
                        // Sums that reach the tail all land in the last bucket.
                        let last = min(b.upperBound, n - 1 - i)
                        if b.lowerBound <= last {
                            for j in b.lowerBound...last { o[i + j] += x * q[j] }
                        }
                        if last < b.upperBound {
                            var rest = 0.0
                            for j in (max(last + 1, b.lowerBound))...b.upperBound { rest += q[j] }
                            o[n - 1] += x * rest
                        }
                    }
                }
            }
        }
        return DayDistribution(probabilities: out)
    }

    /// The weighted average `(1 - t) * self + t * other`.
    public func mixed(with other: DayDistribution, weight t: Double) -> DayDistribution {
        DayDistribution(probabilities: zip(probabilities, other.probabilities).map { (1 - t) * $0 + t * $1 })
    }
}
