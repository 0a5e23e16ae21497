@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The risk model's same-day counts (``SameDayShares``) on toys worked by hand.
@Suite struct SameDaySharesTests {
    /// In transit at noon on none of 10 delivery days and on 30 of 40 other days.
    static let shares: SameDayShares = {
        var cell = SameDayShares.Cell()
        cell.later[12] = 30
        return SameDayShares(cells: ["in_transit": cell], days: ["": .init(today: 10, later: 40)])
    }()

    @Test func theHourMovesTodaysOddsByItsLikelihoodRatio() {
        // Pooled rate 30/50 = 0.6; today (0 + 0.6)/(10 + 1) = 0.054545, later (30 + 0.6)/(40 + 1) = 0.746341:
        // ratio 0.073083.
        let r = Self.shares.likelihoodRatio(carrier: "ups", milestone: .inTransit, hour: 12)
        #expect(abs(r - 0.6 / 11 / (30.6 / 41)) < 1e-12)
        #expect(abs(r - 0.073083) < 1e-6)
        // An hour seen on neither kind of day, a milestone never seen, an hour out of range: no information.
        #expect(Self.shares.likelihoodRatio(carrier: "ups", milestone: .inTransit, hour: 3) == 1)
        #expect(Self.shares.likelihoodRatio(carrier: "ups", milestone: .outForDelivery, hour: 12) == 1)
        #expect(Self.shares.likelihoodRatio(carrier: "ups", milestone: .inTransit, hour: 24) == 1)
        #expect(SameDayShares.none.likelihoodRatio(carrier: "ups", milestone: .inTransit, hour: 12) == 1)
    }

    @Test func aCarriersOwnRatesAreDrawnToEveryCarriers() {
        // ups: in transit at noon on 2 of its 5 delivery days and 10 of its 20 other days. Drawn by 20 days
        // to the rates above: today (2 + 20 · 0.054545)/25 = 0.123636, later (10 + 20 · 0.746341)/40 =
        // 0.623171: ratio 0.198399.
        var shares = Self.shares
        var own = SameDayShares.Cell()
        own.today[12] = 2
        own.later[12] = 10
        shares.cells[SameDayShares.key(carrier: "ups", milestone: .inTransit)] = own
        shares.days["ups"] = .init(today: 5, later: 20)
        let today = (2 + 20 * (0.6 / 11)) / 25
        let later = (10 + 20 * (30.6 / 41)) / 40
        let r = shares.likelihoodRatio(carrier: "ups", milestone: .inTransit, hour: 12)
        #expect(abs(r - today / later) < 1e-12)
        #expect(abs(r - 0.198399) < 1e-6)
        // Another carrier reads every carrier's.
        #expect(abs(shares.likelihoodRatio(carrier: "fedex", milestone: .inTransit, hour: 12) - 0.073083) < 1e-6)
    }

    @Test func todaysMassMovesToTheDaysAfterIt() {
        // P(T = today | T ≥ today) = 0.5 and P(T > x | T ≥ today) = 0.3. Ratio 0: today's half goes, the rest
        // doubles, 0.6. Ratio 3: today's odds 1 → 3, share 0.75, the rest halves, 0.15.
        #expect(abs(SameDayShares.adjust(pLate: 0.3, todayShare: 0.5, ratio: 0) - 0.6) < 1e-12)
        #expect(abs(SameDayShares.adjust(pLate: 0.3, todayShare: 0.5, ratio: 3) - 0.15) < 1e-12)
        // Nothing to move: all or none of the mass today, or a ratio of 1.
        #expect(SameDayShares.adjust(pLate: 0, todayShare: 1, ratio: 0) == 0)
        #expect(SameDayShares.adjust(pLate: 0.4, todayShare: 0, ratio: 0) == 0.4)
        #expect(SameDayShares.adjust(pLate: 0.4, todayShare: 0.3, ratio: 1) == 0.4)
    }

    @Test func aDeliveredParcelIsCountedOnEachWorkingDayAtEachHour() throws {
        // Picked up Monday 2026-06-01 16:00 in New York, in transit from Tuesday 03:00, out for delivery at
        // 08:00, delivered at 11:00. Monday (not its delivery day), from 16:30 on: picked up, hours 16–23.
        // Tuesday (its delivery day): picked up at 00:30–02:30, in transit at 03:30–07:30, out for delivery at
        // 08:30–10:30, delivered by 11:30. A parcel never delivered and one delivered after the cut-off count
        // nowhere.
        let timelines = try Self.parcels()
        #expect(timelines.count == 3)
        let destination = Geography.resolve(Place(postal: "10001"))
        let calendar = CarrierCalendars().calendar(for: "ups", destination: destination)
        var counts = SameDayShares.Accumulator(cutoff: RFC3339.parse("2026-06-05T00:00:00Z")!.instant)
        for t in timelines { counts.add(t, zone: Geography.zone(for: destination), calendar: calendar) }
        let shares = counts.shares
        #expect(shares.days[""] == .init(today: 1, later: 1))
        #expect(shares.days["ups"] == .init(today: 1, later: 1))
        func hours(_ values: [Double]) -> [Int] { values.indices.filter { values[$0] == 1 } }
        let picked = try #require(shares.cells["picked_up"])
        #expect(hours(picked.later) == Array(16...23) && hours(picked.today) == [0, 1, 2])
        let transit = try #require(shares.cells["in_transit"])
        #expect(hours(transit.today) == Array(3...7) && hours(transit.later).isEmpty)
        let out = try #require(shares.cells["out_for_delivery"])
        #expect(hours(out.today) == [8, 9, 10] && hours(out.later).isEmpty)
        #expect(shares.cells["ups|in_transit"] == transit)
        let all = shares.cells.filter { !$0.key.contains("|") }.values.flatMap { $0.today + $0.later }
        #expect(all.reduce(0, +) == 8 + 3 + 5 + 3 && all.allSatisfy { $0 == 0 || $0 == 1 })
    }

    /// Parcel a (delivered 2026-06-02), b (never delivered) and c (delivered 2026-06-10) of the test above.
    static func parcels() throws -> [ShipmentTimeline] {
        let lane = "ups,ground,US,10001,,US,10001,,wh-1"
        let text = """
            shipment_id,carrier,service,origin_country,origin_postal,origin_region,destination_country,destination_postal,destination_region,origin_id,event,event_time,event_postal,promised_date
            a,\(lane),PICKED_UP,2026-06-01T16:00:00-04:00,10001,
            a,\(lane),IN_TRANSIT,2026-06-02T03:00:00-04:00,10001,
            a,\(lane),OUT_FOR_DELIVERY,2026-06-02T08:00:00-04:00,10001,
            a,\(lane),DELIVERED,2026-06-02T11:00:00-04:00,10001,
            b,\(lane),PICKED_UP,2026-06-01T16:00:00-04:00,10001,
            c,\(lane),PICKED_UP,2026-06-01T16:00:00-04:00,10001,
            c,\(lane),DELIVERED,2026-06-10T11:00:00-04:00,10001,
            """
        return try ScanIngestion.read(text: text).timelines
    }

    @Test func oneWalkCountsForTheServedAndTheEarlierCutOff() throws {
        // Walked once for both, each count must be what adding to it alone gives: the earlier (shadow) one,
        // cut off on 2026-06-05, counts a only (as in the test above), the served one, cut off on 2026-06-15,
        // a and c: both delivered on their delivery days.
        let timelines = try Self.parcels()
        let destination = Geography.resolve(Place(postal: "10001"))
        let zone = Geography.zone(for: destination)
        let calendar = CarrierCalendars().calendar(for: "ups", destination: destination)
        let early = RFC3339.parse("2026-06-05T00:00:00Z")!.instant
        let late = RFC3339.parse("2026-06-15T00:00:00Z")!.instant
        var served = SameDayShares.Accumulator(cutoff: late)
        var shadow = SameDayShares.Accumulator(cutoff: early)
        var servedAlone = SameDayShares.Accumulator(cutoff: late)
        var shadowAlone = SameDayShares.Accumulator(cutoff: early)
        for t in timelines {
            served.add(t, zone: zone, calendar: calendar, alsoTo: &shadow)
            servedAlone.add(t, zone: zone, calendar: calendar)
            shadowAlone.add(t, zone: zone, calendar: calendar)
        }
        #expect(shadow.shares.days["ups"] == .init(today: 1, later: 1))
        #expect(served.shares.days["ups"]?.today == 2)
        #expect(served.shares.cells == servedAlone.shares.cells && served.shares.days == servedAlone.shares.days)
        #expect(shadow.shares.cells == shadowAlone.shares.cells && shadow.shares.days == shadowAlone.shares.days)
        #expect(served.shares.cells != shadow.shares.cells)
    }
}
