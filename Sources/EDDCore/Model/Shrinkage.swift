import Foundation

/// Empirical-Bayes shrinkage of every node's distribution toward its parent's.
///
/// A node with effective weight `n` and Kaplan–Meier distribution `p` gets
/// `p̂ = (n·p + α·p̂_parent) / (n + α)`: the parent acts as `α` pseudo-shipments of prior evidence, so a node
/// with little data sits near its parent and one with much data near its own history. One `α` per level is
/// chosen to maximise the leave-one-out log-likelihood of the level's completed stages (the
/// Dirichlet–multinomial predictive), computed from the histograms alone.
public enum Shrinkage {
    /// Candidate strengths: 0.1 … 10,000 pseudo-shipments, log-spaced.
    static let candidates: [Double] = (0...50).map { pow(10, -1 + 5 * Double($0) / 50) }

    /// Floor added to the root so every day keeps a sliver of probability (no log of zero downstream).
    package static let rootFloor = 1e-6

    /// The root's floor per day on `buckets` days: the same total sliver (64 × ``rootFloor``) however wide
    /// the support, so a wide freight support does not add tail mass a parcel model would not have.
    package static func rootFloor(buckets: Int) -> Double {
        rootFloor * Double(DayHistogram.buckets) / Double(max(buckets, 1))
    }

    /// The fitted hierarchy: a shrunk distribution per node and the strength per level.
    public struct Result: Sendable {
        /// Per level, per node: the shrunk distribution.
        public var distributions: [[DayDistribution]]
        /// Per level: the fitted strength (pseudo-shipments); the root's is 0.
        public var strengths: [Double]
    }

    /// Fits the strengths level by level from the root down and returns every node's shrunk distribution.
    public static func fit(_ stats: HierarchyStatistics) -> Result {
        let levelCount = stats.levels.count
        var distributions = [[DayDistribution]](repeating: [], count: levelCount)
        var strengths = [Double](repeating: 0, count: levelCount)
        let root = levelCount - 1
        distributions[root] = stats.histograms[root].map { h in
            let km = h.kaplanMeier() ?? .point(0, buckets: stats.buckets)
            let floor = rootFloor(buckets: stats.buckets)
            return DayDistribution(probabilities: km.probabilities.map { $0 + floor })
        }
        for level in stride(from: root - 1, through: 0, by: -1) {
            let parentOf: (Int) -> DayDistribution = { i in
                guard let p = stats.parents[level][i] else { return distributions[root][0] }
                return distributions[p.level][p.index]
            }
            let alpha = bestStrength(histograms: stats.histograms[level], parentOf: parentOf)
            strengths[level] = alpha
            distributions[level] = stats.histograms[level].enumerated().map { i, h in
                shrink(h, toward: parentOf(i), strength: alpha)
            }
        }
        return Result(distributions: distributions, strengths: strengths)
    }

    /// `(n·KM + α·parent) / (n + α)` for one node, the KM's unplaceable mass (shipments censored beyond the
    /// node's last delivery) read from the parent, not from the tail.
    public static func shrink(_ h: DayHistogram, toward parent: DayDistribution, strength alpha: Double)
        -> DayDistribution
    {
        let n = h.totalWeight
        guard n > 0, let km = h.kaplanMeier(beyond: parent) else { return parent }
        let a = n / (n + alpha)
        return km.mixed(with: parent, weight: 1 - a)
    }

    /// The strength maximising the leave-one-out log-likelihood of the completed stages at one level.
    static func bestStrength(histograms: [DayHistogram], parentOf: (Int) -> DayDistribution) -> Double {
        var scores = [Double](repeating: 0, count: candidates.count)
        for (i, h) in histograms.enumerated() where h.eventCount > 0 {
            let parent = parentOf(i)
            let total = h.eventWeight
            let w = total / Double(h.eventCount)  // an observation's typical weight
            for k in 0..<h.count where h.events[k] > 0 {
                let own = max(h.events[k] - w, 0)
                let rest = max(total - w, 0)
                let prior = max(parent.probabilities[k], rootFloor(buckets: h.count))
                for (c, alpha) in candidates.enumerated() {
                    scores[c] += h.events[k] * log((own + alpha * prior) / (rest + alpha))
                }
            }
        }
        var best = 0
        for c in candidates.indices where scores[c] > scores[best] { best = c }
        return candidates[best]
    }
}
