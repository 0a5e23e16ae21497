import EDDCore
import Foundation

/// The working days after which a stage still under way at the cut-off counts as lost, derived from the data.
///
/// A parcel feed's stages finish within days, and a shipment silent for weeks is a ghost (lost, or never
/// updated); a freight feed's transits take months, and one under way for weeks is simply slow. So the cap
/// is read off the feed's own completed stages: the longest of the floor (5 working days, where parcel
/// feeds are well served: beyond it a parcel still open is more often a ghost than late) and the 99th
/// percentile of completed durations of either stage. A stage longer than 99% of what ever finished is, at
/// the rate ghosts occur in real feeds (a few percent), more likely never to finish than to finish late.
public enum LostAfter {
    /// The floor, in working days.
    public static let floor = 5
    /// The share of completed stages the cap must exceed.
    public static let quantile = 0.99

    /// The derived cap and a sentence saying why.
    /// - Parameter completed: completed stage durations in working days (handling and transit, or order →
    ///   delivery where there is no hand-off).
    public static func derive(completed: [Int]) -> (days: Int, reason: String) {
        derive(counts: DurationCounts(completed))
    }

    /// ``derive(completed:)`` from the durations' counts (what a fit that streams its shipments keeps), with
    /// the share of completed stages the cap must exceed (``quantile`` by default).
    static func derive(counts: DurationCounts, level: Double = quantile) -> (days: Int, reason: String) {
        guard counts.total > 0 else { return (floor, "no completed stages; the floor of \(floor)") }
        let index = min(counts.total - 1, Int((level * Double(counts.total)).rounded(.up)) - 1)
        let q = counts.sorted(at: max(index, 0))
        let took = "\(share(level)) of \(counts.total) completed stages took at most \(q) working days"
        if q <= floor { return (floor, took + "; the floor of \(floor)") }
        return (q, took)
    }

    /// A share as a percentage with the decimals it needs, at most two (99%, 99.8%, 99.84%).
    static func share(_ x: Double) -> String {
        let exact = (x * 10_000).rounded() / 100
        for decimals in 0...2 {
            let scale = pow(10, Double(decimals))
            if abs((x * 100 * scale).rounded() / scale - exact) < 1e-9 {
                return String(format: "%.\(decimals)f", exact) + "%"
            }
        }
        return String(format: "%.2f", exact) + "%"
    }
}
