import EDDCore

/// A peer's figures on the same Olist folds, from BACKTEST.md, for the report's headline table.
public struct BacktestReference: Sendable {
    /// The model's name as the report shows it.
    public var name: String
    /// `mae_p50`, if the peer reports it.
    public var maeP50: Double?
    /// `pinball_mean`, if reported.
    public var pinballMean: Double?
    /// `cov80`, if reported.
    public var cov80: Double?
    /// `cov90`, if reported.
    public var cov90: Double?
    /// `crossing`, if reported.
    public var crossing: Int?
    /// `days_at_olist_ontime`, if reported (for the marketplace: its own mean promise length).
    public var daysAtOlistOntime: Double?
    /// `ontime@0.93`, if reported.
    public var ontimeAt93: Double?
    /// `risk_auc`, if reported.
    public var riskAUC: Double?
    /// `risk_brier`, if reported.
    public var riskBrier: Double?
    /// A short remark shown beside the name.
    public var note: String

    /// Creates a reference row; unreported figures stay nil.
    public init(
        name: String, maeP50: Double? = nil, pinballMean: Double? = nil, cov80: Double? = nil, cov90: Double? = nil,
        crossing: Int? = nil, daysAtOlistOntime: Double? = nil, ontimeAt93: Double? = nil, riskAUC: Double? = nil,
        riskBrier: Double? = nil, note: String = ""
    ) {
        self.name = name
        self.maeP50 = maeP50
        self.pinballMean = pinballMean
        self.cov80 = cov80
        self.cov90 = cov90
        self.crossing = crossing
        self.daysAtOlistOntime = daysAtOlistOntime
        self.ontimeAt93 = ontimeAt93
        self.riskAUC = riskAUC
        self.riskBrier = riskBrier
        self.note = note
    }

    /// The marketplace's own on-time rate over the seven folds of BACKTEST.md.
    public static let olistOntime = 0.9206

    /// BACKTEST.md's "figures to beat", measured on the same seven monthly folds (46,426 orders).
    public static let olist: [BacktestReference] = [
        BacktestReference(name: "marketplace's own estimate", daysAtOlistOntime: 24.48, note: "on-time 0.9206"),
        BacktestReference(
            name: "LightGBM quantile regression", maeP50: 5.80, pinballMean: 2.37, cov80: 0.646, crossing: 629,
            daysAtOlistOntime: 24.31, note: "tuned features, 100 rounds"),
        BacktestReference(name: "LightGBM classifier (risk)", riskAUC: 0.674, riskBrier: 0.0732),
        BacktestReference(
            name: "per-lane empirical quantiles", maeP50: 5.58, pinballMean: 2.24, cov80: 0.771, crossing: 0,
            daysAtOlistOntime: 24.30, note: "state → state"),
    ]
}
