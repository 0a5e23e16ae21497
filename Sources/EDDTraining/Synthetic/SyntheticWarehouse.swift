import EDDCore

/// A shipping origin of the synthetic world: its place, handling-time distribution and order cut-off.
///
/// Handling starts on the order's local date when that is a working day of the warehouse and the order came
/// before the cut-off, otherwise on the next working day; the parcel ships `h` working days later, with `h`
/// drawn from ``handling``. The carrier picks it up that afternoon (or on the carrier's next working day).
public struct SyntheticWarehouse: Sendable {
    /// The `origin_id`, e.g. `wh-sfo-1`.
    public let id: String
    /// The warehouse's ZIP code.
    public let postal: String
    /// Its state.
    public let state: String
    /// Probabilities of 0, 1, 2, 3 working days of handling.
    public let handling: [Double]
    /// Orders at or after this local hour start handling the next working day.
    public let cutoffHour: Int
    /// Whether the warehouse also works on Saturdays.
    public let worksSaturday: Bool
    /// Relative share of orders.
    public let weight: Double

    /// The warehouse's working-day calendar.
    public var calendar: BusinessCalendar {
        BusinessCalendar(
            weekdays: worksSaturday ? .mondayToSaturday : .mondayToFriday, holidayCountry: "US",
            cutoffSecondOfDay: cutoffHour * 3600)
    }

    /// The median handling time in working days.
    public var medianHandling: Int {
        var total = 0.0
        for (h, p) in handling.enumerated() {
            total += p
            if total >= 0.5 { return h }
        }
        return handling.count - 1
    }

    /// The warehouses of the synthetic world.
    public static let all: [SyntheticWarehouse] = [
        SyntheticWarehouse(
            id: "wh-sfo-1", postal: "94544", state: "CA", handling: [0.55, 0.35, 0.08, 0.02], cutoffHour: 14,
            worksSaturday: false, weight: 18),
        SyntheticWarehouse(
            id: "wh-lax-1", postal: "91761", state: "CA", handling: [0.40, 0.45, 0.12, 0.03], cutoffHour: 13,
            worksSaturday: true, weight: 16),
        SyntheticWarehouse(
            id: "wh-dfw-1", postal: "75261", state: "TX", handling: [0.60, 0.30, 0.08, 0.02], cutoffHour: 15,
            worksSaturday: false, weight: 14),
        SyntheticWarehouse(
            id: "wh-ord-1", postal: "60638", state: "IL", handling: [0.30, 0.50, 0.15, 0.05], cutoffHour: 12,
            worksSaturday: false, weight: 16),
        SyntheticWarehouse(
            id: "wh-atl-1", postal: "30349", state: "GA", handling: [0.50, 0.35, 0.12, 0.03], cutoffHour: 14,
            worksSaturday: false, weight: 12),
        SyntheticWarehouse(
            id: "wh-ewr-1", postal: "07114", state: "NJ", handling: [0.45, 0.40, 0.12, 0.03], cutoffHour: 13,
            worksSaturday: false, weight: 16),
        SyntheticWarehouse(
            id: "wh-sea-1", postal: "98032", state: "WA", handling: [0.35, 0.40, 0.20, 0.05], cutoffHour: 11,
            worksSaturday: false, weight: 8),
    ]

    /// Sort hubs whose ZIP codes appear in the facility scans (`event_postal`), with their states.
    public static let hubs: [(postal: String, state: String)] = [
        ("94621", "CA"), ("98188", "WA"), ("85043", "AZ"), ("84104", "UT"), ("80239", "CO"), ("75261", "TX"),
        ("77032", "TX"), ("64153", "MO"), ("60525", "IL"), ("55111", "MN"), ("38118", "TN"), ("40209", "KY"),
        ("30349", "GA"), ("32824", "FL"), ("43217", "OH"), ("19153", "PA"), ("07114", "NJ"), ("02151", "MA"),
    ]
}
