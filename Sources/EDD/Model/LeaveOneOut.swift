/// Predictions for a training shipment as if it had not been in the training data.
///
/// The quantile layer learns from residuals against the lane model, which must not have seen the shipment
/// (a seller with two orders would otherwise look exactly right); because the statistics are sums, removing
/// one shipment is a subtraction, and re-shrinking its chain from the root is cheap (a few levels × 64 days).
struct LeaveOneOut {
    let handling: HierarchyStatistics
    let handlingFit: Shrinkage.Result
    let transit: HierarchyStatistics
    let transitFit: Shrinkage.Result

    /// The order-to-delivery distribution of `o` without `o` (its lane's transit scaled by `transitFactor`,
    /// the origin's factor), or nil when it has no order or no lane.
    func totalDistribution(_ o: ShipmentObservation, transitFactor: Double = 1) -> DayDistribution? {
        guard case .unknown = o.handling else {
            guard let h = stage(handling, handlingFit, o.handlingChain, o.handling, o.weight),
                let t = stage(transit, transitFit, o.transitChain, o.transit, o.weight)
            else { return nil }
            return h.convolved(with: t.scaled(by: transitFactor))
        }
        return nil
    }

    private func stage(
        _ stats: HierarchyStatistics, _ fit: Shrinkage.Result, _ chain: [String?], _ outcome: StageOutcome,
        _ weight: Double
    ) -> DayDistribution? {
        var current: DayDistribution?
        for level in stride(from: stats.levels.count - 1, through: 0, by: -1) {
            guard let key = chain[level], var h = stats.histogram(level: level, key: key) else { continue }
            switch outcome {
            case .completed(let d):
                h.events[h.bucket(d)] -= weight
                h.eventCount -= 1
            case .censored(let d):
                h.censored[h.bucket(d)] -= weight
                h.censoredCount -= 1
            case .competing, .unknown: break
            }
            for k in 0..<h.count {
                h.events[k] = max(0, h.events[k])
                h.censored[k] = max(0, h.censored[k])
            }
            if let parent = current {
                current = Shrinkage.shrink(h, toward: parent, strength: fit.strengths[level])
            } else {
                let km = h.kaplanMeier() ?? fit.distributions[level][stats.index[level][key]!]
                current = DayDistribution(
                    probabilities: km.probabilities.map { $0 + Shrinkage.rootFloor(buckets: h.count) })
            }
        }
        return current
    }
}
