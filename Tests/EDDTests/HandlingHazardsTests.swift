@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The risk model's handling hazards (``HandlingHazards``) on toys worked by hand: what is counted, how an
/// origin's chance is drawn to every origin's, and the waiting distribution an order still waiting gets.
@Suite struct HandlingHazardsTests {
    static let lane = "ups,ground,US,10001,,US,60601,"
    static let header =
        "shipment_id,carrier,service,origin_country,origin_postal,origin_region,destination_country,destination_postal,destination_region,origin_id,event,event_time,event_postal,promised_date"

    @Test func eachWorkingDayAnOrderWaitedIsCountedOnItsSideOfTheCutOffUntilItsPickup() throws {
        // UPS works Monday to Friday; nothing is configured or learned, so late means from 14:00, and a fit
        // cut-off of 2026-06-12 00:00Z (local 06-11 20:00) sees days up to Wednesday 06-10 whole.
        // a (wh-1): Monday 06-01 09:10, picked up 17:00 that day: early, waited day 0 (Monday), went.
        // b (wh-1): Monday 18:20, picked up Tuesday: late, waited Monday (day 0), and Tuesday (day 1), went.
        // c (wh-2): Saturday 06-06 10:00, a day UPS does not work, so late: waited Saturday (day 0), Monday
        //   (day 1) and Tuesday (day 2), picked up Tuesday.
        // d (wh-2): Wednesday 06-10 09:00, never picked up: early, waited Wednesday (its last whole day).
        // e (wh-2): Thursday 06-11, no day of it seen whole: nowhere.
        // f (wh-1): Monday 10:00, canceled Tuesday before any pickup: early, waited Monday only.
        // g (wh-1): delivered with no scan before it: nowhere. h: FedEx, not a hand-off carrier here: nowhere.
        let l = Self.lane
        let text = """
            \(Self.header)
            a,\(l),wh-1,ORDER_PLACED,2026-06-01T09:10:00-04:00,,
            a,\(l),wh-1,PICKED_UP,2026-06-01T17:00:00-04:00,10001,
            b,\(l),wh-1,ORDER_PLACED,2026-06-01T18:20:00-04:00,,
            b,\(l),wh-1,PICKED_UP,2026-06-02T16:40:00-04:00,10001,
            c,\(l),wh-2,ORDER_PLACED,2026-06-06T10:00:00-04:00,,
            c,\(l),wh-2,PICKED_UP,2026-06-09T17:00:00-04:00,10001,
            d,\(l),wh-2,ORDER_PLACED,2026-06-10T09:00:00-04:00,,
            e,\(l),wh-2,ORDER_PLACED,2026-06-11T09:00:00-04:00,,
            f,\(l),wh-1,ORDER_PLACED,2026-06-01T10:00:00-04:00,,
            f,\(l),wh-1,CANCELED,2026-06-02T12:00:00-04:00,,
            g,\(l),wh-1,ORDER_PLACED,2026-06-01T10:00:00-04:00,,
            g,\(l),wh-1,DELIVERED,2026-06-03T12:00:00-05:00,60601,
            h,fedex,ground,US,10001,,US,60601,,wh-1,ORDER_PLACED,2026-06-01T10:00:00-04:00,,
            h,fedex,ground,US,10001,,US,60601,,wh-1,PICKED_UP,2026-06-01T17:00:00-04:00,10001,
            """
        let timelines = try ScanIngestion.read(text: text).timelines
        #expect(timelines.count == 8)
        let zone = Geography.zone(for: Geography.resolve(Place(postal: "10001")))
        let calendars = CarrierCalendars()
        var counts = HandlingHazards.Accumulator(
            cutoff: RFC3339.parse("2026-06-12T00:00:00Z")!.instant, carriers: ["ups"])
        for t in timelines {
            let calendar = calendars.calendar(for: t.carrier, destination: Geography.resolve(Place(postal: "60601")))
            counts.add(t, zone: zone, calendar: calendar, lateAfter: nil)
        }
        let hazards = counts.hazards
        #expect(hazards.carriers == ["ups"])
        #expect(hazards.cells.keys.sorted() == ["", "wh-1", "wh-2"])
        func cell(_ waiting: [(late: Bool, day: Int, weekday: Int)], picked: [(late: Bool, day: Int, weekday: Int)])
            -> HandlingHazards.Cell
        {
            var c = HandlingHazards.Cell()
            for w in waiting { c.waiting[HandlingHazards.index(late: w.late, day: w.day, weekday: w.weekday)] += 1 }
            for p in picked { c.picked[HandlingHazards.index(late: p.late, day: p.day, weekday: p.weekday)] += 1 }
            return c
        }
        // 0 = Sunday: Monday 1, Tuesday 2, Wednesday 3, Saturday 6.
        let wh1 = cell(
            [(false, 0, 1), (true, 0, 1), (true, 1, 2), (false, 0, 1)], picked: [(false, 0, 1), (true, 1, 2)])
        let wh2 = cell([(true, 0, 6), (true, 1, 1), (true, 2, 2), (false, 0, 3)], picked: [(true, 2, 2)])
        #expect(hazards.cells["wh-1"] == wh1)
        #expect(hazards.cells["wh-2"] == wh2)
        var all = HandlingHazards.Cell()
        for i in 0..<HandlingHazards.cellCount {
            all.waiting[i] = wh1.waiting[i] + wh2.waiting[i]
            all.picked[i] = wh1.picked[i] + wh2.picked[i]
        }
        #expect(hazards.cells[""] == all)
        // Every origin, early, day 0 over every weekday: a, f (Monday) and d (Wednesday) waited, a went, so
        // (1 + 0.5) / (3 + 1) = 0.375; Monday's own 1 of 2, drawn to that by one order: (1 + 0.375) / 3. wh-1
        // alone (the same two orders, 1 of 2) is drawn to it by 20 orders: (1 + 20 × that) / 22; wh-2 never
        // waited then: every origin's.
        let earlyMonday = (1 + 0.375) / 3
        #expect(abs(try #require(hazards.hazard(origin: nil, late: false, day: 0, weekday: 1)) - earlyMonday) < 1e-12)
        #expect(
            abs(try #require(hazards.hazard(origin: "wh-2", late: false, day: 0, weekday: 1)) - earlyMonday) < 1e-12)
        #expect(
            abs(
                try #require(hazards.hazard(origin: "wh-1", late: false, day: 0, weekday: 1))
                    - (1 + 20 * earlyMonday) / 22) < 1e-12)
        // Late, day 1 over every weekday: b (Tuesday, went) and c (Monday, did not): (1 + 0.5) / (2 + 1) = 0.5.
        // Tuesday's own 1 of 1 reads (1 + 0.5) / 2 = 0.75, not 1; wh-1 (b): (1 + 20 × 0.75) / 21 = 16/21.
        #expect(abs(try #require(hazards.hazard(origin: "wh-1", late: true, day: 1, weekday: 2)) - 16.0 / 21) < 1e-12)
        // Late, Monday day 1: only c waited (wh-2), and did not go: (0 + 0.5) / 2 = 0.25 for every origin, not
        // 0; wh-2: (0 + 20 × 0.25) / 21 = 5/21.
        #expect(abs(try #require(hazards.hazard(origin: nil, late: true, day: 1, weekday: 1)) - 0.25) < 1e-12)
        #expect(abs(try #require(hazards.hazard(origin: "wh-2", late: true, day: 1, weekday: 1)) - 5.0 / 21) < 1e-12)
        // Never seen: no answer.
        #expect(hazards.hazard(origin: nil, late: false, day: 1, weekday: 2) == nil)
    }

    @Test func anOriginSeenAFewTimesIsDrawnToEveryOrigin() throws {
        // Every origin, early Monday day 0: 40 waited, 10 went, and no other weekday was seen, so the side and
        // day's chance over the week is (10 + 0.5) / (40 + 1) = 10.5/41 and Monday's
        // (10 + 10.5/41) / (40 + 1) = 420.5/1681. wh-1: 5 waited, 5 went: (5 + 20 × 420.5/1681) / (5 + 20).
        var all = HandlingHazards.Cell()
        let i = HandlingHazards.index(late: false, day: 0, weekday: 1)
        all.waiting[i] = 40
        all.picked[i] = 10
        var own = HandlingHazards.Cell()
        own.waiting[i] = 5
        own.picked[i] = 5
        let hazards = HandlingHazards(cells: ["": all, "wh-1": own], carriers: ["ups"])
        let every = 420.5 / 1681
        func hazard(_ origin: String?) throws -> Double {
            try #require(hazards.hazard(origin: origin, late: false, day: 0, weekday: 1))
        }
        #expect(abs(try hazard("wh-1") - (5 + 20 * every) / 25) < 1e-12)
        #expect(abs(try hazard("wh-9") - every) < 1e-12)
        #expect(abs(try hazard("") - every) < 1e-12)
        #expect(abs(try hazard(nil) - every) < 1e-12)
        // Out of the counted days, or of the week: no answer.
        #expect(hazards.hazard(origin: nil, late: false, day: HandlingHazards.days, weekday: 1) == nil)
        #expect(hazards.hazard(origin: nil, late: false, day: 0, weekday: 7) == nil)
        #expect(HandlingHazards.none.hazard(origin: nil, late: false, day: 0, weekday: 1) == nil)
    }

    @Test func aThinCellIsLikelyOrRareNeverCertain() throws {
        // A small feed: every origin's early Monday day-0 orders, 3 of 3 picked up; its Saturday ones, 1 not.
        // The week's day-0 chance is (3 + 0.5) / (4 + 1) = 0.7, so Monday reads (3 + 0.7) / 4 = 0.925 and
        // Saturday (0 + 0.7) / 2 = 0.35: neither 1 nor 0, which would promise (or rule out) a pickup the data
        // cannot back.
        var all = HandlingHazards.Cell()
        let monday = HandlingHazards.index(late: false, day: 0, weekday: 1)
        let saturday = HandlingHazards.index(late: false, day: 0, weekday: 6)
        all.waiting[monday] = 3
        all.picked[monday] = 3
        all.waiting[saturday] = 1
        let hazards = HandlingHazards(cells: ["": all], carriers: ["ups"])
        #expect(abs(try #require(hazards.hazard(origin: nil, late: false, day: 0, weekday: 1)) - 0.925) < 1e-12)
        #expect(abs(try #require(hazards.hazard(origin: nil, late: false, day: 0, weekday: 6)) - 0.35) < 1e-12)
    }

    @Test func theWaitingDistributionTakesTheFirstDaysFromTheHazardsAndTheRestFromHandling() throws {
        // Early orders: Monday day 0 4 of 10 picked up, Tuesday day 1 3 of 6, Wednesday day 2 1 of 3. Handling
        // 0.3, 0.3, 0.2, 0.1, 0.06, 0.04: from day 3 on 0.5, 0.3, 0.2 of what is left.
        var all = HandlingHazards.Cell()
        for (day, weekday, waiting, picked) in [(0, 1, 10.0, 4.0), (1, 2, 6, 3), (2, 3, 3, 1)] {
            let i = HandlingHazards.index(late: false, day: day, weekday: weekday)
            all.waiting[i] = waiting
            all.picked[i] = picked
        }
        let hazards = HandlingHazards(cells: ["": all], carriers: ["ups"])
        let handling = DayDistribution(probabilities: [0.3, 0.3, 0.2, 0.1, 0.06, 0.04])
        let calendar = CarrierCalendars().calendar(for: "ups", destination: Geography.resolve(Place(postal: "60601")))
        let monday = try #require(CivilDate("2026-06-01"))
        func waiting(elapsed: Int, start: CivilDate = monday, carrier: String = "ups") -> [Double]? {
            hazards.waiting(
                handling: handling, carrier: carrier, origin: "wh-1", late: false, start: start, calendar: calendar,
                elapsed: elapsed)?.probabilities
        }
        func close(_ a: [Double]?, _ b: [Double]) -> Bool {
            guard let a, a.count == b.count else { return false }
            return zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
        }
        // Each side and day was seen on one weekday only, so a day's chance is its own drawn by one order to
        // (picked + 0.5) / (waiting + 1): Monday (4 + 4.5/11) / 11, Tuesday (3 + 3.5/7) / 7 = 0.5, Wednesday
        // (1 + 1.5/4) / 4 = 11/32.
        let h0 = (4 + 4.5 / 11) / 11
        let h2 = 11.0 / 32
        // From the start: h0; (1 − h0) × 0.5; then × h2; what is left as 0.5, 0.3, 0.2 of it.
        let left0 = (1 - h0) * 0.5 * (1 - h2)
        #expect(
            close(
                waiting(elapsed: 0),
                [h0, (1 - h0) * 0.5, (1 - h0) * 0.5 * h2, left0 * 0.5, left0 * 0.3, left0 * 0.2]))
        // Still waiting on Tuesday: 0.5; 0.5 × h2; the rest as 0.5, 0.3, 0.2 of it.
        let left1 = 0.5 * (1 - h2)
        #expect(close(waiting(elapsed: 1), [0, 0.5, 0.5 * h2, left1 * 0.5, left1 * 0.3, left1 * 0.2]))
        // Past the counted days, a carrier not counted, or a day on the way never seen (an order from
        // Thursday meets Thursday, Friday and Monday): the caller keeps its own answer.
        #expect(waiting(elapsed: 3) == nil)
        #expect(waiting(elapsed: 0, carrier: "fedex") == nil)
        #expect(waiting(elapsed: 0, start: try #require(CivilDate("2026-06-04"))) == nil)
    }

    @Test func aWeekendOrderCountsAsLateAndACutOffMovesTheSide() throws {
        let calendar = CarrierCalendars().calendar(for: "ups", destination: Geography.resolve(Place(postal: "60601")))
        let monday = try #require(CivilDate("2026-06-01"))
        let saturday = try #require(CivilDate("2026-06-06"))
        #expect(!HandlingHazards.isLate(secondOfDay: 9 * 3600, start: monday, calendar: calendar, lateAfter: nil))
        #expect(HandlingHazards.isLate(secondOfDay: 14 * 3600, start: monday, calendar: calendar, lateAfter: nil))
        #expect(HandlingHazards.isLate(secondOfDay: 9 * 3600, start: saturday, calendar: calendar, lateAfter: nil))
        // A learned cut-off of 08:00 makes 09:00 late.
        #expect(HandlingHazards.isLate(secondOfDay: 9 * 3600, start: monday, calendar: calendar, lateAfter: 8 * 3600))
    }
}
