@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct PredictorTests {
    @Test func workingDaysMapToDatesAcrossAWeekendAndAHoliday() throws {
        // Counted from Wednesday 2026-11-25 with the US calendar: Thanksgiving (26th) and the weekend are skipped.
        let f = DeliveryForecast(
            start: try #require(CivilDate("2026-11-25")), calendar: .standard(country: "US"),
            cdf: [0.1, 0.5, 0.85, 0.95, 1], level: "lane", shipments: 10)
        #expect(f.date(afterWorkingDays: 0).description == "2026-11-25")
        #expect(f.date(afterWorkingDays: 1).description == "2026-11-27")
        #expect(f.date(afterWorkingDays: 2).description == "2026-11-30")
        #expect(f.date(afterWorkingDays: 4).description == "2026-12-02")
    }

    @Test func confidenceBecomesTheEarliestDateThatReachesIt() throws {
        let f = DeliveryForecast(
            start: try #require(CivilDate("2026-11-02")), calendar: .standard(country: "US"),
            cdf: [0.1, 0.5, 0.85, 0.95, 1], level: "lane", shipments: 10)
        // P(≤ 2 days) = 0.85 < 0.9 ≤ P(≤ 3 days) = 0.95: three working days after Monday is Thursday.
        #expect(f.quantileDays(0.9) == 3)
        #expect(f.quantileDate(0.9).description == "2026-11-05")
        #expect(f.probability(withinWorkingDays: 3) == 0.95)
        #expect(f.quantileDate(0.5).description == "2026-11-03")
        #expect(f.modeDays == 1)  // P = 0.4 on day 1
    }

    @Test func aModelOfTwoDayTransitPromisesThursdayForATuesdayShipment() throws {
        let model = ModelFileTests.smallModel()
        let p = Predictor(model: model)
        let route = p.route(
            carrier: "ups", service: "ground", origin: Place(postal: "10001", id: "wh-1"),
            destination: Place(postal: "02110"))
        // Shipped Tuesday 2026-11-03 (after Election Day? not a federal holiday): 2 working days → Thursday.
        let ship = try #require(RFC3339.parse("2026-11-03T12:00:00-05:00")).instant
        let f = p.forecast(route: route, orderTime: nil, shipTime: ship, now: ship)
        #expect(f.quantileDate(0.5).description == "2026-11-05")
        #expect(f.level == "lane")
    }

    @Test func unknownCarriersAndLanesAnswerFromTheNearestLevel() {
        let p = Predictor(model: ModelFileTests.smallModel())
        let other = p.route(
            carrier: "ups", service: "ground", origin: Place(postal: "94107"), destination: Place(postal: "60601"))
        #expect(
            p.forecast(
                route: other, orderTime: nil, shipTime: Instant(seconds: 1_790_000_000),
                now: Instant(seconds: 1_790_000_000)
            ).level == "country")
        let unknown = p.route(
            carrier: "nobody", service: "x", origin: Place(postal: "94107"), destination: Place(postal: "60601"))
        #expect(
            p.forecast(
                route: unknown, orderTime: nil, shipTime: Instant(seconds: 1_790_000_000),
                now: Instant(seconds: 1_790_000_000)
            ).level == "global")
    }

    @Test func quantilesNeverCrossAndProbabilitiesStayInTheUnitInterval() throws {
        let p = Predictor(model: ModelFileTests.smallModel())
        var rng = SplitMix64(seed: 9)
        let zips = ["10001", "02110", "94107", "60601", "33101", "abc"]
        for _ in 0..<200 {
            let route = p.route(
                carrier: ["ups", "fedex"][rng.int(2)], service: "ground", origin: Place(postal: zips[rng.int(6)]),
                destination: Place(postal: zips[rng.int(6)]))
            let order = Instant(seconds: 1_790_000_000 + Int64(rng.int(10_000_000)))
            let f = p.forecast(route: route, orderTime: order, shipTime: nil, now: order)
            var last = CivilDate(dayNumber: 0)
            for tau in stride(from: 0.05, through: 0.95, by: 0.05) {
                let d = f.quantileDate(tau)
                #expect(d >= last)
                last = d
            }
            #expect(f.cdf.allSatisfy { (0...1).contains($0) })
            let r = p.risk(
                route: route, orderTime: order, promised: order.utcDate.adding(days: rng.int(10)),
                now: order.adding(days: Double(rng.int(5))), scans: [])
            #expect((0...1).contains(r.pLate))
        }
    }

    @Test func riskIsCertainOnceDeliveredOrPastThePromise() throws {
        let p = Predictor(model: ModelFileTests.smallModel())
        let route = p.route(
            carrier: "ups", service: "ground", origin: Place(postal: "10001"), destination: Place(postal: "02110"))
        let ship = try #require(RFC3339.parse("2026-11-03T12:00:00-05:00")).instant
        let deliveredLate = try #require(RFC3339.parse("2026-11-06T12:00:00-05:00")).instant
        let scans = [TimelineEvent(code: .pickedUp, time: ship), TimelineEvent(code: .delivered, time: deliveredLate)]
        let late = p.risk(
            route: route, orderTime: nil, promised: try #require(CivilDate("2026-11-05")), now: deliveredLate,
            scans: scans)
        #expect(late.pLate == 1 && late.state == .delivered)
        let onTime = p.risk(
            route: route, orderTime: nil, promised: try #require(CivilDate("2026-11-06")), now: deliveredLate,
            scans: scans)
        #expect(onTime.pLate == 0)
        let passed = p.risk(
            route: route, orderTime: nil, promised: try #require(CivilDate("2026-11-04")), now: deliveredLate,
            scans: [scans[0]])
        #expect(passed.pLate == 1 && passed.reasons.first?.code == "promise_passed")
    }
}

@Suite struct PooledServiceTests {
    /// 40 shipments a service on one lane: ground always takes 3 working days, express 1.
    static func model() -> EDDModel {
        var timelines: [ShipmentTimeline] = []
        let cal = BusinessCalendar.standard(country: "US")
        let monday = CivilDate(year: 2026, month: 9, day: 14)!
        for i in 0..<80 {
            let (service, days) = i % 2 == 0 ? ("ground", 3) : ("express", 1)
            let shipDay = monday.adding(days: 7 * (i / 10) + i % 5)
            let ship = Instant(date: shipDay, secondOfDay: 12 * 3600, utcOffset: -4 * 3600)
            let delivered = Instant(
                date: cal.addingWorkingDays(days, to: shipDay), secondOfDay: 15 * 3600, utcOffset: -4 * 3600)
            timelines.append(
                ShipmentTimeline(
                    id: "p\(i)", carrier: "ups", service: service, origin: Place(postal: "10001"),
                    destination: Place(postal: "02110"),
                    events: [.init(code: .pickedUp, time: ship), .init(code: .delivered, time: delivered)],
                    shipTime: ship, deliveryTime: delivered))
        }
        var options = FitOptions()
        options.calendars = CarrierCalendars().completed(from: timelines)
        return ModelFitter.fit(timelines: timelines, options: options).0
    }

    @Test func aRequestWithoutServiceIsAnsweredFromTheLaneWithServicesPooled() throws {
        let p = Predictor(model: Self.model())
        let ship = try #require(RFC3339.parse("2026-11-03T12:00:00-05:00")).instant
        func forecast(_ service: String?) -> DeliveryForecast {
            let route = p.route(
                carrier: "ups", service: service, origin: Place(postal: "10001"), destination: Place(postal: "02110"))
            return p.forecast(route: route, orderTime: nil, shipTime: ship, now: ship)
        }
        // Ground: 3 working days after Tuesday Nov 3 is Friday Nov 6; express: Wednesday Nov 4.
        #expect(forecast("ground").quantileDate(0.5).description == "2026-11-06")
        #expect(forecast("express").quantileDate(0.5).description == "2026-11-04")
        // Pooled: half take 1 day and half 3, so P(≤ 1 day) = 0.5: the 0.4 quantile is 1 day and the 0.6
        // quantile 3 days (0.5 itself sits on the tie); and the answer still comes from the lane, not the carrier.
        let pooled = forecast(nil)
        #expect(pooled.level == "lane")
        #expect(pooled.quantileDate(0.4).description == "2026-11-04")
        #expect(pooled.quantileDate(0.6).description == "2026-11-06")
    }
}
