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
        var parts: [String] = []
        var days = minimumDays
        var p90 = 0
        if !completedDays.isEmpty {
            let sorted = completedDays.sorted()
            p90 = Int(
                sorted[min(sorted.count - 1, max(0, Int((0.9 * Double(sorted.count)).rounded(.up)) - 1))]
                    .rounded(.up))
            parts.append("90% of \(sorted.count) completed order → delivery times within \(p90) days")
        }
        let ages = references.filter { $0 < asOf }.map { $0.days(to: asOf) }.sorted()
        if !ages.isEmpty {
            // The orders of the last p90 days are still mostly under way; before them, the window holds the
            // target's worth of shipments that had the time to finish.
            let older = ages.filter { $0 >= Double(p90) }
            let holding = older.isEmpty ? 0 : Int(older[min(older.count, shipmentTarget) - 1].rounded(.up))
            days = max(days, holding, p90)
            parts.append("then \(min(older.count, shipmentTarget)) shipments within \(holding) days")
            let half = Int((ages[ages.count - 1] / 2).rounded(.down))
            if days > half, half >= minimumDays {
                days = half
                parts.append("kept to half the feed's \(Int(ages[ages.count - 1].rounded())) days")
            }
        }
        return (days, "the longest of \(minimumDays) days, " + parts.joined(separator: ", "))
    }
}
