@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// Closures learned from daily deliveries: planted closures are found with their recurrence, thin lanes
/// claim nothing, worked holidays win over the rules, and the findings travel in the model's calendars.
@Suite struct ClosureDetectorTests {
    static let berlin = Place(country: "DE", postal: "10115")
    static let munich = Place(country: "DE", postal: "80331")

    /// A Mon–Fri carrier `acme` delivering in Berlin (BE) and Munich (BY) from 2025-01-06 to 2026-12-31,
    /// `perDay` ± 25% parcels a working day and area, each ordered two days before it is delivered. It keeps
    /// the German rules (national and each Land's) except where `closed` or `worked` say otherwise.
    static func feed(
        perDay: Int, seed: UInt64, closed: (CivilDate, String) -> Bool, worked: (CivilDate) -> Bool = { _ in false }
    ) -> [ShipmentTimeline] {
        var rng = SplitMix64(seed: seed)
        let rules = ["BE": BusinessCalendar(holidayCountry: "DE-BE"), "BY": BusinessCalendar(holidayCountry: "DE-BY")]
        var out: [ShipmentTimeline] = []
        var day = CivilDate(year: 2025, month: 1, day: 6)!
        let end = CivilDate(year: 2026, month: 12, day: 31)!
        while day <= end {
            for (land, place) in [("BE", berlin), ("BY", munich)] {
                let open = rules[land]!.isWorkingDay(day) || (worked(day) && (1...5).contains(day.weekday))
                guard open, !closed(day, land) else { continue }
                let n = perDay - perDay / 4 + rng.int(perDay / 2 + 1)
                for i in 0..<n {
                    let delivered = Instant(date: day, secondOfDay: 12 * 3600, utcOffset: 3600)
                    let ordered = delivered.adding(seconds: -2 * 86_400)
                    out.append(
                        ShipmentTimeline(
                            id: "\(day)-\(land)-\(i)", carrier: "acme", service: "parcel",
                            origin: Place(country: "DE", postal: "34117"), destination: place,
                            events: [
                                .init(code: .orderPlaced, time: ordered), .init(code: .delivered, time: delivered),
                            ],
                            orderTime: ordered, deliveryTime: delivered))
                }
            }
            day = day.adding(days: 1)
        }
        return out
    }

    static let asOf = Instant(date: CivilDate(year: 2027, month: 1, day: 1)!, secondOfDay: 0, utcOffset: 3600)
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test func poissonTailMatchesTheFormula() {
        // e^-3 and e^-2 (1 + 2 + 2²/2), by hand.
        #expect(abs(ClosureDetector.poissonCDF(0, mean: 3) - 0.049_787_068) < 1e-8)
        #expect(abs(ClosureDetector.poissonCDF(2, mean: 2) - 0.676_676_416) < 1e-8)
        #expect(ClosureDetector.poissonCDF(0, mean: 800) == 0 || ClosureDetector.poissonCDF(0, mean: 800) < 1e-300)
    }

    @Test func plantedClosuresAreFoundWithTheirRecurrenceAndNoOthers() throws {
        // Christmas Eve everywhere both years; Maundy Thursday (Easter − 3: 2025-04-17, 2026-04-02) in
        // Bavaria both years; 10 March 2026 in Berlin only. Whit Monday (Easter + 50: 2025-06-09,
        // 2026-05-25), a national holiday, is worked in both Länder.
        let timelines = Self.feed(
            perDay: 40, seed: 7,
            closed: { day, land in
                let (_, m, d) = day.components
                if m == 12 && d == 24 { return true }
                if land == "BY" && (day == Self.date(2025, 4, 17) || day == Self.date(2026, 4, 2)) { return true }
                return land == "BE" && day == Self.date(2026, 3, 10)
            },
            worked: { $0 == Self.date(2025, 6, 9) || $0 == Self.date(2026, 5, 25) })
        let calendars = CarrierCalendars().completed(from: timelines)
        let findings = ClosureDetector.detect(DeliveryDayCounts(timelines, asOf: Self.asOf), calendars: calendars)
        let found = Set(findings.learned.map { "\($0.kind) \($0.area) \($0.recurrence) \($0.seen)" })
        let expected: Set<String> = [
            "closure DE yearly(month: 12, day: 24) [2025-12-24, 2026-12-24]",
            "closure DE-BY easter(offset: -3) [2025-04-17, 2026-04-02]",
            "closure DE-BE once [2026-03-10]",
            "opening DE holiday(name: \"Pfingstmontag\") [2025-06-09, 2026-05-25]",
        ]
        #expect(found == expected)
        // Every other national and regional holiday of the two years was closed in the feed, so confirmed:
        // more than the 9 national days a year, at least once per area.
        #expect(findings.confirmedHolidays >= 2 * 2 * 8)
        // The stated bound: a day without deliveries needs ln(N / 1%) usual deliveries.
        #expect(abs(findings.leastUsualForZero - log(Double(findings.tested) / 0.01)) < 1e-9)

        // Projected: the next Christmas Eve closes everywhere, the next Maundy Thursday (2027-03-25) only in
        // Bavaria, the one-off day not again, and Whit Monday 2027 (17 May) is a working day for acme.
        let learned = calendars.learning(findings.learned)
        let munich = learned.calendar(for: "acme", destination: Geography.resolve(Self.munich))
        let berlin = learned.calendar(for: "acme", destination: Geography.resolve(Self.berlin))
        #expect(!munich.isWorkingDay(Self.date(2027, 12, 24)) && !berlin.isWorkingDay(Self.date(2027, 12, 24)))
        #expect(!munich.isWorkingDay(Self.date(2027, 3, 25)) && berlin.isWorkingDay(Self.date(2027, 3, 25)))
        #expect(!berlin.isWorkingDay(Self.date(2026, 3, 10)) && munich.isWorkingDay(Self.date(2026, 3, 10)))
        #expect(berlin.isWorkingDay(Self.date(2027, 3, 10)))
        #expect(munich.isWorkingDay(Self.date(2027, 5, 17)) && berlin.isWorkingDay(Self.date(2027, 5, 17)))
        // The rules are otherwise untouched: Whit Monday stays a holiday for any other carrier, and Christmas
        // Day (a Saturday in 2027, so 2028-12-25, a Monday) is still closed for acme.
        var withOther = learned
        withOther.carriers["other"] = BusinessCalendar(holidayCountry: "DE")
        #expect(
            !withOther.calendar(for: "other", destination: Geography.resolve(Self.munich)).isWorkingDay(
                Self.date(2027, 5, 17)))
        #expect(!munich.isWorkingDay(Self.date(2028, 12, 25)))
        // And they travel in the model file's calendars.
        #expect(try CarrierCalendars(jsonObject: learned.jsonObject) == learned)
    }

    @Test func thinLanesClaimNothing() {
        // Three parcels a day: even a day with none is unremarkable (e^-3 ≈ 5%), so the planted closures
        // must not be found, and no holiday can be called worked.
        let timelines = Self.feed(
            perDay: 3, seed: 3,
            closed: { day, _ in day.components.month == 12 && day.components.day == 24 },
            worked: { $0 == Self.date(2025, 6, 9) })
        let calendars = CarrierCalendars().completed(from: timelines)
        let findings = ClosureDetector.detect(DeliveryDayCounts(timelines, asOf: Self.asOf), calendars: calendars)
        #expect(findings.tested > 0)
        #expect(findings.learned.isEmpty)
    }

    @Test func ordinaryFeedsWithRampsAtBothEndsLearnNothing() {
        // Only the rules' holidays are closed; the feed's first and last days (deliveries ramping up after
        // the first orders, the cut-off after the last) are outside the tested span.
        let timelines = Self.feed(perDay: 60, seed: 11, closed: { _, _ in false })
        let calendars = CarrierCalendars().completed(from: timelines)
        let early = Instant(date: Self.date(2026, 2, 3), secondOfDay: 7 * 3600, utcOffset: 3600)
        for asOf in [Self.asOf, early] {
            let cut = timelines.compactMap { $0.asOf(asOf) }
            let findings = ClosureDetector.detect(DeliveryDayCounts(cut, asOf: asOf), calendars: calendars)
            #expect(findings.learned.isEmpty, "\(findings.description)")
            #expect(findings.confirmedHolidays > 0)
        }
    }

    @Test func countsMergeAsIfReadTogether() {
        let timelines = Self.feed(perDay: 5, seed: 5, closed: { _, _ in false })
        let whole = DeliveryDayCounts(timelines, asOf: Self.asOf)
        var parts = DeliveryDayCounts(Array(timelines.prefix(1000)), asOf: Self.asOf)
        parts.merge(DeliveryDayCounts(Array(timelines.dropFirst(1000)), asOf: Self.asOf))
        #expect(parts.areas.count == whole.areas.count)
        for (key, tally) in whole.areas {
            #expect(parts.areas[key]?.deliveries == tally.deliveries)
            #expect(parts.areas[key]?.firstOrder == tally.firstOrder && parts.areas[key]?.lastOrder == tally.lastOrder)
        }
        #expect(parts.leadDays == whole.leadDays)
    }

    @Test func anInferredCarrierKeepsEachDestinationCountrysHolidays() {
        // Bastille Day (14 July 2026, a Tuesday) is no German holiday; German Unity Day (3 October 2025, a
        // Friday) no French one. A carrier delivering mostly in Germany keeps each country's own.
        var timelines = Self.feed(perDay: 2, seed: 2, closed: { _, _ in false })
        timelines.append(
            ShipmentTimeline(
                id: "fr", carrier: "acme", service: "parcel", origin: Place(country: "DE", postal: "34117"),
                destination: Place(country: "FR", postal: "75001"), events: []))
        let calendars = CarrierCalendars().completed(from: timelines)
        let paris = calendars.calendar(
            for: "acme", destination: Geography.resolve(Place(country: "FR", postal: "75001")))
        let berlin = calendars.calendar(for: "acme", destination: Geography.resolve(Self.berlin))
        #expect(!paris.isWorkingDay(Self.date(2026, 7, 14)) && berlin.isWorkingDay(Self.date(2026, 7, 14)))
        #expect(paris.isWorkingDay(Self.date(2025, 10, 3)) && !berlin.isWorkingDay(Self.date(2025, 10, 3)))
        // An English postcode keeps England's Easter Monday (2026-04-06) and summer bank holiday (2026-08-31).
        let london = calendars.calendar(
            for: "acme", destination: Geography.resolve(Place(country: "GB", postal: "SW1A 1AA")))
        #expect(!london.isWorkingDay(Self.date(2026, 4, 6)) && !london.isWorkingDay(Self.date(2026, 8, 31)))
    }
}
