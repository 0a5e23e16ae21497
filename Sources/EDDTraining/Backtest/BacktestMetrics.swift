import EDDCore

/// The pooled figures of a backtest, defined exactly as in BACKTEST.md.
///
/// A figure is nil when no order can define it (no records, no promise, a single risk class). Records
/// whose `quantileDays` or `confidenceDays` do not have one entry per level count in ``n`` and
/// ``malformed`` but are left out of the figures that need the missing vector.
public struct BacktestMetrics: Sendable {
    /// The stated confidence behind the headline `ontime@0.93` goal.
    public static let headlineConfidence = 0.93
    /// The quantile levels τ ∈ {0.1, …, 0.9} that `pinball_mean` averages over.
    public static let pinballLevels: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    /// Bins of ``pitHistogram``, each 1/20 wide.
    public static let pitBinCount = 20

    /// Orders scored.
    public var n: Int = 0
    /// Records with a quantile or confidence vector of the wrong length.
    public var malformed: Int = 0
    /// `mae_p50`: mean |y − q0.5|.
    public var maeP50: Double?
    /// Mean pinball loss at each of ``pinballLevels``.
    public var pinballByLevel: [Double] = []
    /// `pinball_mean`: the mean of ``pinballByLevel``.
    public var pinballMean: Double?
    /// `cov80`: share of y within the stated 80% range (``BacktestRecord/rangeDays``; [q0.1, q0.9] for a
    /// record without ranges).
    public var cov80: Double?
    /// `width80`: the 80% range's mean length in days (upper end − lower end).
    public var width80: Double?
    /// `cov90`: share of y within the stated 90% range ([q0.05, q0.95] for a record without ranges).
    public var cov90: Double?
    /// `width90`: the 90% range's mean length in days.
    public var width90: Double?
    /// `cov80_quantiles`: share with q0.1 ≤ y ≤ q0.9, BACKTEST.md's count of the range before the range's two
    /// ends were chosen jointly (the peers' figures count it so).
    public var cov80Quantiles: Double?
    /// `cov90_quantiles`: share with q0.05 ≤ y ≤ q0.95.
    public var cov90Quantiles: Double?
    /// `crossing`: orders whose quantile vector is not nondecreasing in τ.
    public var crossing: Int = 0
    /// `ontime@c` and `days@c` for every level of ``BacktestRecord/confidenceLevels``; doubles as the
    /// reliability diagram of stated confidences (stated c versus observed on-time rate).
    public var confidence: [ConfidencePoint] = []
    /// Quantile reliability: τ versus share with y ≤ qτ, for every ``BacktestRecord/quantileLevels``.
    public var quantileCalibration: [QuantilePoint] = []
    /// Orders with a known marketplace promise.
    public var olistCount: Int = 0
    /// `olist_ontime`: share of promised orders delivered on or before the promise.
    public var olistOntime: Double?
    /// `olist_days`: mean promise length of promised orders.
    public var olistDays: Double?
    /// `days_at_olist_ontime`, with the confidence and whether it was reachable.
    public var daysAtOlistOntime: FrontierMatch?
    /// Orders with a finite PIT.
    public var pitCount: Int = 0
    /// Counts of PIT values in ``pitBinCount`` equal bins of [0, 1] (1 falls in the last bin).
    public var pitHistogram: [Int] = []
    /// `cov80_pit`: share of orders with a randomised PIT within [0.1, 0.9]. Whole-day labels make `cov80`
    /// count the whole of both end days, about half a day's mass too much at each end for a calibrated
    /// answer; this is the exact test of the stated 80% range (README, Backtest).
    public var cov80PIT: Double?
    /// `cov90_pit`: the same within [0.05, 0.95].
    public var cov90PIT: Double?
    /// The risk answered at carrier hand-off (BACKTEST.md's `risk_auc` and `risk_brier`), scored.
    public var handOffRisk = RiskFigures([])
    /// Orders with both a finite hand-off risk probability and a late label.
    public var riskCount: Int { handOffRisk.count }
    /// `risk_auc`: Mann–Whitney AUC of the risk probability for the late label, ties counted half.
    public var riskAUC: Double? { handOffRisk.auc }
    /// `risk_brier`: mean (p − late)².
    public var riskBrier: Double? { handOffRisk.brier }
    /// `risk_late_rate`: the share of those orders that were late.
    public var riskLateRate: Double? { handOffRisk.lateRate }
    /// `risk_brier_base`: the Brier score of always answering that share (``RiskFigures/brierBase``).
    public var riskBrierBase: Double? { handOffRisk.brierBase }
    /// Equal-count deciles of predicted risk: mean predicted versus observed late rate.
    public var riskReliability: [RiskBin] { handOffRisk.reliability }
    /// The same figures for the risk answered at the order, before any carrier scan (`risk_order_*`, an
    /// extension of BACKTEST.md): every order with a promise, hand-off scan or not.
    public var orderRisk = RiskFigures([])

    /// A risk answer's scores against the late label.
    public struct RiskFigures: Sendable {
        /// Orders with both a finite risk probability and a late label.
        public var count: Int
        /// Mann–Whitney AUC, ties counted half; nil unless both classes occur.
        public var auc: Double?
        /// Mean (p − late)².
        public var brier: Double?
        /// The share of the orders that were late.
        public var lateRate: Double?
        /// The Brier score of always answering that share, r(1 − r): the bar a risk answer must clear to say
        /// anything about one parcel (it is told the month's rate after the fact, so a model that only knew
        /// the past would do no better than it).
        public var brierBase: Double?
        /// Equal-count deciles: mean predicted versus observed late rate.
        public var reliability: [RiskBin]

        init(_ pairs: [(p: Double, late: Bool)]) {
            count = pairs.count
            reliability = RiskScoring.deciles(pairs)
            auc = RiskScoring.auc(pairs)
            brier = RiskScoring.brier(pairs)
            lateRate = pairs.isEmpty ? nil : Double(pairs.count { $0.late }) / Double(pairs.count)
            brierBase = lateRate.map { $0 * (1 - $0) }
        }
    }
    /// A subset of the figures for each fold label.
    public var byFold: [String: BacktestSummary] = [:]
    /// A subset of the figures for each lane group.
    public var byLaneGroup: [String: BacktestSummary] = [:]

    /// Creates empty metrics (every figure nil); use ``compute(_:)`` to fill them.
    public init() {}

    /// `ontime@c` for a stated confidence on the grid, or nil if off the grid or undefined.
    public func ontime(at confidence: Double) -> Double? { point(at: confidence)?.ontime }

    /// `days@c` for a stated confidence on the grid, or nil if off the grid or undefined.
    public func days(at confidence: Double) -> Double? { point(at: confidence)?.meanDays }

    private func point(at confidence: Double) -> ConfidencePoint? {
        self.confidence.first { abs($0.confidence - confidence) < 1e-9 }
    }

    /// Pools the records into every figure, then the per-fold and per-lane-group subsets.
    public static func compute(_ records: [BacktestRecord]) -> BacktestMetrics {
        var metrics = pooled(records)
        metrics.byFold = Dictionary(grouping: records, by: \.fold).mapValues { BacktestSummary(pooled($0)) }
        metrics.byLaneGroup = Dictionary(grouping: records, by: \.laneGroup).mapValues { BacktestSummary(pooled($0)) }
        return metrics
    }

    /// Every figure except the per-group subsets.
    static func pooled(_ records: [BacktestRecord]) -> BacktestMetrics {
        var m = BacktestMetrics()
        m.n = records.count
        let qCount = BacktestRecord.quantileLevels.count
        let cCount = BacktestRecord.confidenceLevels.count
        m.malformed = records.count { $0.quantileDays.count != qCount || $0.confidenceDays.count != cCount }
        m.fillQuantileFigures(records.filter { $0.quantileDays.count == qCount })
        m.fillConfidenceFigures(records.filter { $0.confidenceDays.count == cCount })
        m.fillPromiseFigures(records)
        m.fillPIT(records)
        func scored(_ probability: (BacktestRecord) -> Double?) -> RiskFigures {
            RiskFigures(
                records.compactMap { r -> (Double, Bool)? in
                    guard let p = probability(r), p.isFinite, let late = r.lateVsPromise else { return nil }
                    return (p, late)
                })
        }
        m.handOffRisk = scored(\.riskProbability)
        m.orderRisk = scored(\.orderRiskProbability)
        return m
    }

    private mutating func fillQuantileFigures(_ records: [BacktestRecord]) {
        guard !records.isEmpty else { return }
        let levels = BacktestRecord.quantileLevels
        let count = Double(records.count)
        let i05 = levels.firstIndex(of: 0.05)!
        let i10 = levels.firstIndex(of: 0.1)!
        let i50 = levels.firstIndex(of: 0.5)!
        let i90 = levels.firstIndex(of: 0.9)!
        let i95 = levels.firstIndex(of: 0.95)!
        let pinballIndices = Self.pinballLevels.map { levels.firstIndex(of: $0)! }
        var absError = 0.0
        var pinball = [Double](repeating: 0, count: pinballIndices.count)
        var inside80 = 0
        var inside90 = 0
        var quantiles80 = 0
        var quantiles90 = 0
        var width80 = 0
        var width90 = 0
        var below = [Int](repeating: 0, count: levels.count)
        for r in records {
            let y = r.actualDays
            let q = r.quantileDays
            absError += Double(abs(y - q[i50]))
            for (k, i) in pinballIndices.enumerated() {
                let u = Double(y - q[i])
                let tau = levels[i]
                pinball[k] += max(tau * u, (tau - 1) * u)
            }
            if q[i10] <= y && y <= q[i90] { quantiles80 += 1 }
            if q[i05] <= y && y <= q[i95] { quantiles90 += 1 }
            if r.rangeDays.count == BacktestRecord.rangeCoverages.count {
                let (r80, r90) = (r.rangeDays[0], r.rangeDays[1])
                if r80.contains(y) { inside80 += 1 }
                if r90.contains(y) { inside90 += 1 }
                width80 += r80.upperBound - r80.lowerBound
                width90 += r90.upperBound - r90.lowerBound
            } else {
                if q[i10] <= y && y <= q[i90] { inside80 += 1 }
                if q[i05] <= y && y <= q[i95] { inside90 += 1 }
                width80 += q[i90] - q[i10]
                width90 += q[i95] - q[i05]
            }
            for i in levels.indices where y <= q[i] { below[i] += 1 }
            if zip(q, q.dropFirst()).contains(where: { $0 > $1 }) { crossing += 1 }
        }
        maeP50 = absError / count
        pinballByLevel = pinball.map { $0 / count }
        pinballMean = pinballByLevel.reduce(0, +) / Double(pinballByLevel.count)
        cov80 = Double(inside80) / count
        cov90 = Double(inside90) / count
        cov80Quantiles = Double(quantiles80) / count
        cov90Quantiles = Double(quantiles90) / count
        self.width80 = Double(width80) / count
        self.width90 = Double(width90) / count
        quantileCalibration = levels.indices.map { QuantilePoint(level: levels[$0], share: Double(below[$0]) / count) }
    }

    private mutating func fillConfidenceFigures(_ records: [BacktestRecord]) {
        guard !records.isEmpty else { return }
        let levels = BacktestRecord.confidenceLevels
        var onTime = [Int](repeating: 0, count: levels.count)
        var days = [Int](repeating: 0, count: levels.count)
        for r in records {
            for i in levels.indices {
                if r.actualDays <= r.confidenceDays[i] { onTime[i] += 1 }
                days[i] += r.confidenceDays[i]
            }
        }
        let count = Double(records.count)
        confidence = levels.indices.map {
            ConfidencePoint(
                confidence: levels[$0], ontime: Double(onTime[$0]) / count, meanDays: Double(days[$0]) / count)
        }
    }

    private mutating func fillPromiseFigures(_ records: [BacktestRecord]) {
        let promised = records.compactMap { r in r.promisedDays.map { (y: r.actualDays, days: $0) } }
        olistCount = promised.count
        guard !promised.isEmpty else { return }
        let count = Double(promised.count)
        olistOntime = Double(promised.count { $0.y <= $0.days }) / count
        olistDays = Double(promised.reduce(0) { $0 + $1.days }) / count
        daysAtOlistOntime = Self.frontierMatch(confidence, rate: olistOntime!)
    }

    private mutating func fillPIT(_ records: [BacktestRecord]) {
        var bins = [Int](repeating: 0, count: Self.pitBinCount)
        var within80 = 0
        var within90 = 0
        for r in records {
            guard let pit = r.pit, pit.isFinite else { continue }
            let clamped = min(max(pit, 0), 1)
            bins[min(Int(clamped * Double(Self.pitBinCount)), Self.pitBinCount - 1)] += 1
            pitCount += 1
            if (0.1...0.9).contains(pit) { within80 += 1 }
            if (0.05...0.95).contains(pit) { within90 += 1 }
        }
        pitHistogram = pitCount > 0 ? bins : []
        if pitCount > 0 {
            cov80PIT = Double(within80) / Double(pitCount)
            cov90PIT = Double(within90) / Double(pitCount)
        }
    }

    /// Mean EDD length where the on-time rate along the confidence grid equals `rate`, by linear
    /// interpolation between the first pair of neighbouring levels that brackets it; the nearer end of
    /// the grid, flagged, when no pair does.
    static func frontierMatch(_ points: [ConfidencePoint], rate: Double) -> FrontierMatch? {
        guard let first = points.first, let last = points.last else { return nil }
        if points.count == 1 && first.ontime == rate {
            return FrontierMatch(days: first.meanDays, confidence: first.confidence, status: .interpolated)
        }
        for (a, b) in zip(points, points.dropFirst())
        where min(a.ontime, b.ontime) <= rate && rate <= max(a.ontime, b.ontime) {
            guard a.ontime != b.ontime else {
                return FrontierMatch(days: a.meanDays, confidence: a.confidence, status: .interpolated)
            }
            let t = (rate - a.ontime) / (b.ontime - a.ontime)
            return FrontierMatch(
                days: a.meanDays + t * (b.meanDays - a.meanDays),
                confidence: a.confidence + t * (b.confidence - a.confidence),
                status: .interpolated)
        }
        // Adjacent segments cover [min, max] of the rates, so an unbracketed rate lies beyond every point.
        if rate < points.map(\.ontime).min()! {
            return FrontierMatch(days: first.meanDays, confidence: first.confidence, status: .belowGrid)
        }
        return FrontierMatch(days: last.meanDays, confidence: last.confidence, status: .aboveGrid)
    }
}
