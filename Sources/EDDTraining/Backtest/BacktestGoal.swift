import EDDCore

/// One of the project's accuracy goals from BACKTEST.md, and whether a run meets it.
public struct BacktestGoal: Sendable {
    /// The kind of bound.
    public enum Bound: Sendable {
        /// The figure must be at most this.
        case atMost(Double)
        /// The figure must be at least this.
        case atLeast(Double)
        /// The figure must lie in this closed range.
        case within(ClosedRange<Double>)
    }

    /// The metric's name in BACKTEST.md and `metrics.json`, e.g. `"cov80"`.
    public var metric: String
    /// The bound the figure must satisfy.
    public var bound: Bound
    /// The bound as BACKTEST.md writes it, e.g. `≤ 2.10` or `0.78–0.82`.
    public var boundText: String
    /// Reads the figure from a run's metrics; nil when the run could not define it.
    public var value: @Sendable (BacktestMetrics) -> Double?

    /// Creates a goal.
    public init(
        metric: String, bound: Bound, boundText: String, value: @escaping @Sendable (BacktestMetrics) -> Double?
    ) {
        self.metric = metric
        self.bound = bound
        self.boundText = boundText
        self.value = value
    }

    /// Whether the run meets the goal; nil when the figure is undefined.
    public func isMet(by metrics: BacktestMetrics) -> Bool? {
        guard let v = value(metrics), !v.isNaN else { return nil }
        switch bound {
        case .atMost(let limit): return v <= limit
        case .atLeast(let limit): return v >= limit
        case .within(let range): return range.contains(v)
        }
    }

    /// The goals of BACKTEST.md, in the headline table's column order.
    public static let olist: [BacktestGoal] = [
        BacktestGoal(metric: "mae_p50", bound: .atMost(5.0), boundText: "≤ 5.0") { $0.maeP50 },
        BacktestGoal(metric: "pinball_mean", bound: .atMost(2.10), boundText: "≤ 2.10") { $0.pinballMean },
        BacktestGoal(metric: "cov80", bound: .within(0.78...0.82), boundText: "0.78–0.82") { $0.cov80 },
        BacktestGoal(metric: "cov90", bound: .within(0.88...0.92), boundText: "0.88–0.92") { $0.cov90 },
        // Crossings are only counted when some order had a full quantile vector.
        BacktestGoal(metric: "crossing", bound: .atMost(0), boundText: "0") {
            $0.maeP50 == nil ? nil : Double($0.crossing)
        },
        // Out of reach at the top of the grid means the rate cannot be matched at all: a miss.
        BacktestGoal(metric: "days_at_olist_ontime", bound: .atMost(23.0), boundText: "≤ 23.0") {
            $0.daysAtOlistOntime.map { $0.status == .aboveGrid ? .infinity : $0.days }
        },
        BacktestGoal(metric: "ontime@0.93", bound: .atLeast(0.92), boundText: "≥ 0.92") {
            $0.ontime(at: BacktestMetrics.headlineConfidence)
        },
        BacktestGoal(metric: "risk_auc", bound: .atLeast(0.72), boundText: "≥ 0.72") { $0.riskAUC },
        BacktestGoal(metric: "risk_brier", bound: .atMost(0.070), boundText: "≤ 0.070") { $0.riskBrier },
    ]
}
