extension CalibrationMap {
    /// Below this many risk questions with a known outcome the risk map stays the identity.
    static let minimumRiskQuestions = 200

    /// A monotone map from stated to observed frequency, fitted by isotonic regression (pool adjacent
    /// violators) on (stated probability, happened?) pairs.
    ///
    /// The pairs are sorted by stated probability and adjacent blocks whose observed rates decrease are
    /// pooled until the rates rise; each block then stands at (its mean stated probability, its observed
    /// rate). The map interpolates linearly between the blocks. Two anchors, one on-time answer at 0 and one
    /// late answer at 1, tie its ends back to the stated values: where no question was asked (a model that
    /// never said 0.9), the map returns toward what was stated rather than claim the nearest block's rate.
    /// Ties in the stated probability fall in one block, so the result does not depend on the input order.
    /// - Parameter pairs: stated probabilities (clamped to [0, 1]) and outcomes.
    /// - Returns: the map on the usual grid, or the identity below ``minimumRiskQuestions`` pairs.
    package static func isotonic(_ pairs: [(Double, Bool)], minimum: Int = minimumRiskQuestions) -> CalibrationMap {
        isotonic(weighted: pairs.map { ($0.0, $0.1, 1) }, minimum: minimum)
    }

    /// ``isotonic(_:minimum:)`` with a weight per pair (the anchors weigh 1).
    package static func isotonic(weighted pairs: [(Double, Bool, Double)], minimum: Int = minimumRiskQuestions)
        -> CalibrationMap
    {
        guard pairs.count >= max(minimum, 1) else { return .identity }
        let sorted =
            ([(0, 0, 1)] + pairs.map { (min(max($0.0, 0), 1), $0.1 ? 1.0 : 0.0, max($0.2, 0)) } + [(1, 1, 1)])
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        // Blocks as (weighted sums of stated and of outcomes, total weight, largest stated); equal stated values share one.
        var blocks: [(x: Double, y: Double, n: Double, top: Double)] = []
        for (x, y, w) in sorted where w > 0 {
            if let last = blocks.last, last.top == x {
                blocks[blocks.count - 1] = (last.x + w * x, last.y + w * y, last.n + w, x)
            } else {
                blocks.append((w * x, w * y, w, x))
            }
            while blocks.count >= 2 {
                let b = blocks[blocks.count - 1]
                let a = blocks[blocks.count - 2]
                guard a.y / a.n > b.y / b.n else { break }
                blocks.removeLast(2)
                blocks.append((a.x + b.x, a.y + b.y, a.n + b.n, b.top))
            }
        }
        let xs = blocks.map { $0.x / $0.n }
        let ys = blocks.map { $0.y / $0.n }
        var points = [Double](repeating: 0, count: bins + 1)
        var j = 0
        for i in 0...bins {
            let v = Double(i) / Double(bins)
            while j + 1 < xs.count, xs[j + 1] <= v { j += 1 }
            if v <= xs[0] {
                points[i] = ys[0]
            } else if j + 1 >= xs.count {
                points[i] = ys[xs.count - 1]
            } else {
                let t = min(1, (v - xs[j]) / max(xs[j + 1] - xs[j], 1e-12))
                points[i] = ys[j] + t * (ys[j + 1] - ys[j])
            }
        }
        return CalibrationMap(points: points, completed: pairs.count, censored: 0)
    }
}
