import EDDCore

/// The figures of one fold or one lane group, a subset of ``BacktestMetrics``.
public struct BacktestSummary: Sendable {
    /// Orders scored.
    public var n: Int
    /// Mean |y − q0.5|.
    public var maeP50: Double?
    /// Mean pinball loss over τ ∈ {0.1, …, 0.9}.
    public var pinballMean: Double?
    /// Share with q0.1 ≤ y ≤ q0.9.
    public var cov80: Double?
    /// Mean q0.9 − q0.1 in days.
    public var width80: Double?
    /// Share with q0.05 ≤ y ≤ q0.95.
    public var cov90: Double?
    /// Orders whose quantiles cross.
    public var crossing: Int
    /// On-time rate of the EDD at confidence 0.93.
    public var ontimeAt93: Double?
    /// Mean EDD length at confidence 0.93.
    public var daysAt93: Double?
    /// The marketplace's own on-time rate.
    public var olistOntime: Double?
    /// Our mean promise length at the marketplace's on-time rate.
    public var daysAtOlistOntime: Double?
    /// Risk AUC, when both classes occur.
    public var riskAUC: Double?

    /// Takes the subset from pooled metrics.
    public init(_ m: BacktestMetrics) {
        n = m.n
        maeP50 = m.maeP50
        pinballMean = m.pinballMean
        cov80 = m.cov80
        width80 = m.width80
        cov90 = m.cov90
        crossing = m.crossing
        ontimeAt93 = m.ontime(at: BacktestMetrics.headlineConfidence)
        daysAt93 = m.days(at: BacktestMetrics.headlineConfidence)
        olistOntime = m.olistOntime
        daysAtOlistOntime = m.daysAtOlistOntime?.days
        riskAUC = m.riskAUC
    }
}
