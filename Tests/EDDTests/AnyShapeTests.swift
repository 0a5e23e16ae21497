@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// Feeds of other shapes than the parcel sample: long lead times, no hand-off scans, sparse lanes, counts.
@Suite struct AnyShapeTests {
    static let everyDay = BusinessCalendar(weekdays: .everyDay, holidayCountry: nil)
    static let weekdays = BusinessCalendar(weekdays: .mondayToFriday, holidayCountry: nil)
    static let place = Place(postal: "10001")

    static func at(_ date: CivilDate, hour: Int) -> Instant {
        Instant(date: date, secondOfDay: hour * 3600, utcOffset: 0)
    }

    static func forecast(_ model: EDDModel, service: String?, order: Instant) -> DeliveryForecast {
        let p = Predictor(model: model)
        let route = p.route(carrier: "acme", service: service, origin: place, destination: place)
        return p.forecast(route: route, orderTime: order, shipTime: nil, now: order)
    }

    /// 60 shipments, each handed over on its order day and delivered exactly 400 days later, by a carrier
    /// working every day: the fitted range must reach day 400 at day resolution, with no tail.
    @Test func aFourHundredDayLaneIsAnsweredAtDayResolution() throws {
        let first = try #require(CivilDate("2025-01-06"))
        let timelines = (0..<60).map { i -> ShipmentTimeline in
            let day = first.adding(days: i)
            let order = Self.at(day, hour: 9)  // 04:00 in New York: the same local date
            let pickup = Self.at(day, hour: 15)
            let delivered = Self.at(day.adding(days: 400), hour: 16)
            return ShipmentTimeline(
                id: "f\(i)", carrier: "acme", service: "ocean", origin: Self.place, destination: Self.place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: pickup),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: pickup, deliveryTime: delivered)
        }
        var options = FitOptions()
        options.calendars = CarrierCalendars(carriers: ["acme": Self.everyDay])
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: options)
        // Longest 400 → 400 + 100 + 2 = 502 days wanted → 512 buckets.
        #expect(summary.buckets == 512)
        #expect(model.transit.buckets == 512)
        let order = try #require(RFC3339.parse("2026-03-02T09:00:00Z")).instant
        let f = Self.forecast(model, service: "ocean", order: order)
        // 2026-03-02 + 400 days = 2027-04-06 (365 days to 2027-03-02, then 35 more).
        #expect(f.quantileDate(0.1).description == "2027-04-06")
        #expect(f.quantileDate(0.5).description == "2027-04-06")
        #expect(f.quantileDate(0.9).description == "2027-04-06")
        #expect(f.beforeTail > 0.999)
    }

    /// A feed with only ORDER_PLACED and DELIVERED: same-day orders arrive on their order day, standard ones
    /// three working days later. Ingestion makes the DELIVERED scan the first carrier scan (ship time =
    /// delivery time); the fit must learn order → delivery per service, not "handling" per origin.
    @Test func withoutHandoffScansTheServiceStillDecides() throws {
        let monday = try #require(CivilDate("2026-09-14"))
        var timelines: [ShipmentTimeline] = []
        for i in 0..<80 {
            let (service, days) = i % 2 == 0 ? ("sameday", 0) : ("standard", 3)
            let day = Self.weekdays.addingWorkingDays(i / 2 % 20, to: monday)
            let order = Self.at(day, hour: 13)  // 09:00 in New York
            let delivered = Self.at(Self.weekdays.addingWorkingDays(days, to: day), hour: 21)
            timelines.append(
                ShipmentTimeline(
                    id: "n\(i)", carrier: "acme", service: service, origin: Self.place, destination: Self.place,
                    events: [.init(code: .orderPlaced, time: order), .init(code: .delivered, time: delivered)],
                    orderTime: order, shipTime: delivered, deliveryTime: delivered))
        }
        var options = FitOptions()
        options.calendars = CarrierCalendars(carriers: ["acme": Self.weekdays])
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: options)
        #expect(summary.delivered == 80)
        #expect(summary.withoutHandoff == 80)
        #expect(model.handling.nodes.allSatisfy { $0.isEmpty })
        // Monday 2026-11-02, 09:00 New York: same day, and Thursday 2026-11-05.
        let order = try #require(RFC3339.parse("2026-11-02T14:00:00Z")).instant
        let fast = Self.forecast(model, service: "sameday", order: order)
        let slow = Self.forecast(model, service: "standard", order: order)
        #expect(fast.quantileDate(0.5).description == "2026-11-02")
        #expect(slow.quantileDate(0.5).description == "2026-11-05")
        #expect(fast.level == "lane" && slow.level == "lane")
    }

    /// The 99th percentile of 1…200 is the 198th value (⌈0.99 × 200⌉ = 198); short stages keep the floor.
    @Test func lostAfterIsTheNinetyNinthPercentileOfCompletedStagesWithAFloor() {
        #expect(LostAfter.derive(completed: Array(1...200)).days == 198)
        #expect(LostAfter.derive(completed: [0, 1, 1, 2, 3]).days == 5)
        #expect(LostAfter.derive(completed: []).days == 5)
    }

    /// 20 shipments deliver after 30 days; one more, handed over 20 days before the cut-off, is still under
    /// way. Derived from the data (the 99th percentile of the 20 handlings of 0 and 20 transits of 30 days
    /// is 30), it is censored; with `--lost-after 5` it is lost.
    @Test func aDerivedLostAfterKeepsASlowFreightShipmentCensored() throws {
        let first = try #require(CivilDate("2026-01-01"))
        var timelines = (0..<20).map { i -> ShipmentTimeline in
            let day = first.adding(days: i)
            let order = Self.at(day, hour: 12)
            let delivered = Self.at(day.adding(days: 30), hour: 12)
            return ShipmentTimeline(
                id: "d\(i)", carrier: "acme", service: "ocean", origin: Self.place, destination: Self.place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: order),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: order, deliveryTime: delivered)
        }
        let asOf = Self.at(try #require(CivilDate("2026-03-15")), hour: 0)
        let open = Self.at(try #require(CivilDate("2026-02-23")), hour: 12)
        timelines.append(
            ShipmentTimeline(
                id: "open", carrier: "acme", service: "ocean", origin: Self.place, destination: Self.place,
                events: [.init(code: .orderPlaced, time: open), .init(code: .pickedUp, time: open)],
                orderTime: open, shipTime: open))
        var options = FitOptions(asOf: asOf)
        options.calendars = CarrierCalendars(carriers: ["acme": Self.everyDay])
        let derived = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(derived.lostAfter == 30)
        #expect(derived.censored == 1 && derived.lost == 0)
        options.lostAfterWorkingDays = 5
        let fixed = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(fixed.lostAfter == 5)
        #expect(fixed.censored == 0 && fixed.lost == 1)
    }

    /// A sea carrier, 1,000 shipments over 400 days, handed over on the order day: 985 sail 10 days, 15 (1.5%,
    /// all ordered early enough to arrive) are held 100 days, and none is lost; one more has been under way for
    /// 60 days at the cut-off. The 99th percentile of the 1,976 completed stages (1,001 handlings of 0, 960
    /// transits of 10, 15 of 100; the last 25 orders are still at sea) is 10, the 1,957th, which would count
    /// the open one as lost. No ghost is among the 645 matured
    /// shipments (those ordered on the first 258 days, more than 100 × 7/5 + 2 days before the cut-off, 100
    /// being the 99th percentile of the 975 completed order → delivery times), so the ghost rate is put at
    /// g = 1/647 and a stage open counts as lost only beyond 1 − g/(1 − g) = 1 − 1/646 = 99.85% of the
    /// completed ones (the 1,973rd: 100): the slow one stays censored.
    @Test func withoutGhostsARareLongHoldUpIsNotCountedAsLost() throws {
        let first = try #require(CivilDate("2026-01-01"))
        var timelines: [ShipmentTimeline] = []
        for i in 0..<1_000 {
            let day = first.adding(days: i * 2 / 5)
            let transit = i % 40 == 0 && i < 600 ? 100 : 10
            let order = Self.at(day, hour: 12)
            let delivered = Self.at(day.adding(days: transit), hour: 12)
            timelines.append(
                ShipmentTimeline(
                    id: "s\(i)", carrier: "sea", service: "fcl", origin: Self.place, destination: Self.place,
                    events: [
                        .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: order),
                        .init(code: .delivered, time: delivered),
                    ], orderTime: order, shipTime: order, deliveryTime: delivered))
        }
        #expect(timelines.filter { $0.deliveryTime! > $0.shipTime!.adding(seconds: 50 * 86_400) }.count == 15)
        let asOf = Self.at(first.adding(days: 400), hour: 0)
        let open = Self.at(first.adding(days: 340), hour: 12)
        timelines.append(
            ShipmentTimeline(
                id: "open", carrier: "sea", service: "fcl", origin: Self.place, destination: Self.place,
                events: [.init(code: .orderPlaced, time: open), .init(code: .pickedUp, time: open)],
                orderTime: open, shipTime: open))
        var options = FitOptions(asOf: asOf)
        options.calendars = CarrierCalendars(carriers: ["sea": Self.everyDay])
        options.learnsClosures = false
        let summary = ModelFitter.fit(timelines: timelines, options: options).1
        // Under way at the cut-off: the open one and the last 25 orders (placed in the last ten days).
        let underWay = timelines.filter { $0.deliveryTime.map { $0 >= asOf } ?? true }.count
        #expect(underWay == 26)
        #expect(summary.lostAfter == 100)
        #expect(summary.lost == 0 && summary.censored == underWay)
        #expect(summary.description.contains("99.85% of 1976 completed stages took at most 100 working days"))
        #expect(summary.description.contains("few ghosts, so a stage still open is more likely lost than slow"))
        // The 99th percentile as the cap: the open shipment is lost.
        options.lostAfterWorkingDays = 10
        let capped = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(capped.lost == 1 && capped.censored == underWay - 1)
    }

    /// A parcel carrier (delivered 2 days after pickup) and a freight carrier (40 days) in one feed, 600
    /// shipments each, handed over on their order day, none lost. Stages: the feed's 2,400 are 1,200 zeros,
    /// 600 twos and 600 forties, so its 99th percentile (the 2,376th) is 40; the parcel carrier's 1,200 are
    /// zeros and twos, 2, under the floor of 5; the freight carrier's own is 40, the feed's. So the parcel
    /// carrier alone gets a cap of its own, 5: its parcel open for 10 days is lost, while a freight shipment
    /// open for 20 stays censored.
    @Test func aMixedFeedGivesEachCarrierItsOwnLostAfter() throws {
        let first = try #require(CivilDate("2026-01-01"))
        var timelines: [ShipmentTimeline] = []
        for i in 0..<1_200 {
            let (carrier, days) = i % 2 == 0 ? ("quick", 2) : ("slow", 40)
            let order = Self.at(first.adding(days: i / 6), hour: 12)
            let delivered = Self.at(first.adding(days: i / 6 + days), hour: 12)
            timelines.append(
                ShipmentTimeline(
                    id: "m\(i)", carrier: carrier, service: "std", origin: Self.place, destination: Self.place,
                    events: [
                        .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: order),
                        .init(code: .delivered, time: delivered),
                    ], orderTime: order, shipTime: order, deliveryTime: delivered))
        }
        let asOf = Self.at(first.adding(days: 260), hour: 0)
        for (carrier, age) in [("quick", 10), ("slow", 20)] {
            let open = Self.at(first.adding(days: 260 - age), hour: 12)
            timelines.append(
                ShipmentTimeline(
                    id: "open-\(carrier)", carrier: carrier, service: "std", origin: Self.place,
                    destination: Self.place,
                    events: [.init(code: .orderPlaced, time: open), .init(code: .pickedUp, time: open)],
                    orderTime: open, shipTime: open))
        }
        var options = FitOptions(asOf: asOf)
        options.calendars = CarrierCalendars(carriers: ["quick": Self.everyDay, "slow": Self.everyDay])
        options.learnsClosures = false
        let summary = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(summary.lostAfter == 40)
        #expect(summary.carrierLostAfter == ["quick": 5])
        #expect(summary.lost == 1 && summary.censored == 1)
        #expect(summary.description.contains("by their own stages quick 5"))
        // One cap for all with --lost-after: both open shipments are past 5 days, so both are lost.
        options.lostAfterWorkingDays = 5
        let fixed = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(fixed.carrierLostAfter.isEmpty && fixed.lost == 2 && fixed.censored == 0)
    }

    /// One shipment per outcome, and one order nobody can see yet: every shipment is counted exactly once.
    @Test func fitSummaryCountsAddUp() throws {
        let day = try #require(CivilDate("2026-03-02"))
        let asOf = Self.at(day.adding(days: 60), hour: 0)
        func t(_ id: String, order: Int, events: [(EventCode, Int)]) -> ShipmentTimeline {
            let o = Self.at(day.adding(days: order), hour: 12)
            let list =
                [TimelineEvent(code: .orderPlaced, time: o)]
                + events.map { TimelineEvent(code: $0.0, time: Self.at(day.adding(days: order + $0.1), hour: 14)) }
            func first(_ c: EventCode) -> Instant? { list.first { $0.code == c }?.time }
            return ShipmentTimeline(
                id: id, carrier: "acme", service: "ground", origin: Self.place, destination: Self.place, events: list,
                orderTime: o, shipTime: list.first { $0.code.isCarrierScan }?.time, deliveryTime: first(.delivered),
                returnTime: first(.returnedToSender), cancelTime: first(.canceled))
        }
        let timelines = [
            t("delivered", order: 0, events: [(.pickedUp, 1), (.delivered, 3)]),
            t("no-handoff", order: 0, events: [(.delivered, 2)]),
            t("censored", order: 58, events: [(.pickedUp, 1)]),
            t("lost", order: 5, events: [(.pickedUp, 1)]),
            t("returned", order: 2, events: [(.pickedUp, 1), (.returnedToSender, 4)]),
            t("canceled", order: 3, events: [(.canceled, 0)]),
            t("future", order: 61, events: []),
        ]
        var options = FitOptions(asOf: asOf, lostAfterWorkingDays: 5)
        options.calendars = CarrierCalendars(carriers: ["acme": Self.weekdays])
        let s = ModelFitter.fit(timelines: timelines, options: options).1
        #expect(s.delivered == 2 && s.withoutHandoff == 1)
        #expect(s.censored == 1 && s.lost == 1 && s.returned == 1)
        #expect(s.canceled == 1 && s.skipped == 1)
        #expect(s.used == s.delivered + s.censored + s.lost + s.returned + s.notPickedUp)
        #expect(s.used + s.canceled + s.skipped == timelines.count)
    }

    /// One shipment under way after 3 days on a thin node: the Kaplan–Meier cannot place its mass, which then
    /// follows the parent's days after 3 (0.3 and 0.3 on days 4 and 5, so one half each), not the tail.
    @Test func unplaceableMassFollowsTheParentNotTheTail() throws {
        var h = DayHistogram(buckets: 8)
        h.addCensored(days: 3, weight: 1)
        let parent = DayDistribution(probabilities: [0.2, 0.2, 0, 0, 0.3, 0.3, 0, 0])
        let km = try #require(h.kaplanMeier(beyond: parent))
        #expect(abs(km.probabilities[4] - 0.5) < 1e-12 && abs(km.probabilities[5] - 0.5) < 1e-12)
        #expect(km.probabilities[7] == 0)
        #expect(try #require(h.kaplanMeier()).probabilities[7] == 1)
    }

    /// Durations up to 400 days get 512 buckets; parcel feeds keep 64; the ceiling holds.
    @Test func bucketCountFollowsTheLongestDuration() {
        #expect(DayHistogram.bucketCount(longest: 20) == 64)  // 20 + 8 + 2 = 30
        #expect(DayHistogram.bucketCount(longest: 60) == 128)  // 60 + 15 + 2 = 77
        #expect(DayHistogram.bucketCount(longest: 400) == 512)
        #expect(DayHistogram.bucketCount(longest: 10_000) == DayHistogram.maximumBuckets)
    }

    /// Three quarters of the shipments arrive after one day; the rest are all still under way after seven:
    /// nothing in the data says when they arrive, so a 90% date lies in the tail. The answer says so and
    /// states only the probability the days before the tail back (about three quarters), never certainty.
    @Test func anAnswerInTheTailSaysSoAndDoesNotClaimCertainty() throws {
        let monday = try #require(CivilDate("2026-09-14"))
        var timelines: [ShipmentTimeline] = []
        let asOf = Self.at(monday.adding(days: 60), hour: 0)
        for i in 0..<80 {
            // The open quarter was handed over on Monday monday+49; the cut-off's last full day is Wednesday
            // monday+58, seven working days later.
            let ship = i % 4 != 0 ? Self.at(monday, hour: 14) : Self.at(monday.adding(days: 49), hour: 14)
            let delivered = i % 4 != 0 ? Self.at(monday.adding(days: 1), hour: 16) : nil
            var events = [TimelineEvent(code: .pickedUp, time: ship)]
            if let delivered { events.append(.init(code: .delivered, time: delivered)) }
            timelines.append(
                ShipmentTimeline(
                    id: "t\(i)", carrier: "acme", service: "ground", origin: Self.place, destination: Self.place,
                    events: events, shipTime: ship, deliveryTime: delivered))
        }
        // The half-life is given, so that the weights below are worked out by hand.
        var options = FitOptions(asOf: asOf, halfLifeDays: 365, lostAfterWorkingDays: 20)
        options.calendars = CarrierCalendars(carriers: ["acme": Self.weekdays])
        let model = ModelFitter.fit(timelines: timelines, options: options).0
        let p = Predictor(model: model)
        let ship = try #require(RFC3339.parse("2026-11-02T14:00:00Z"))
        let q = EDDQuery(
            carrier: "acme", service: "ground", origin: Self.place, destination: Self.place, shipTime: ship)
        let a = p.answer(q, option: q.shippingOptions[0], now: ship.instant)
        #expect(a.tail)
        // Recency-weighted: the 60 delivered were handed over 60 days before the cut-off, the 20 open ones 11.
        let delivered = 60 * pow(0.5, 60 / 365.0)
        let open = 20 * pow(0.5, 11 / 365.0)
        #expect(abs(a.probability - delivered / (delivered + open)) < 0.001)
        // Levels up to 0.7 lie before the tail.
        let sure = EDDQuery(
            carrier: "acme", service: "ground", origin: Self.place, destination: Self.place, shipTime: ship,
            confidence: 0.5, range: 0.4)
        #expect(!p.answer(sure, option: sure.shippingOptions[0], now: ship.instant).tail)
    }

    /// 1,000 orders: every one "late in the day" (as when a feed stamps every order 12:00 UTC), ten in peak
    /// season, half on Mondays, none on Tuesdays. Only Monday varies enough (both values on ≥ 50 rows).
    @Test func aFeatureThatNeverVariesIsLeftOut() {
        let xs = (0..<1000).map { i -> [Double] in
            var x = [Double](repeating: 0, count: OrderEffects.names.count + 1)
            x[0] = 1
            x[1] = i % 2 == 0 ? 1 : 0  // monday
            x[7] = 1  // late_in_day
            x[9] = i < 10 ? 1 : 0  // peak
            return x
        }
        let varying = OrderEffects.varyingFeatures(xs)
        #expect(varying == [true, false, false, false, false, false, false, false, false])
        // Fitted, the left-out features get exactly 0: Mondays take one working day more than the base's
        // median of 2 (3 against 2), the other orders exactly 2.
        let rows = xs.enumerated().map { i, x in
            OrderEffects.Row(features: x, base: .point(2), days: i % 2 == 0 ? 3 : 2, weight: 1)
        }
        let effects = OrderEffects.fit(rows)
        #expect(effects.coefficients[7] == 0 && effects.coefficients[9] == 0)
        #expect(abs(effects.coefficients[1] - 1) < 0.05)
    }

    /// Ten shipments scanned in January 2026 and one whose last scan says 2099: the cut-off stays just
    /// after the last January scan, and the outlier is counted.
    @Test func aScanDecadesBeyondTheFeedDoesNotMoveTheCutOff() throws {
        let first = try #require(CivilDate("2026-01-05"))
        var timelines = (0..<10).map { i -> ShipmentTimeline in
            let order = Self.at(first.adding(days: i), hour: 12)
            let delivered = Self.at(first.adding(days: i + 2), hour: 15)
            return ShipmentTimeline(
                id: "j\(i)", carrier: "acme", service: "ground", origin: Self.place, destination: Self.place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: order),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: order, deliveryTime: delivered)
        }
        let order = Self.at(first, hour: 13)
        let typo = Self.at(try #require(CivilDate("2099-01-07")), hour: 15)
        timelines.append(
            ShipmentTimeline(
                id: "typo", carrier: "acme", service: "ground", origin: Self.place, destination: Self.place,
                events: [.init(code: .orderPlaced, time: order), .init(code: .delivered, time: typo)],
                orderTime: order, shipTime: typo, deliveryTime: typo))
        let plausible = ModelFitter.plausibleLatest(timelines)
        // The last January scan: the delivery of shipment 9, on January 16 at 15:00 UTC.
        #expect(plausible.latest == Self.at(try #require(CivilDate("2026-01-16")), hour: 15))
        #expect(plausible.outliers == 1)
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: FitOptions())
        #expect(model.metadata.asOf == plausible.latest.adding(seconds: 1))
        #expect(summary.implausibleLatest == 1)
    }

    /// Orders at 10:00 New York, picked up that afternoon and delivered the next working day. An order at
    /// 15:00 on Monday: with a 14:00 cut-off configured its handling starts on Tuesday (ship Tuesday, deliver
    /// Wednesday); without one, on Monday (deliver Tuesday).
    @Test func theConfiguredCutOffMovesHandlingToTheNextWorkingDay() throws {
        let monday = try #require(CivilDate("2026-09-14"))
        let timelines = (0..<60).map { i -> ShipmentTimeline in
            let day = Self.weekdays.addingWorkingDays(i % 20, to: monday)
            let order = Self.at(day, hour: 14)  // 10:00 EDT
            let pickup = Self.at(day, hour: 21)
            let delivered = Self.at(Self.weekdays.addingWorkingDays(1, to: day), hour: 18)
            return ShipmentTimeline(
                id: "c\(i)", carrier: "acme", service: "ground", origin: Self.place, destination: Self.place,
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: pickup),
                    .init(code: .delivered, time: delivered),
                ], orderTime: order, shipTime: pickup, deliveryTime: delivered)
        }
        let order = try #require(RFC3339.parse("2026-11-02T15:00:00-05:00")).instant
        func median(cutoff: Int?) -> String {
            var options = FitOptions()
            options.calendars = CarrierCalendars(carriers: [
                "acme": BusinessCalendar(weekdays: .mondayToFriday, holidayCountry: nil, cutoffSecondOfDay: cutoff)
            ])
            let model = ModelFitter.fit(timelines: timelines, options: options).0
            return Self.forecast(model, service: "ground", order: order).quantileDate(0.5).description
        }
        #expect(median(cutoff: 14 * 3600) == "2026-11-04")
        #expect(median(cutoff: nil) == "2026-11-03")
    }

    /// A `*` row is every unnamed carrier's calendar: nothing is inferred over it.
    @Test func aStarCalendarRowOverridesInference() throws {
        let path = "/tmp/edd-anyshape-calendars-\(getpid()).csv"
        try "carrier,working_days,holidays,cutoff\n*,all,,\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try CarrierCalendars.load(path: path)
        let day = try #require(CivilDate("2026-09-14"))
        let t = ShipmentTimeline(
            id: "s", carrier: "acme", service: "ground", origin: Self.place, destination: Self.place,
            deliveryTime: Self.at(day, hour: 18))
        #expect(loaded.completed(from: [t]).calendar(for: "acme").weekdays == .everyDay)
        #expect(CarrierCalendars().completed(from: [t]).calendar(for: "acme").weekdays == .mondayToFriday)
    }
}
