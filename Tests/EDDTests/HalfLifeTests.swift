import EDDCore
import Foundation
import Testing

@testable import EDDTraining

/// The recency half-life derived from the feed's span (``HalfLife``).
@Suite struct HalfLifeTests {
    static let asOf = Instant(date: CivilDate(year: 2026, month: 6, day: 1)!, secondOfDay: 0, utcOffset: 0)

    /// A tally of references at the given ages in days before the cut-off.
    static func tally(ages: [Double]) -> CalibrationWindow.Tally {
        var t = CalibrationWindow.Tally(asOf: asOf)
        for a in ages { t.addReference(asOf.adding(seconds: -Int64(a * 86_400))) }
        return t
    }

    @Test func theSpanIsWhereNinetyNinePercentOfTheShipmentsLie() {
        // 200 orders, one each half-way through days 0…199 before the cut-off: the ⌈0.99 × 200⌉ = 198th
        // youngest is the one of day 197.
        let even = (0..<200).map { Double($0) + 0.5 }
        #expect(Self.tally(ages: even).spanDays == 197)
        // One stray order 2,000 days old: the 199th youngest of 201 is day 198's, not the stray.
        #expect(Self.tally(ages: even + [2_000]).spanDays == 198)
        #expect(Self.tally(ages: []).spanDays == nil)
        // Orders at or after the cut-off are not counted.
        #expect(Self.tally(ages: [-3, 10.5]).spanDays == 10)
    }

    @Test func theHalfLifeIsHalfTheSpanAndNeverShorterThanTheWindow() {
        #expect(HalfLife.derive(spanDays: 197, windowDays: 42).days == 98.5)
        // Half of a 60-day history is shorter than a 42-day window.
        let short = HalfLife.derive(spanDays: 60, windowDays: 42)
        #expect(short.days == 42)
        #expect(short.reason.contains("42-day calibration window"))
        #expect(HalfLife.derive(spanDays: nil, windowDays: 50).days == 50)
    }

    /// 6,000 parcels, twenty ordered each day at noon over the 300 days before the cut-off, each delivered two
    /// days later: 99% of them (the ⌈5,940⌉th youngest, ordered 296.5 days before) lie within 296 whole days,
    /// so the half-life is 148 days, longer than the calibration window (about 100 days hold its 2,000
    /// shipments); `--half-life` overrides it and the summary says which.
    @Test func aFitDerivesItsHalfLifeUnlessOneIsGiven() {
        let place = Place(postal: "10001")
        let timelines = (0..<6_000).map { n -> ShipmentTimeline in
            let i = n / 20 + 1
            let order = Self.asOf.adding(seconds: -Int64(i) * 86_400 + 12 * 3600)
            let ship = order.adding(seconds: 3600)
            let delivered = order.adding(seconds: 2 * 86_400)
            return ShipmentTimeline(
                id: "s\(n)", carrier: "acme", service: "ground", origin: place, destination: place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: ship, deliveryTime: delivered)
        }
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: FitOptions(asOf: Self.asOf))
        #expect(summary.calibrationDays < 148)
        #expect(model.metadata.halfLifeDays == 148)
        #expect(summary.halfLifeDays == 148)
        #expect(summary.halfLifeReason?.contains("within 296 days") == true)
        #expect(summary.description.contains("recency half-life: 148 days (derived: half the history"))
        let (given, givenSummary) = ModelFitter.fit(
            timelines: timelines, options: FitOptions(asOf: Self.asOf, halfLifeDays: 365))
        #expect(given.metadata.halfLifeDays == 365)
        #expect(givenSummary.halfLifeReason == nil)
        #expect(givenSummary.description.contains("recency half-life: 365 days (--half-life)"))
    }
}
