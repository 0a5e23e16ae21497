@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The risk model's pickup counts (``PickupShares``) on toys worked by hand, and what they do to an order
/// still waiting for its carrier.
@Suite struct PickupSharesTests {
    @Test func thePickupDayIsCountedAtEachHourTheOrderWasPlacedAndStillWaiting() throws {
        // a: ordered Monday 2026-06-01 09:10 in New York, picked up 17:00 that day: placed at 09:30–23:30
        // (hours 9–23), waiting at 09:30–16:30 (hours 9–16). b: ordered Monday 18:20, picked up Tuesday 16:40:
        // on Tuesday placed at every hour, waiting at 00:30–16:30 (hours 0–16). c: ordered from another
        // warehouse, picked up after the cut-off: counted nowhere. d: never picked up: nowhere.
        let lane = "ups,ground,US,10001,,US,60601,"
        let text = """
            shipment_id,carrier,service,origin_country,origin_postal,origin_region,destination_country,destination_postal,destination_region,origin_id,event,event_time,event_postal,promised_date
            a,\(lane),wh-1,ORDER_PLACED,2026-06-01T09:10:00-04:00,,
            a,\(lane),wh-1,PICKED_UP,2026-06-01T17:00:00-04:00,10001,
            b,\(lane),wh-1,ORDER_PLACED,2026-06-01T18:20:00-04:00,,
            b,\(lane),wh-1,PICKED_UP,2026-06-02T16:40:00-04:00,10001,
            c,\(lane),wh-2,ORDER_PLACED,2026-06-03T09:00:00-04:00,,
            c,\(lane),wh-2,PICKED_UP,2026-06-05T17:00:00-04:00,10001,
            d,\(lane),wh-2,ORDER_PLACED,2026-06-03T09:00:00-04:00,,
            """
        let timelines = try ScanIngestion.read(text: text).timelines
        #expect(timelines.count == 4)
        let origin = Geography.resolve(Place(postal: "10001"))
        let calendar = CarrierCalendars().calendar(for: "ups", destination: Geography.resolve(Place(postal: "60601")))
        var counts = PickupShares.Accumulator(cutoff: RFC3339.parse("2026-06-05T00:00:00Z")!.instant)
        for t in timelines { counts.add(t, zone: Geography.zone(for: origin), calendar: calendar) }
        let shares = counts.shares
        #expect(shares.cells.keys.sorted() == ["", "wh-1"])
        let all = try #require(shares.cells[""])
        let placed: [Double] = (0..<24).map { ($0 >= 9 ? 1 : 0) + 1 }
        let waiting: [Double] = (0..<24).map { ($0 >= 9 && $0 <= 16 ? 1 : 0) + ($0 <= 16 ? 1 : 0) }
        #expect(all.placed == placed && all.waiting == waiting)
        #expect(shares.cells["wh-1"] == all)
    }

    @Test func theRatioIsTheShareOfTheDaysPickupsStillToComeDrawnToEveryOrigin() {
        // Every origin: at 15:00 80 placed, 60 waiting (0.75); at 20:00 90 placed, none waiting. wh-1: at
        // 15:00 10 placed, 2 waiting, drawn by 20 to 0.75: (2 + 15)/30 = 0.566667.
        var all = PickupShares.Cell()
        all.placed[15] = 80
        all.waiting[15] = 60
        all.placed[20] = 90
        var own = PickupShares.Cell()
        own.placed[15] = 10
        own.waiting[15] = 2
        let shares = PickupShares(cells: ["": all, "wh-1": own])
        #expect(shares.likelihoodRatio(origin: nil, hour: 15) == 0.75)
        #expect(shares.likelihoodRatio(origin: "wh-9", hour: 15) == 0.75)
        #expect(abs(shares.likelihoodRatio(origin: "wh-1", hour: 15) - 17.0 / 30) < 1e-12)
        #expect(shares.likelihoodRatio(origin: nil, hour: 20) == 0)
        // An hour no order was placed by, an hour out of range, nothing learned: no information.
        #expect(shares.likelihoodRatio(origin: nil, hour: 3) == 1)
        #expect(shares.likelihoodRatio(origin: nil, hour: 24) == 1)
        #expect(PickupShares.none.likelihoodRatio(origin: "wh-1", hour: 15) == 1)
    }

    @Test func todaysOddsMoveAndTheLaterDaysKeepTheirShape() {
        // Given D ≥ 1: 0.5 on day 1, 0.3 on day 2, 0.2 on day 3. Ratio 0: day 1 gives its half up, 0.6 and
        // 0.4 after it. Ratio 3: odds 1 → 3, 0.75 on day 1, the rest halved, 0.15 and 0.1.
        let d = DayDistribution(probabilities: [0, 0.5, 0.3, 0.2])
        let none = d.movingOdds(of: 1, by: 0).probabilities
        #expect(zip(none, [0, 0, 0.6, 0.4]).allSatisfy { abs($0 - $1) < 1e-12 })
        let more = d.movingOdds(of: 1, by: 3).probabilities
        #expect(zip(more, [0, 0.75, 0.15, 0.1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(d.movingOdds(of: 1, by: 1) == d)
    }

    @Test func anOrderStillWaitingAfterTheDaysLastPickupIsJudgedAsTomorrowMorning() throws {
        // In the truth carriers collect at 16:00–19:30 (TrainingData/README.md): at 10:00 an order still
        // waiting says nothing yet (every pickup of the day is still to come), at 20:00 it will not go today,
        // which is what it would be at 00:30 the next working day (still waiting then says nothing either).
        let model = RiskSemanticsTests.model
        var withoutShares = model
        withoutShares.pickup = .none
        let route = RiskSemanticsTests.route()
        let order = RiskSemanticsTests.at("2026-06-01T09:00:00-04:00")
        let scans = [TimelineEvent(code: .orderPlaced, time: order)]
        let promised = try #require(CivilDate("2026-06-05"))
        func p(_ model: EDDModel, _ now: String) -> Double {
            Predictor(model: model).risk(
                route: route, orderTime: order, promised: promised, now: RiskSemanticsTests.at(now), scans: scans
            ).pLate
        }
        #expect(model.pickup.likelihoodRatio(origin: nil, hour: 20) == 0)
        #expect(model.pickup.likelihoodRatio(origin: nil, hour: 10) == 1)
        #expect(p(model, "2026-06-01T10:00:00-04:00") == p(withoutShares, "2026-06-01T10:00:00-04:00"))
        let evening = p(model, "2026-06-01T20:00:00-04:00")
        #expect(abs(evening - p(model, "2026-06-02T00:30:00-04:00")) < 1e-9)
        #expect(evening > p(withoutShares, "2026-06-01T20:00:00-04:00"))
    }
}
