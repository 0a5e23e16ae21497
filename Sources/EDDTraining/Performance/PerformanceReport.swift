import EDDCore

/// Every number on the delivery performance page (`edd-train report`), as written to `report.json`.
///
/// Keys are snake_case by explicit coding keys (JSONEncoder's `convertToSnakeCase` converted each key of
/// each row again, a third of the encoding time on Olist).
///
/// Group kinds are `all`, `carrier_service` (`ups ground`), `origin` (warehouse or seller id, else origin
/// postal code), `destination_region` and `lane` (carrier service from an origin to a destination region);
/// a period of `all` means the whole window.
public struct PerformanceReport: Sendable, Codable, Equatable {
    public var title: String
    public var window: Window
    public var overview: Overview
    /// Transit (hand-off → delivery) and order → delivery distributions: overall and per carrier service for
    /// each period and the window; per lane and per origin with at least the minimum shipments, the window's.
    public var distributions: [DistributionRow]
    /// On-time rates against `promised_date`.
    public var promise: [PromiseRow]
    /// Per carrier service and per origin, over the whole window.
    public var scorecards: [ScorecardRow]
    public var changes: Changes
    /// The model's stated ranges against what happened (only with `--model`).
    public var coverage: [CoverageRow]?
    /// Definitions and caveats, shown under the title.
    public var notes: [String]

    /// The report's window and periods.
    public struct Window: Sendable, Codable, Equatable {
        /// First and last order date (origin local) in the window, nil when it is empty.
        public var from: String?
        public var to: String?
        /// `week` or `month`.
        public var period: String
        /// The period labels, oldest first.
        public var periods: [String]
        /// The instant the data stops: shipments still open then are censored there.
        public var cutoff: String?

        enum CodingKeys: String, CodingKey {
            case from
            case to
            case period
            case periods
            case cutoff
        }
    }

    /// Shipments by outcome, rows by fate, and how much there is of each group.
    public struct Overview: Sendable, Codable, Equatable {
        /// Shipments ordered in the window (the sum of `outcomes`).
        public var shipments: Int
        /// By outcome at the cut-off: delivered, in_transit, lost, returned, canceled.
        public var outcomes: [String: Int]
        /// Each outcome's share of `shipments` (empty when there are none).
        public var outcomeShares: [String: Double]
        /// Shipments in the input ordered outside the window, or with neither an order nor a carrier scan.
        public var outsideWindow: Int
        public var withoutDates: Int
        /// Input rows read, accepted and rejected (by reason: every reason, zeros included).
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var rejected: [String: Int]
        public var rejectedTotal: Int
        public var duplicatesDropped: Int
        public var conflictingRows: Int
        /// Distinct groups among the window's shipments.
        public var carriers: Int
        public var carrierServices: Int
        public var origins: Int
        public var destinationRegions: Int
        public var lanes: Int
        /// Shipments with a promised date.
        public var withPromise: Int

        enum CodingKeys: String, CodingKey {
            case shipments
            case outcomes
            case outcomeShares = "outcome_shares"
            case outsideWindow = "outside_window"
            case withoutDates = "without_dates"
            case rowsRead = "rows_read"
            case rowsAccepted = "rows_accepted"
            case rejected
            case rejectedTotal = "rejected_total"
            case duplicatesDropped = "duplicates_dropped"
            case conflictingRows = "conflicting_rows"
            case carriers
            case carrierServices = "carrier_services"
            case origins
            case destinationRegions = "destination_regions"
            case lanes
            case withPromise = "with_promise"
        }
    }

    /// One distribution: a group's stage over one period.
    public struct DistributionRow: Sendable, Codable, Equatable {
        /// `transit` (hand-off → delivery) or `order_to_delivery`.
        public var measure: String
        public var kind: String
        public var group: String
        public var period: String
        /// Stages in the estimate: delivered plus still in transit (censored); lost and returned are not.
        public var shipments: Int
        public var delivered: Int
        public var censored: Int
        /// Kaplan–Meier shares delivered after 0, 1, …, 9 and 10+ working days; they sum to 1.
        public var shares: [Double]?
        public var median: Int?
        public var p90: Int?

        enum CodingKeys: String, CodingKey {
            case measure
            case kind
            case group
            case period
            case shipments
            case delivered
            case censored
            case shares
            case median
            case p90
        }
    }

    /// On-time performance of a group over one period, among shipments whose promise has passed.
    public struct PromiseRow: Sendable, Codable, Equatable {
        public var kind: String
        public var group: String
        public var period: String
        /// Shipments whose promised date is at or before the last fully observed day (`on_time + late`).
        public var shipments: Int
        public var onTime: Int
        public var late: Int
        /// On-time rate with its 95% Wilson interval.
        public var rate: Double?
        public var rateLow: Double?
        public var rateHigh: Double?
        /// Mean calendar days delivered after the promise (negative: early), over the delivered ones.
        public var meanDaysLate: Double?
        public var deliveredCount: Int

        enum CodingKeys: String, CodingKey {
            case kind
            case group
            case period
            case shipments
            case onTime = "on_time"
            case late
            case rate
            case rateLow = "rate_low"
            case rateHigh = "rate_high"
            case meanDaysLate = "mean_days_late"
            case deliveredCount = "delivered_count"
        }
    }

    /// A carrier service's or an origin's figures over the window.
    public struct ScorecardRow: Sendable, Codable, Equatable {
        public var kind: String
        public var group: String
        public var shipments: Int
        /// Fewer than the minimum: shown, not ranked.
        public var small: Bool
        public var delivered: Int
        public var handlingMedian: Int?
        public var handlingP90: Int?
        /// Shipped on the day handling could start, among orders whose answer is known.
        public var sameDayShare: Double?
        public var sameDayKnown: Int
        public var transitMedian: Int?
        public var transitP90: Int?
        public var onTimeRate: Double?
        public var onTimeLow: Double?
        public var onTimeHigh: Double?
        public var promiseShipments: Int
        /// Shares of the group's shipments with an exception scan, a failed attempt, lost, returned.
        public var exceptionRate: Double?
        public var attemptRate: Double?
        public var lostRate: Double?
        public var returnedRate: Double?

        enum CodingKeys: String, CodingKey {
            case kind
            case group
            case shipments
            case small
            case delivered
            case handlingMedian = "handling_median"
            case handlingP90 = "handling_p90"
            case sameDayShare = "same_day_share"
            case sameDayKnown = "same_day_known"
            case transitMedian = "transit_median"
            case transitP90 = "transit_p90"
            case onTimeRate = "on_time_rate"
            case onTimeLow = "on_time_low"
            case onTimeHigh = "on_time_high"
            case promiseShipments = "promise_shipments"
            case exceptionRate = "exception_rate"
            case attemptRate = "attempt_rate"
            case lostRate = "lost_rate"
            case returnedRate = "returned_rate"
        }
    }

    /// The "what changed" section: which test, which periods, and every test made.
    public struct Changes: Sendable, Codable, Equatable {
        public var method: String
        public var falseDiscoveryRate: Double
        /// The two periods compared (nil when the window has fewer than two).
        public var before: String?
        public var after: String?
        /// Groups with fewer shipments in either period are not tested.
        public var minimumShipments: Int
        /// Every test made, flagged ones first.
        public var tests: [ChangeRow]
        public var flagged: Int

        enum CodingKeys: String, CodingKey {
            case method
            case falseDiscoveryRate = "false_discovery_rate"
            case before
            case after
            case minimumShipments = "minimum_shipments"
            case tests
            case flagged
        }
    }

    /// One test of one group's metric between the two periods.
    public struct ChangeRow: Sendable, Codable, Equatable {
        public var kind: String
        public var group: String
        /// `transit_days` (log-rank) or `on_time_rate` (two-proportion z).
        public var metric: String
        public var beforeShipments: Int
        public var afterShipments: Int
        /// Medians (transit) or rates (on time) before and after.
        public var before: Double?
        public var after: Double?
        /// For transit: the 90th percentiles before and after.
        public var beforeP90: Double?
        public var afterP90: Double?
        public var z: Double
        public var p: Double
        /// Benjamini–Hochberg adjusted p-value; flagged when at most the false discovery rate.
        public var q: Double
        public var flagged: Bool
        /// `after − before`: working days of median (transit) or the rate's difference (on time).
        public var change: Double?
        /// For transit: the 90th percentile's change in working days.
        public var changeP90: Double?

        enum CodingKeys: String, CodingKey {
            case kind
            case group
            case metric
            case beforeShipments = "before_shipments"
            case afterShipments = "after_shipments"
            case before
            case after
            case beforeP90 = "before_p90"
            case afterP90 = "after_p90"
            case z
            case p
            case q
            case flagged
            case change
            case changeP90 = "change_p90"
        }
    }

    /// The model's order-time 80% and 90% ranges against the delivered shipments of a group and period.
    public struct CoverageRow: Sendable, Codable, Equatable {
        public var kind: String
        public var group: String
        public var period: String
        public var shipments: Int
        public var covered80: Int
        public var covered90: Int
        public var rate80: Double?
        public var rate80Low: Double?
        public var rate80High: Double?
        public var rate90: Double?
        public var rate90Low: Double?
        public var rate90High: Double?
        /// Delivered before the range starts (the model was too slow) and after it ends (too fast), at 80%.
        public var early80: Int
        public var late80: Int
        /// `early80` and `late80` as shares of `shipments`.
        public var early80Rate: Double?
        public var late80Rate: Double?

        enum CodingKeys: String, CodingKey {
            case kind
            case group
            case period
            case shipments
            case covered80
            case covered90
            case rate80
            case rate80Low = "rate80_low"
            case rate80High = "rate80_high"
            case rate90
            case rate90Low = "rate90_low"
            case rate90High = "rate90_high"
            case early80
            case late80
            case early80Rate = "early80_rate"
            case late80Rate = "late80_rate"
        }
    }

    enum CodingKeys: String, CodingKey {
        case title
        case window
        case overview
        case distributions
        case promise
        case scorecards
        case changes
        case coverage
        case notes
    }
}
