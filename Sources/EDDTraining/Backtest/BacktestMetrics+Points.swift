import EDDCore

extension BacktestMetrics {
    /// The EDD at one stated confidence: how often it held and how long it was.
    public struct ConfidencePoint: Sendable, Equatable {
        /// The stated confidence c.
        public var confidence: Double
        /// `ontime@c`: share of orders delivered on or before the EDD.
        public var ontime: Double
        /// `days@c`: mean EDD length in days.
        public var meanDays: Double
    }

    /// One point of the quantile reliability diagram.
    public struct QuantilePoint: Sendable, Equatable {
        /// The quantile level τ.
        public var level: Double
        /// Share of orders with y ≤ qτ (τ when calibrated).
        public var share: Double
    }

    /// One decile of predicted late-delivery probability.
    public struct RiskBin: Sendable, Equatable {
        /// Smallest predicted probability in the bin.
        public var lowerProbability: Double
        /// Largest predicted probability in the bin.
        public var upperProbability: Double
        /// Mean predicted probability.
        public var meanPredicted: Double
        /// Observed share of late orders.
        public var observedRate: Double
        /// Orders in the bin.
        public var count: Int
    }

    /// Where our on-time-versus-length frontier meets the marketplace's on-time rate.
    public struct FrontierMatch: Sendable, Equatable {
        /// How the match was found.
        public enum Status: String, Sendable {
            /// Between two confidence levels (or exactly on one): the figure is comparable.
            case interpolated
            /// The marketplace's rate is below ours at the lowest confidence; `days` is that end's length.
            case belowGrid = "below_grid"
            /// The marketplace's rate is above ours at the highest confidence; `days` is that end's length.
            case aboveGrid = "above_grid"
        }
        /// `days_at_olist_ontime`: our mean promise length at the marketplace's on-time rate.
        public var days: Double
        /// The (interpolated) stated confidence at which that happens.
        public var confidence: Double
        /// Whether the rate was reachable on the confidence grid.
        public var status: Status
    }
}
