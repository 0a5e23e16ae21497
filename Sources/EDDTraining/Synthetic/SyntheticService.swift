import EDDCore

/// A carrier service of the synthetic world and its true transit-time distribution.
///
/// Transit is counted in working days of the carrier's calendar from the pickup date (origin local date) to
/// the delivery date (destination local date): a parcel picked up on Monday and delivered on Wednesday took
/// 2. The base transit grows with the distance zone (2–8, as in UPS's zone charts); the actual draw is the
/// base plus an offset from the service's spread (clamped to at least 1 day).
public struct SyntheticService: Sendable {
    /// Carrier code as written in the CSV, e.g. `ups`.
    public let carrier: String
    /// Service code as written in the CSV, e.g. `ground`.
    public let service: String
    /// Whether the carrier works (picks up and delivers) on Saturdays.
    public let deliversSaturday: Bool
    /// Base transit (working days) for zones 2…8 (index 0 = zone 2).
    public let baseByZone: [Int]
    /// Probabilities of the offsets `spreadStart`, `spreadStart + 1`, … added to the base.
    public let spread: [Double]
    /// The offset of `spread[0]`.
    public let spreadStart: Int
    /// The calendar days the merchant naively promises from the order date (`promised_date`).
    public let nominalDays: Int
    /// Relative share of shipments among the services available on a lane.
    public let weight: Double
    /// Warehouses this service picks up from (nil: all), for the regional carrier.
    public let origins: Set<String>?
    /// Destination states it serves (nil: all), for the regional carrier.
    public let destinationStates: Set<String>?

    /// The carrier's working-day calendar (Mon–Fri or Mon–Sat, minus the observed US federal holidays).
    public var calendar: BusinessCalendar {
        BusinessCalendar(weekdays: deliversSaturday ? .mondayToSaturday : .mondayToFriday, holidayCountry: "US")
    }

    /// Whether the service is offered from this warehouse to this state.
    public func serves(origin: String, destinationState: String) -> Bool {
        (origins?.contains(origin) ?? true) && (destinationStates?.contains(destinationState) ?? true)
    }

    /// The true transit distribution in a zone: `pmf[d]` is the probability of `d` working days
    /// (`pmf[0]` is always 0), before peak, disruption, exception and failed-attempt delays.
    public func transitDistribution(zone: Int) -> [Double] {
        let base = baseByZone[min(max(zone, 2), 8) - 2]
        var pmf = [Double](repeating: 0, count: base + spreadStart + spread.count + 1)
        for (i, p) in spread.enumerated() {
            pmf[max(1, base + spreadStart + i)] += p
        }
        return pmf
    }

    /// The median of ``transitDistribution(zone:)``: the smallest day count whose cumulative
    /// probability reaches one half.
    public func medianTransit(zone: Int) -> Int {
        var total = 0.0
        for (d, p) in transitDistribution(zone: zone).enumerated() {
            total += p
            if total >= 0.5 { return d }
        }
        return baseByZone[min(max(zone, 2), 8) - 2]
    }

    /// Ground services: usually on time, a day early now and then, a tail of one or two days late.
    static let groundSpread: [Double] = [0.08, 0.62, 0.22, 0.08]
    /// Air services: tight, with a small late tail.
    static let airSpread: [Double] = [0.88, 0.09, 0.03]
    /// The postal service: wider both ways.
    static let postalSpread: [Double] = [0.10, 0.50, 0.25, 0.10, 0.05]

    /// The services of the synthetic world.
    public static let all: [SyntheticService] = [
        SyntheticService(
            carrier: "ups", service: "ground", deliversSaturday: false, baseByZone: [1, 2, 3, 3, 4, 5, 5],
            spread: groundSpread, spreadStart: -1, nominalDays: 5, weight: 30, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "ups", service: "2day", deliversSaturday: false, baseByZone: [2, 2, 2, 2, 2, 2, 2],
            spread: airSpread, spreadStart: 0, nominalDays: 3, weight: 6, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "ups", service: "nextday", deliversSaturday: false, baseByZone: [1, 1, 1, 1, 1, 1, 1],
            spread: airSpread, spreadStart: 0, nominalDays: 2, weight: 3, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "fedex", service: "ground", deliversSaturday: false, baseByZone: [1, 2, 2, 3, 4, 4, 5],
            spread: groundSpread, spreadStart: -1, nominalDays: 5, weight: 22, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "fedex", service: "express", deliversSaturday: false, baseByZone: [1, 1, 1, 2, 2, 2, 2],
            spread: airSpread, spreadStart: 0, nominalDays: 3, weight: 6, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "usps", service: "priority", deliversSaturday: true, baseByZone: [1, 2, 2, 2, 3, 3, 3],
            spread: postalSpread, spreadStart: -1, nominalDays: 4, weight: 25, origins: nil, destinationStates: nil),
        SyntheticService(
            carrier: "ontrac", service: "ground", deliversSaturday: false, baseByZone: [1, 1, 2, 2, 3, 3, 3],
            spread: groundSpread, spreadStart: -1, nominalDays: 3, weight: 20,
            origins: ["wh-sfo-1", "wh-lax-1", "wh-sea-1"],
            destinationStates: ["CA", "OR", "WA", "NV", "AZ", "UT", "ID", "CO", "NM"]),
    ]
}
