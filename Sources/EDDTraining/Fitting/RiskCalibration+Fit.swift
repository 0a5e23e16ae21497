import EDDCore

/// One out-of-time risk question: what a model stated, by which view, and whether the parcel was late.
package struct RiskQuestion: Sendable, Equatable {
    package var stated: Double
    package var view: RiskCalibration.View
    package var late: Bool
    /// What the question stands for (days of a parcel's life, see ``ModelFitter/riskCalibration``).
    package var weight: Double
    /// In the later half of the questions (by the shipment's order time), which checks the line fitted on
    /// the earlier half.
    package var heldOut: Bool

    package init(stated: Double, view: RiskCalibration.View, late: Bool, weight: Double, heldOut: Bool) {
        self.stated = stated
        self.view = view
        self.late = late
        self.weight = weight
        self.heldOut = heldOut
    }
}

extension RiskCalibration {
    /// A view needs at least this many late and this many on-time questions for a line.
    static let minimumOutcomes = 20
    /// The prior's weight, in questions' weight units, pulling a line towards the identity: with few
    /// questions the line stays near what the model stated.
    static let priorWeight = 1.0

    /// Fits one line per view by penalised weighted logistic regression of lateness on the stated log-odds,
    /// and keeps it only where it helps later on: the line fitted on the earlier half of the questions (by the
    /// shipment's order time) must score a lower Brier score on the later half than the stated answers did,
    /// the way the served model's line must hold next month. A view that passes gets the line fitted on all its
    /// questions; the others keep the identity. Drift that turns between the halves so leaves risk as stated.
    /// - Returns: the lines, and the figures on the later half (stated; calibrated by the earlier half's lines;
    ///   always answering the earlier half's late rate).
    package static func fit(_ questions: [RiskQuestion]) -> RiskCalibration {
        var lines = View.allCases.map { _ in Line.identity }
        var bends = View.allCases.map { _ in Bend.none }
        let earlier = questions.filter { !$0.heldOut && $0.weight > 0 }
        let later = questions.filter { $0.heldOut && $0.weight > 0 }
        let laterWeight = later.reduce(0) { $0 + $1.weight }
        let earlierWeight = earlier.reduce(0) { $0 + $1.weight }
        guard laterWeight > 0, earlierWeight > 0 else { return .identity }
        let earlierRate = earlier.reduce(0) { $0 + ($1.late ? $1.weight : 0) } / earlierWeight
        var brierStated = 0.0
        var brierCalibrated = 0.0
        var brierBase = 0.0
        for view in View.allCases {
            let fitted = earlier.filter { $0.view == view }
            let scored = later.filter { $0.view == view }
            let stated = brier(scored) { clamped($0.stated) }
            brierStated += stated
            brierBase += brier(scored) { _ in earlierRate }
            let lateCount = fitted.filter(\.late).count
            // At the hand-off the answer is read straight from the transit CDF, which the ship-time
            // calibration map already holds to out of time on these weeks; a second fit on the same weeks
            // chases their drift (on Olist it cost 0.04 of AUC and 0.005 of Brier a month later). Later answers
            // condition that CDF on the days survived, which the map does not calibrate: those get lines.
            guard view != .handoff, lateCount >= minimumOutcomes, fitted.count - lateCount >= minimumOutcomes,
                !scored.isEmpty
            else {
                brierCalibrated += stated
                continue
            }
            let all = questions.filter { $0.view == view && $0.weight > 0 }
            var line = fitLine(fitted)
            var score = brier(scored) { sigmoid(line.intercept + line.slope * logit($0.stated)) }
            let keepsLine = score < stated
            if !keepsLine {
                line = .identity
                score = stated
            }
            // The bend is judged as the line is: fitted on the earlier half after the earlier half's line,
            // kept when it scores better on the later half than that line alone.
            let bend = fitBend(fitted, after: line)
            let bent = brier(scored) { sigmoid(bend.apply(line.intercept + line.slope * logit($0.stated))) }
            let finalLine = keepsLine ? fitLine(all) : .identity
            lines[view.rawValue] = finalLine
            // By more than rounding: a view already on the diagonal keeps its line alone.
            if !bend.knots.isEmpty && bent < score * (1 - 1e-9) {
                bends[view.rawValue] = fitBend(all, after: finalLine)
                score = bent
            }
            brierCalibrated += score
        }
        let rate = later.reduce(0) { $0 + ($1.late ? $1.weight : 0) } / laterWeight
        return RiskCalibration(
            lines: lines, bends: bends,
            figures: Figures(
                questions: questions.count, lateRate: rate, brierStated: brierStated / laterWeight,
                brierCalibrated: brierCalibrated / laterWeight, brierBase: brierBase / laterWeight))
    }

    /// The bend's bands: the line's log-odds cut every ``bendWidth`` over ±``bendReach`` (p from 0.007 to
    /// 0.993), with one open band beyond each end.
    static let bendWidth = 0.5
    static let bendReach = 5.0
    /// Each band's late share is drawn towards what the line says there by this many questions (at the
    /// view's mean weight): a band of a few questions stays on the line.
    static let bendPrior = 50.0

    /// What happened band by band after `line`: each band's weighted late share, drawn to the line's mean
    /// answer in the band by ``bendPrior`` questions, made increasing by pooling adjacent violators, one knot
    /// per pooled block at its questions' mean log-odds. Fewer than two blocks (everything pooled) is no bend.
    package static func fitBend(_ questions: [RiskQuestion], after line: Line) -> Bend {
        let inner = Int((2 * bendReach / bendWidth).rounded())
        var weight = [Double](repeating: 0, count: inner + 2)
        var late = weight
        var xSum = weight
        var lineSum = weight
        var count = 0
        for q in questions where q.weight > 0 {
            let x = line.intercept + line.slope * logit(q.stated)
            let band = x < -bendReach ? 0 : min(inner + 1, 1 + Int((x + bendReach) / bendWidth))
            weight[band] += q.weight
            late[band] += q.late ? q.weight : 0
            xSum[band] += q.weight * x
            lineSum[band] += q.weight * sigmoid(x)
            count += 1
        }
        let total = weight.reduce(0, +)
        guard count > 0, total > 0 else { return .none }
        let prior = bendPrior * total / Double(count)
        // Blocks of (weight, weighted share, weighted log-odds, data weight), pooled while not increasing.
        var blocks: [(w: Double, share: Double, x: Double, data: Double)] = []
        for band in weight.indices where weight[band] > 0 {
            let w = weight[band] + prior
            let share = (late[band] + prior * lineSum[band] / weight[band]) / w
            var block = (w: w, share: share * w, x: xSum[band], data: weight[band])
            while let last = blocks.last, last.share / last.w >= block.share / block.w {
                blocks.removeLast()
                block = (last.w + block.w, last.share + block.share, last.x + block.x, last.data + block.data)
            }
            blocks.append(block)
        }
        guard blocks.count >= 2 else { return .none }
        let bend = Bend(knots: blocks.map { (x: $0.x / $0.data, z: logit($0.share / $0.w)) })
        return bend.isIncreasing ? bend : .none
    }

    /// The weighted sum of squared errors of `p` over the questions.
    private static func brier(_ questions: [RiskQuestion], _ p: (RiskQuestion) -> Double) -> Double {
        questions.reduce(0) { $0 + $1.weight * square(p($1) - ($1.late ? 1 : 0)) }
    }

    /// Newton's method on the penalised log-likelihood of `late ~ σ(a + b·logit(stated))`, the penalty
    /// `priorWeight/2 · (a² + (b − 1)²)` centring it on the identity; the slope is kept positive so the line
    /// never reverses the model's order.
    package static func fitLine(_ questions: [RiskQuestion]) -> Line {
        let xs = questions.map { logit($0.stated) }
        var a = 0.0
        var b = 1.0
        for _ in 0..<50 {
            var ga = priorWeight * a
            var gb = priorWeight * (b - 1)
            var haa = priorWeight
            var hab = 0.0
            var hbb = priorWeight
            for (q, x) in zip(questions, xs) {
                let p = sigmoid(a + b * x)
                let r = q.weight * (p - (q.late ? 1 : 0))
                let v = q.weight * p * (1 - p)
                ga += r
                gb += r * x
                haa += v
                hab += v * x
                hbb += v * x * x
            }
            let det = haa * hbb - hab * hab
            guard det > 1e-12 else { break }
            let da = (hbb * ga - hab * gb) / det
            let db = (haa * gb - hab * ga) / det
            a -= da
            b = max(b - db, 0.01)
            if abs(da) < 1e-10 && abs(db) < 1e-10 { break }
        }
        return Line(intercept: a, slope: b)
    }

    private static func clamped(_ p: Double) -> Double { min(1, max(0, p)) }
    private static func square(_ x: Double) -> Double { x * x }
}
