import EDDCore

/// One predicted and scored order of a backtest fold.
///
/// The fold runner produces one per predicted order; ``BacktestMetrics/compute(_:)`` pools them into the
/// figures of BACKTEST.md. Day counts are whole calendar days after the local purchase date.
public struct BacktestRecord: Sendable {
    /// The fold label, e.g. `"2018-01"`; folds are reported in the label's sort order.
    public var fold: String
    /// The lane group for per-group metrics, e.g. the destination region `"SP"`.
    public var laneGroup: String
    /// y: local delivery date − local purchase date, in calendar days.
    public var actualDays: Int
    /// Predicted days at ``quantileLevels``, in the same order.
    public var quantileDays: [Int]
    /// EDD length in days at ``confidenceLevels``, in the same order.
    public var confidenceDays: [Int]
    /// The stated ranges in days at ``rangeCoverages``, in the same order (``DeliveryForecast/rangeDays(_:)``);
    /// empty when not known, and the figures then count [q0.1, q0.9] and [q0.05, q0.95].
    public var rangeDays: [ClosedRange<Int>]
    /// The marketplace's promise length (promised date − purchase date), if known.
    public var promisedDays: Int?
    /// The randomized PIT of y under the predicted distribution, in [0, 1].
    public var pit: Double?
    /// P(late versus the promise) predicted at carrier hand-off, if known.
    public var riskProbability: Double?
    /// P(late versus the promise) predicted at the order, with no carrier scan yet, if known: the answer a
    /// checkout or an order confirmation gets, and the only one on a feed without hand-off scans.
    public var orderRiskProbability: Double?
    /// The risk label: delivered after the promised date.
    public var lateVsPromise: Bool?

    /// The quantile levels τ of ``quantileDays``.
    public static let quantileLevels: [Double] = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    /// The levels of ``rangeDays``: the 80% and 90% ranges.
    public static let rangeCoverages: [Double] = [0.8, 0.9]
    /// The stated confidences of ``confidenceDays``: 0.50, 0.51, …, 0.99, then 0.995.
    public static let confidenceLevels: [Double] = (50...99).map { Double($0) / 100 } + [0.995]

    /// Creates a record; the optional fields default to unknown.
    public init(
        fold: String,
        laneGroup: String,
        actualDays: Int,
        quantileDays: [Int],
        confidenceDays: [Int],
        rangeDays: [ClosedRange<Int>] = [],
        promisedDays: Int? = nil,
        pit: Double? = nil,
        riskProbability: Double? = nil,
        orderRiskProbability: Double? = nil,
        lateVsPromise: Bool? = nil
    ) {
        self.fold = fold
        self.laneGroup = laneGroup
        self.actualDays = actualDays
        self.quantileDays = quantileDays
        self.confidenceDays = confidenceDays
        self.rangeDays = rangeDays
        self.promisedDays = promisedDays
        self.pit = pit
        self.riskProbability = riskProbability
        self.orderRiskProbability = orderRiskProbability
        self.lateVsPromise = lateVsPromise
    }
}
