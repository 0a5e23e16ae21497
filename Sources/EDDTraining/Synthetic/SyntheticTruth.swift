import EDDCore

/// The ground truth the synthetic generator draws from, so that tests and benchmarks can compare what a
/// model learns with what is really there. TrainingData/README.md documents the same values.
public enum SyntheticTruth {
    /// The carrier's distance zone (2–8) for a distance in miles between state centroids: up to 150 miles
    /// zone 2 (and always within one state), 300 zone 3, 600 zone 4, 1,000 zone 5, 1,400 zone 6, 1,800 zone
    /// 7, farther zone 8.
    public static func zone(miles: Double) -> Int {
        let limits: [Double] = [150, 300, 600, 1000, 1400, 1800]
        for (i, limit) in limits.enumerated() where miles <= limit { return i + 2 }
        return 8
    }

    /// The distance zone between two states.
    public static func zone(from originState: String, to destinationState: String) -> Int {
        zone(miles: SyntheticPlaces.miles(originState, destinationState))
    }

    /// Rates of the events and of the dirt written into the feed.
    public struct Rates: Sendable {
        /// Orders canceled before pickup (ORDER_PLACED, maybe LABEL_CREATED, then CANCELED).
        public var canceled = 0.015
        /// Parcels lost in transit: scans stop after a facility scan, never delivered.
        public var lost = 0.004
        /// Parcels returned to the sender (EXCEPTION, then RETURNED_TO_SENDER), never delivered.
        public var returned = 0.006
        /// An EXCEPTION scan in transit, delaying delivery by 1 (60%) or 2 (40%) working days.
        public var exception = 0.025
        /// A failed first attempt (DELIVERY_ATTEMPTED), delivered the next working day.
        public var attempted = 0.03
        /// Pickups in the peak window that take one more working day.
        public var peakExtraDay = 0.30
        /// Rows written twice, byte for byte.
        public var duplicateRow = 0.01
        /// Rows swapped with one of the next 8 rows of the output (out of order).
        public var outOfOrderRow = 0.03
        /// Shipments whose PICKED_UP scan is missing (the departure scan is the first movement).
        public var missingPickup = 0.05
        /// Delivered shipments with a second DELIVERED scan later the same local day.
        public var extraDelivered = 0.005
        /// Scan rows written in UTC (`Z`) instead of the scan's local offset.
        public var utcRow = 0.12
        /// Malformed rows inserted (each a corrupted copy of a real row, of one of five kinds).
        public var malformedRow = 0.002

        public init() {}
    }

    /// The default rates.
    public static let rates = Rates()

    /// Whether a pickup date is in the peak window (November 23 to December 24 inclusive, every year).
    public static func isPeak(_ date: CivilDate) -> Bool {
        let (_, m, d) = date.components
        return (m == 11 && d >= 23) || (m == 12 && d <= 24)
    }

    /// Order volume per weekday (Sunday first): more on Mondays, fewer at the weekend.
    public static let weekdayVolume: [Double] = [0.6, 1.2, 1.15, 1.1, 1.05, 1.0, 0.7]

    /// Order volume is multiplied by this from November 20 to December 20 (the holiday rush).
    public static let rushVolume = 1.5

    /// Order volume per local hour at the warehouse (0–23): little at night, most from 10:00 to 21:00.
    public static let hourlyVolume: [Double] = [
        0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.3, 1.6, 1.7,
        1.7, 1.6, 1.5, 1.5, 1.5, 1.6, 1.8, 1.9, 1.8, 1.4, 0.9, 0.5,
    ]

    /// A regional closure: no carrier delivers in these states on these days; parcels due then get an
    /// EXCEPTION scan and are delivered on the carrier's first working day after the closure.
    public struct Disruption: Sendable, Equatable {
        public let name: String
        public let states: Set<String>
        /// The first closed day.
        public let first: CivilDate
        /// The number of consecutive closed days.
        public let days: Int

        /// Whether the closure covers this state on this date.
        public func closes(_ state: String, on date: CivilDate) -> Bool {
            date >= first && first.days(to: date) < days && states.contains(state)
        }
    }

    /// The closures of a run starting at `start`: placed at fixed offsets from the start so every run has
    /// them (a hurricane in the south-east on day 45, floods in the Midwest on day 75, a winter storm in
    /// the north-east on day 108); those beyond the run's days simply affect no order.
    public static func disruptions(start: CivilDate) -> [Disruption] {
        [
            Disruption(name: "hurricane", states: ["FL", "GA", "SC"], first: start.adding(days: 45), days: 3),
            Disruption(name: "floods", states: ["IA", "MO", "IL"], first: start.adding(days: 75), days: 2),
            Disruption(
                name: "winter storm", states: ["NY", "PA", "NJ", "CT", "MA", "VT", "NH", "ME"],
                first: start.adding(days: 108), days: 3),
        ]
    }
}
