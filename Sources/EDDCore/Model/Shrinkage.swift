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

    /// The node's posterior mean distribution under a Dirichlet-process prior centred on its parent with
    /// strength `α`, given its completed and censored stages (Susarla and Van Ryzin's estimator): on day `k`
    /// the hazard is `(d_k + α·f_k) / (α·S_k + N_k)`, with `d_k` the node's completions on that day, `N_k` its
    /// stages still at risk, `f_k` the parent's probability of the day and `S_k` its probability of that day
    /// or later. Without censoring this is `(n·p + α·p̂_parent) / (n + α)` exactly. With it, a node's tail does
    /// not end at its longest delivery (where a Kaplan–Meier puts all that is left): once few of its own
    /// stages remain at risk the parent's hazard takes over, so a thin lane's rare months-long hold-up keeps
    /// the weight its parent gives it. Whatever is left after the last day is the tail bucket.
    public static func shrink(_ h: DayHistogram, toward parent: DayDistribution, strength alpha: Double)
        -> DayDistribution
    {
        guard h.totalWeight > 0, parent.probabilities.count == h.count else { return parent }
        let n = h.count
        var p = [Double](repeating: 0, count: n)
        var atRisk = h.totalWeight
        var parentLater = 1.0
        var survival = 1.0
        for k in 0..<(n - 1) {
            let f = parent.probabilities[k]
            let prior = alpha * max(parentLater, 0)
            let hazard: Double
            if prior + atRisk > 1e-12 {
                hazard = min(1, (h.events[k] + alpha * f) / (prior + atRisk))
            } else {
                // Nothing of its own at risk and no prior weight left: the parent's hazard.
                hazard = parentLater > 1e-12 ? min(1, f / parentLater) : 1
            }
            p[k] = survival * hazard
            survival *= 1 - hazard
            atRisk = max(0, atRisk - h.events[k] - h.censored[k])
            parentLater -= f
        }
        p[n - 1] = max(0, survival)
        return DayDistribution(probabilities: p)
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
