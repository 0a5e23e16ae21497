import EDDCore
import Foundation
import Testing

@testable import EDDTraining

/// The fit completes the calendars of carriers the options do not configure, so a library caller of
/// ``ModelFitter`` gets the calendar `edd-train fit` would use without completing them itself.
@Suite struct FitCalendarCompletionTests {
    /// 2026-03-02 is a Monday (2026-01-01 was a Thursday: January's 31 days and February's 28 bring
    /// 2026-03-01 to a Sunday).
    static let firstDelivery = CivilDate(year: 2026, month: 3, day: 2)!

    /// One parcel delivered each day for `days` days from Monday 2026-03-02 (skipping the days `skips`
    /// rejects), in New York at 13:00 UTC (08:00 or 09:00 local, the same local date), picked up two calendar
    /// days earlier and ordered an hour before that.
    static func feed(carrier: String, days: Int, skips: (Int) -> Bool = { _ in false }) -> [ShipmentTimeline] {
        let place = Place(postal: "10001")
        return (0..<days).filter { !skips($0) }.map { n in
            let delivered = Instant(date: firstDelivery.adding(days: n), secondOfDay: 13 * 3600, utcOffset: 0)
            let ship = delivered.adding(seconds: -2 * 86_400)
            let order = ship.adding(seconds: -3600)
            return ShipmentTimeline(
                id: "\(carrier)-\(n)", carrier: carrier, service: "ground", origin: place, destination: place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: ship, deliveryTime: delivered)
        }
    }

    static let asOf = Instant(date: firstDelivery.adding(days: 141), secondOfDay: 0, utcOffset: 0)

    /// 140 consecutive days of deliveries: 20 on each weekday, so Saturday's 20 and Sunday's 20 are both at
    /// least half the Monday–Friday mean of 20 (and there are at least 100 deliveries): the carrier works
    /// every day, with no public holidays. Every parcel then took 2 working days from pick-up to delivery,
    /// Friday → Sunday included, where Mon–Fri would have counted 0 for it.
    @Test func aCarrierDeliveringSevenDaysAWeekIsFittedWithASevenDayCalendar() throws {
        let timelines = Self.feed(carrier: "sevenday", days: 140)
        var options = FitOptions(asOf: Self.asOf)
        #expect(options.calendars.carriers["sevenday"] == nil)
        options.closures = [(CivilDate(year: 2026, month: 12, day: 31)!, "sevenday")]
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: options)
        #expect(summary.delivered == 140)
        let calendar = try #require(model.calendars.carriers["sevenday"])
        #expect(calendar.weekdays == .everyDay)
        #expect(calendar.holidayCountry == nil)
        #expect(!model.calendars.followsDestination.contains("sevenday"))
        // The closures given are applied to the calendar the fit completed.
        #expect(calendar.closures.contains(CivilDate(year: 2026, month: 12, day: 31)!))
        // Friday 2026-03-06 → Sunday 2026-03-08: two working days.
        let friday = Self.firstDelivery.adding(days: 4)
        #expect(calendar.workingDays(from: friday, to: friday.adding(days: 2)) == 2)
    }

    /// 100 deliveries on Mondays to Fridays only (20 weeks), none on a weekend: Mon–Fri with the holidays of
    /// the United States, the country it delivers to; a carrier the options configure is left as given.
    @Test func aWeekdayCarrierGetsMondayToFridayAndAConfiguredOneIsKept() throws {
        let weekdays = Self.feed(carrier: "weekdays", days: 140) { $0 % 7 >= 5 }
        #expect(weekdays.count == 100)
        let given = BusinessCalendar(weekdays: .mondayToSaturday, holidayCountry: nil)
        let sevenDays = Self.feed(carrier: "given", days: 140)
        var options = FitOptions(asOf: Self.asOf)
        options.calendars.carriers["given"] = given
        let (model, _) = ModelFitter.fit(timelines: weekdays + sevenDays, options: options)
        let calendar = try #require(model.calendars.carriers["weekdays"])
        #expect(calendar.weekdays == .mondayToFriday)
        #expect(calendar.holidayCountry == "US")
        #expect(model.calendars.followsDestination.contains("weekdays"))
        #expect(model.calendars.carriers["given"]?.weekdays == .mondayToSaturday)
        #expect(model.calendars.carriers["given"]?.holidayCountry == nil)
    }
}
