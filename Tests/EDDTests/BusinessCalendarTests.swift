@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct BusinessCalendarTests {
    let us = BusinessCalendar.standard(country: "US")

    @Test func fridayAfterCutoffIsHandledFromMonday() throws {
        let cal = BusinessCalendar(weekdays: .mondayToFriday, holidayCountry: "US", cutoffSecondOfDay: 14 * 3600)
        let ny = try #require(ZoneRules.named("America/New_York"))
        // 2026-11-20 is a Friday; 15:00 local is after the 14:00 cut-off.
        let late = try #require(RFC3339.parse("2026-11-20T15:00:00-05:00")).instant
        let early = try #require(RFC3339.parse("2026-11-20T13:59:00-05:00")).instant
        #expect(cal.handlingStartDate(order: late, zone: ny).description == "2026-11-23")
        #expect(cal.handlingStartDate(order: early, zone: ny).description == "2026-11-20")
        // A Saturday order is handled from Monday whatever the hour.
        let saturday = try #require(RFC3339.parse("2026-11-21T08:00:00-05:00")).instant
        #expect(cal.handlingStartDate(order: saturday, zone: ny).description == "2026-11-23")
    }

    @Test func workingDayArithmeticSkipsWeekendsAndHolidays() throws {
        let wed = try #require(CivilDate("2026-11-25"))  // the Wednesday before Thanksgiving
        #expect(us.addingWorkingDays(1, to: wed).description == "2026-11-27")  // Thursday 26th is a holiday
        #expect(us.addingWorkingDays(2, to: wed).description == "2026-11-30")  // over the weekend
        #expect(us.addingWorkingDays(-1, to: try #require(CivilDate("2026-11-30"))).description == "2026-11-27")
        #expect(us.addingWorkingDays(0, to: wed) == wed)
        #expect(us.workingDays(from: wed, to: try #require(CivilDate("2026-11-30"))) == 2)
        // Friday → Monday is one working day.
        #expect(
            us.workingDays(from: try #require(CivilDate("2026-11-20")), to: try #require(CivilDate("2026-11-23"))) == 1)
        #expect(us.workingDays(from: wed, to: wed) == 0)
        #expect(!us.isWorkingDay(try #require(CivilDate("2026-11-26"))))
        #expect(!us.isWorkingDay(try #require(CivilDate("2026-11-28"))))
        let monSat = BusinessCalendar(weekdays: .mondayToSaturday, holidayCountry: "US")
        #expect(monSat.isWorkingDay(try #require(CivilDate("2026-11-28"))))
    }

    @Test func addingIsTheInverseOfCountingForRandomPairs() {
        var rng = SplitMix64(seed: 5)
        let base = CivilDate(year: 2026, month: 1, day: 1)!
        for _ in 0..<2_000 {
            let a = base.adding(days: rng.int(700))
            var b = a.adding(days: 1 + rng.int(90))
            b = us.nextWorkingDay(onOrAfter: b)
            #expect(us.addingWorkingDays(us.workingDays(from: a, to: b), to: a) == b)
            #expect(us.addingWorkingDays(-us.workingDays(from: a, to: b), to: b) <= a)
        }
    }

    @Test func datesOutsideThePrecomputedRangeFollowTheSameRules() throws {
        // 2150-11-26 is the fourth Thursday of November 2150 (Thanksgiving), and a Thursday.
        let d = try #require(CivilDate("2150-11-26"))
        #expect(d.weekday == 4)
        #expect(!us.isWorkingDay(d))
        #expect(us.addingWorkingDays(1, to: try #require(CivilDate("2150-11-25"))).description == "2150-11-27")
    }

    @Test func closureFilesNameTheBadLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("closures-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "date,carrier\n# storms\n2026-12-24\n2026-12-31,ups\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let closures = try CarrierCalendars.loadClosures(path: path)
        #expect(closures.count == 2 && closures[1].carrier == "ups")
        let cals = CarrierCalendars().closing(closures)
        #expect(!cals.calendar(for: "fedex").isWorkingDay(try #require(CivilDate("2026-12-24"))))
        try "2026-12-24\nnot-a-date\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CalendarSpecError.self) { try CarrierCalendars.loadClosures(path: path) }
        do { _ = try CarrierCalendars.loadClosures(path: path) } catch let e as CalendarSpecError {
            #expect(e.message.contains(":2:") && ExitCode(for: e) == .badInput)
        }
        #expect(throws: InputFileError.cannotOpen(path + ".missing")) {
            try CarrierCalendars.loadClosures(path: path + ".missing")
        }
    }

    @Test func carriersThatDeliverOnSaturdaysGetSaturdayAsAWorkingDay() {
        // 200 deliveries: 150 spread over weekdays (30 a day), 50 on Saturdays (≥ half a weekday's volume).
        var timelines: [ShipmentTimeline] = []
        let monday = CivilDate(year: 2026, month: 9, day: 14)!
        for i in 0..<200 {
            let day = i < 150 ? monday.adding(days: i % 5) : monday.adding(days: 5)
            let t = Instant(date: day, secondOfDay: 15 * 3600, utcOffset: -4 * 3600)
            timelines.append(
                ShipmentTimeline(
                    id: "s\(i)", carrier: "usps", service: "priority", origin: Place(postal: "10001"),
                    destination: Place(postal: "10001"), deliveryTime: t))
        }
        let cals = CarrierCalendars().completed(from: timelines)
        #expect(cals.calendar(for: "usps").weekdays == .mondayToSaturday)
        #expect(cals.calendar(for: "usps").holidayCountry == "US")
    }
}
