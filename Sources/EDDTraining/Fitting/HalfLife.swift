import EDDCore

/// The recency half-life of the lane statistics, derived from the feed's own span.
///
/// Each shipment weighs `0.5^(age / halfLife)`. Weighting by recency trades sample size for freshness: too
/// short and a thin history is thinned further, too long and years-old behaviour outvotes the present. No
/// fixed number of days suits a feed of two months and one of five years alike (365 days, the old default,
/// was chosen on Olist), so the half-life is half the history's span: the oldest shipments weigh a quarter of
/// the newest, and for shipments arriving evenly the weights keep 87% of the effective sample size
/// (`(∫₀¹ 4^−x dx)² ÷ ∫₀¹ 16^−x dx` = 0.866). The span is where 99% of the shipments lie (the age of the
/// 99th-percentile oldest), so a handful of stray old orders cannot stretch it.
///
/// It is never shorter than the calibration window: the window's orders are the ones still maturing at the
/// cut-off, and the calibration map already weighs its latest weeks more (``CalibrationMap/recencyWeight(ageDays:windowDays:)``);
/// statistics fresher than the map that corrects them would only be noisier. On Olist half-lives from 180
/// to 600 days move mae_p50 within 4.94–4.97 and pinball within 1.99–2.00 (README, Recency).
public enum HalfLife {
    /// The share of shipments the span covers.
    public static let spanShare = 0.99

    /// The half-life in days and a sentence saying why.
    /// - Parameters:
    ///   - spanDays: the age before the cut-off within which ``spanShare`` of the shipments were ordered (nil
    ///     when there are none).
    ///   - windowDays: the calibration window.
    public static func derive(spanDays: Int?, windowDays: Int) -> (days: Double, reason: String) {
        guard let spanDays else {
            return (Double(windowDays), "no shipments: the calibration window's \(windowDays) days")
        }
        let half = Double(spanDays) / 2
        let span = "\(Int(spanShare * 100))% of the shipments ordered within \(spanDays) days of the cut-off"
        if half < Double(windowDays) {
            return (
                Double(windowDays), span + "; half of that is shorter than the \(windowDays)-day calibration window"
            )
        }
        return (half, "half the history: " + span + ", so the oldest weigh a quarter of the newest")
    }
}

extension CalibrationWindow.Tally {
    /// The whole days before the cut-off within which ``HalfLife/spanShare`` of the counted references lie:
    /// the floored age of the ⌈0.99 n⌉-th youngest (nil when none were counted).
    public var spanDays: Int? {
        let n = ageCounts.reduce(0) { $0 + $1.value }
        guard n > 0 else { return nil }
        var k = Int((HalfLife.spanShare * Double(n)).rounded(.up))
        for (day, count) in ageCounts.sorted(by: { $0.key < $1.key }) {
            k -= count
            if k <= 0 { return day }
        }
        return nil
    }
}
