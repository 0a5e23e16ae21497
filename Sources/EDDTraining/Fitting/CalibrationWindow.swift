import EDDCore

/// How many days before the cut-off calibrate the stated confidences, derived from the data.
///
/// The window's orders are predicted out of time by a fit as of its start, and what happened to them maps the
/// stated confidences (``CalibrationMap``). Two things make a window useful, and both come from the feed:
/// - the orders of its last days are still mostly under way at the cut-off (a 42-day window on freight taking
///   30–350 days left whole data sets uncalibrated), so it reaches back past the 90th percentile of completed
///   order → delivery times, the age by which nine in ten have finished;
/// - beyond that age it must hold enough shipments that the map's steps are not noise: ``shipmentTarget`` of
///   them (the map's error at a stated level is then about √(0.25/2000) ≈ 0.011), as far back as that takes.
/// It keeps at most half the feed's span before the cut-off, so the quantile layer and the shadow fit still
/// learn from the earlier half (but never below ``minimumDays``). Shorter is better where deliveries drift, so
/// it is no longer than that.
public enum CalibrationWindow {
    /// Shipments the window aims to hold.
    public static let shipmentTarget = 2_000
    /// The shortest window, in days: six weeks, so the map sees every weekday six times and most of a month's
    /// cycle. Shorter windows calibrated the centre of drifting Olist slightly better (31–39 days: mae_p50
    /// 4.963 against 4.976) but the tail worse (on time at a stated 0.93: 0.913 against 0.927), and on a
    /// synthetic feed of 400 orders a day a 16-day window missed one decile of hand-off risk by 0.07.
    public static let minimumDays = 42

    /// The window and a sentence saying why.
    /// - Parameters:
    ///   - completedDays: order (or hand-off) → delivery times of delivered shipments, in calendar days.
    ///   - references: each usable shipment's order (or hand-off) instant.
    ///   - asOf: the cut-off.
    public static func derive(completedDays: [Double], references: [Instant], asOf: Instant) -> (
        days: Int, reason: String
    ) {
        var tally = Tally(asOf: asOf)
        for d in completedDays { tally.addCompleted(days: d) }
        for r in references { tally.addReference(r) }
        return tally.window
    }

    /// What the window is derived from, gathered one shipment at a time: the durations and ages in whole
    /// days, not every value.
    ///
    /// The rule reads the ceiling of order statistics (the 90th percentile of durations, the target-th
    /// youngest age past it) and compares ages with whole days; the ceiling is monotone, so the ceiling of
    /// the k-th value is the k-th of the ceilings, and an age is at least a whole `n` days exactly when its
    /// floor is. Counting ceilings of durations, and floors of ages with how many of each are whole, answers
    /// both exactly.
    public struct Tally: Sendable {
        let asOf: Instant
        private var durations = DurationCounts()
        /// Per whole day of age (floored): how many ages, and how many of them exactly whole.
        private var ages: [Int: (count: Int, whole: Int)] = [:]
        private var oldest = -Double.infinity

        public init(asOf: Instant) { self.asOf = asOf }

        /// How many references were counted per whole day of age (floored).
        var ageCounts: [Int: Int] { ages.mapValues(\.count) }

        /// Counts one delivered shipment's order (or hand-off) → delivery time, in calendar days.
        public mutating func addCompleted(days: Double) {
            durations.add(Int(days.rounded(.up)))
        }

        /// Counts one usable shipment's order (or hand-off) instant; instants at or after the cut-off are
        /// ignored.
        public mutating func addReference(_ reference: Instant) {
            guard reference < asOf else { return }
            let age = reference.days(to: asOf)
            let day = Int(age.rounded(.down))
            var bucket = ages[day, default: (0, 0)]
            bucket.count += 1
            if Double(day) == age { bucket.whole += 1 }
            ages[day] = bucket
            oldest = max(oldest, age)
        }

        /// The window and a sentence saying why.
        public var window: (days: Int, reason: String) {
            var parts: [String] = []
            var days = minimumDays
            var p90 = 0
            if durations.total > 0 {
                let n = durations.total
                p90 = durations.sorted(at: min(n - 1, max(0, Int((0.9 * Double(n)).rounded(.up)) - 1)))
                parts.append("90% of \(n) completed order → delivery times within \(p90) days")
            }
            if !ages.isEmpty {
                // The orders of the last p90 days are still mostly under way; before them, the window holds the
                // target's worth of shipments that had the time to finish.
                let older = ages.filter { $0.key >= p90 }.sorted { $0.key < $1.key }
                let olderCount = older.reduce(0) { $0 + $1.value.count }
                var holding = 0
                if olderCount > 0 {
                    // The ceiling of the k-th youngest older age: within its day, the whole ones come first.
                    var k = min(olderCount, shipmentTarget) - 1
                    for (day, bucket) in older {
                        guard k >= bucket.count else {
                            holding = k < bucket.whole ? day : day + 1
                            break
                        }
                        k -= bucket.count
                    }
                }
                days = max(days, holding, p90)
                parts.append("then \(min(olderCount, shipmentTarget)) shipments within \(holding) days")
                let half = Int((oldest / 2).rounded(.down))
                if days > half, half >= minimumDays {
                    days = half
                    parts.append("kept to half the feed's \(Int(oldest.rounded())) days")
                }
            }
            return (days, "the longest of \(minimumDays) days, " + parts.joined(separator: ", "))
        }
    }
}
