import EDDCore

/// Scores of a predicted late-delivery probability against the late label.
enum RiskScoring {
    /// Mann–Whitney AUC: the chance a random late order scores above a random on-time one, ties counted
    /// half. Computed from mid-ranks in O(n log n); nil unless both classes occur.
    static func auc(_ pairs: [(p: Double, late: Bool)]) -> Double? {
        let positives = pairs.count { $0.late }
        let negatives = pairs.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let sorted = pairs.sorted { $0.p < $1.p }
        var positiveRankSum = 0.0
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count && sorted[end].p == sorted[start].p { end += 1 }
            // Ranks start + 1 … end share their mean, which is how a tie comes to count half.
            let midRank = Double(start + 1 + end) / 2
            positiveRankSum += midRank * Double(sorted[start..<end].count { $0.late })
            start = end
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Mean squared difference between the probability and the 0/1 label; nil when there are no pairs.
    static func brier(_ pairs: [(p: Double, late: Bool)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        let sum = pairs.reduce(0.0) { acc, pair in
            let d = pair.p - (pair.late ? 1 : 0)
            return acc + d * d
        }
        return sum / Double(pairs.count)
    }

    /// Ten equal-count bins of orders sorted by predicted probability (fewer when there are fewer than ten
    /// orders), so that the rare high-risk orders still get bins of their own.
    static func deciles(_ pairs: [(p: Double, late: Bool)]) -> [BacktestMetrics.RiskBin] {
        let sorted = pairs.sorted { $0.p < $1.p }
        let bins = 10
        return (0..<bins).compactMap { k in
            let slice = sorted[(k * sorted.count / bins)..<((k + 1) * sorted.count / bins)]
            guard let lower = slice.first?.p, let upper = slice.last?.p else { return nil }
            let count = Double(slice.count)
            return BacktestMetrics.RiskBin(
                lowerProbability: lower,
                upperProbability: upper,
                meanPredicted: slice.reduce(0) { $0 + $1.p } / count,
                observedRate: Double(slice.count { $0.late }) / count,
                count: slice.count)
        }
    }
}
