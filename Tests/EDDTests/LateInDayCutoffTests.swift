@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The quantile layer's late-in-day cut-off learned from the order hours of same-day hand-offs.
@Suite struct LateInDayCutoffTests {
    static let place = Place(postal: "10001", id: "wh-a")
    static let everyDay = BusinessCalendar(weekdays: .everyDay, holidayCountry: nil)

    /// 20 orders in each hour 08:00 … 12:00, all handed over the same day, and 20 in each hour 13:00 … 18:00,
    /// none: 100 of 220 same-day.
    static func stepAtOne(_ counts: inout LateInDayCutoff, origin: String?, from: Int = 8, cut: Int = 13, to: Int = 18)
    {
        for hour in from...to {
            for _ in 0..<20 { counts.add(origin: origin, hour: hour, sameDay: hour < cut) }
        }
    }

    @Test func theCutOffIsTheHourAfterWhichOrdersStopLeavingTheSameDay() throws {
        var counts = LateInDayCutoff()
        Self.stepAtOne(&counts, origin: "wh-a")
        let step = try #require(LateInDayCutoff.step(counts.feed))
        #expect(step.hour == 13)
        #expect(step.before == 1 && step.after == 0)
        #expect(step.ordersBefore == 100 && step.ordersAfter == 120)
        // Both sides are pure, so the split's likelihood is 1 and the statistic is −2 × the one-rate
        // log-likelihood: −2 (100 ln(100/220) + 120 ln(120/220)) ≈ 303.2.
        let expected = -2 * (100 * log(100.0 / 220) + 120 * log(120.0 / 220))
        #expect(abs(step.statistic - expected) < 1e-9)
        #expect(abs(step.statistic - 303.2) < 0.05)
        let (learned, reason) = counts.derive()
        #expect(learned.feedWide == 13 * 3600)
        #expect(learned.byOrigin.isEmpty)
        #expect(learned.secondOfDay(origin: "wh-a", calendar: BusinessCalendar()) == 13 * 3600)
        #expect(
            reason
                == "from 13:00 (learned: same-day hand-offs 100% of 100 orders before, 0% of 120 after; "
                + "likelihood ratio 303)")
    }

    @Test func eachOriginWithItsOwnStepKeepsItWhenAsked() {
        var counts = LateInDayCutoff()
        // wh-a: 20 orders in each hour 08–18 (220), same-day before 13:00 (100); wh-b: 20 in each hour 10–21
        // (240), same-day before 16:00 (120). Of all 460, 220 left the same day. At 13:00 the feed splits into
        // 160 of 160 before and 60 of 300 after (wh-b's 13–15); at 16:00 into 220 of 280 before (wh-a's 60
        // late orders of 13–15 among them) and 0 of 180 after, which fits better:
        func ll(_ s: Double, _ n: Double) -> Double {
            (s > 0 ? s * log(s / n) : 0) + (s < n ? (n - s) * log(1 - s / n) : 0)
        }
        let at13 = 2 * (ll(160, 160) + ll(60, 300) - ll(220, 460))
        let at16 = 2 * (ll(220, 280) + ll(0, 180) - ll(220, 460))
        #expect(at16 > at13)
        // 2 (220 ln(11/14) + 60 ln(3/14) − 220 ln(11/23) − 240 ln(12/23)) ≈ 345.9
        #expect(abs(at16 - 345.86) < 0.01)
        Self.stepAtOne(&counts, origin: "wh-a")
        Self.stepAtOne(&counts, origin: "wh-b", from: 10, cut: 16, to: 21)
        let step = LateInDayCutoff.step(counts.feed)
        #expect(step?.hour == 16 && abs((step?.statistic ?? 0) - at16) < 1e-9)
        let calendar = BusinessCalendar()
        // By default every origin gets the feed's cut-off.
        let (shared, _) = counts.derive()
        #expect(shared.byOrigin.isEmpty && shared.secondOfDay(origin: "wh-a", calendar: calendar) == 16 * 3600)
        let (learned, reason) = counts.derive(perOrigin: true)
        #expect(learned.byOrigin == ["wh-a": 13 * 3600])  // wh-b steps where the feed does
        #expect(learned.secondOfDay(origin: "wh-a", calendar: calendar) == 13 * 3600)
        #expect(learned.secondOfDay(origin: "wh-b", calendar: calendar) == 16 * 3600)
        #expect(reason.hasSuffix("; 1 of 2 origins at an hour of their own: wh-a 13:00"))
        // An origin the fit never saw gets the feed's cut-off; a configured one overrides everything.
        #expect(learned.secondOfDay(origin: "new", calendar: calendar) == 16 * 3600)
        #expect(learned.secondOfDay(origin: nil, calendar: calendar) == 16 * 3600)
        let configured = BusinessCalendar(cutoffSecondOfDay: 15 * 3600)
        #expect(learned.secondOfDay(origin: "wh-b", calendar: configured) == 15 * 3600)
    }

    @Test func noStepLearnsNothing() {
        // Half of every hour's orders leave the same day: the two-rate model gains nothing.
        var flat = LateInDayCutoff()
        for hour in 6...20 {
            for i in 0..<20 { flat.add(origin: "wh-a", hour: hour, sameDay: i % 2 == 0) }
        }
        flat.see(utcSecondOfDay: 3600)
        flat.see(utcSecondOfDay: 7200)
        #expect(LateInDayCutoff.step(flat.feed) == nil)
        let (learned, reason) = flat.derive()
        #expect(learned == .none)
        #expect(reason == "from 14:00 (nothing learned: no step in same-day hand-offs by order hour among 300 orders)")
        // A step too small to be told from noise: 24 of 40 per hour before 13:00 and 16 of 40 after, over two
        // hours each side: 2 (2·48 ln 0.6 + 2·32 ln 0.4 − 160 ln 0.5) ≈ 6.44, under 12.38.
        var weak = LateInDayCutoff()
        for hour in 11...14 {
            for i in 0..<40 { weak.add(origin: nil, hour: hour, sameDay: i < (hour < 13 ? 24 : 16)) }
        }
        #expect(LateInDayCutoff.step(weak.feed) == nil)
        // No hand-offs at all (only orders and deliveries): nothing to learn from.
        var none = LateInDayCutoff()
        none.see(utcSecondOfDay: 3600)
        none.see(utcSecondOfDay: 7200)
        #expect(none.derive().0 == .none)
        #expect(
            none.derive().reason
                == "from 14:00 (nothing learned: no hand-off scans on the order's working day to learn from)")
    }

    @Test func aStepTowardMoreSameDayHandOffsIsNoCutOff() {
        // Orders after 13:00 all leave the same day, those before none: that is no cut-off.
        var counts = LateInDayCutoff()
        for hour in 8...18 {
            for _ in 0..<20 { counts.add(origin: nil, hour: hour, sameDay: hour >= 13) }
        }
        #expect(LateInDayCutoff.step(counts.feed) == nil)
    }

    @Test func tooFewOrdersOnASideAreNoStep() {
        // 4 orders before 09:00, all same-day, and 400 after, none: p0 = 4/404, so the side before expects
        // 4 · 4/404 ≈ 0.04 same-day hand-offs, far under 5; no boundary has 5 expected each way.
        var counts = LateInDayCutoff()
        for _ in 0..<4 { counts.add(origin: nil, hour: 8, sameDay: true) }
        for _ in 0..<400 { counts.add(origin: nil, hour: 12, sameDay: false) }
        #expect(LateInDayCutoff.step(counts.feed) == nil)
    }

    @Test func theSurveyCountsOnlyOrdersOnWorkingDaysWithAHandOffSeenBeforeTheCutOffAndTheDelivery() throws {
        let monday = try #require(CivilDate("2026-01-05"))
        let asOf = Instant(date: monday.adding(days: 10))
        let calendars = CarrierCalendars(carriers: ["acme": BusinessCalendar(holidayCountry: nil)])
        func timeline(_ day: Int, orderHour: Int, ship: Instant?, delivered: Instant?) -> ShipmentTimeline {
            let order = Instant(date: monday.adding(days: day), secondOfDay: orderHour * 3600 + 600)
            return ShipmentTimeline(
                id: "s\(day)-\(orderHour)", carrier: "acme", service: "ground", origin: Self.place,
                destination: Self.place, events: [.init(code: .orderPlaced, time: order)], orderTime: order,
                shipTime: ship, deliveryTime: delivered)
        }
        func at(_ day: Int, _ hour: Int) -> Instant {
            Instant(date: monday.adding(days: day), secondOfDay: hour * 3600)
        }
        var counts = LateInDayCutoff()
        let shipments = [
            timeline(0, orderHour: 9, ship: at(0, 17), delivered: at(2, 12)),  // Monday 09:10, same day: counted
            timeline(1, orderHour: 15, ship: at(2, 10), delivered: at(4, 12)),  // Tuesday 15:10, next day: counted
            timeline(5, orderHour: 9, ship: at(5, 17), delivered: at(7, 12)),  // Saturday: not a working day
            timeline(2, orderHour: 10, ship: at(4, 12), delivered: at(4, 11)),  // "hand-off" after the delivery
            timeline(3, orderHour: 11, ship: at(12, 9), delivered: nil),  // hand-off after the cut-off
            timeline(4, orderHour: 12, ship: nil, delivered: at(6, 9)),  // no hand-off scan
            timeline(11, orderHour: 8, ship: at(11, 17), delivered: nil),  // ordered after the cut-off
        ]
        for t in shipments { counts.add(t, originZone: .utc, asOf: asOf, calendars: calendars) }
        var expected = LateInDayCutoff.Counts()
        expected.add(hour: 9, sameDay: true)
        expected.add(hour: 15, sameDay: false)
        #expect(counts.feed == expected)
        #expect(counts.byOrigin == ["wh-a": expected])
        // Six orders before the cut-off, at five different times of day: the stamps carry a time.
        #expect(!counts.stampsCarryNoTime)
    }

    @Test func dateOnlyOrderStampsAreLateNowhere() throws {
        // Noon UTC is 20:00 in Shanghai and 07:00 in New York: both sides of 14:00 by local time, yet not an
        // hour anyone ordered at.
        var counts = LateInDayCutoff()
        counts.see(utcSecondOfDay: 12 * 3600, localSecondOfDay: 20 * 3600)
        counts.see(utcSecondOfDay: 12 * 3600, localSecondOfDay: 7 * 3600)
        let (learned, reason) = counts.derive()
        #expect(learned.feedWide == OrderEffects.LateInDay.never)
        #expect(reason == "none (order stamps carry no time of day: every order at 12:00 UTC; the feature is left out)")
        #expect(learned.secondOfDay(origin: "sup-szx", calendar: BusinessCalendar()) == 86_400)
        let x = OrderEffects.features(
            date: try #require(CivilDate(year: 2026, month: 3, day: 4)), secondOfDay: 86_399,
            calendar: BusinessCalendar(), lateAfter: learned.feedWide)
        #expect(x[OrderEffects.Feature.lateInDay.rawValue] == 0)
        // Every order at local midnight in its own zone is no time of day either.
        var midnight = LateInDayCutoff()
        midnight.see(utcSecondOfDay: 5 * 3600, localSecondOfDay: 0)
        midnight.see(utcSecondOfDay: 3 * 3600, localSecondOfDay: 0)
        #expect(midnight.derive().reason.contains("every order at 00:00 local time"))
        // A second time of day, in both clocks, is enough to learn as usual.
        counts.see(utcSecondOfDay: 15 * 3600, localSecondOfDay: 10 * 3600)
        #expect(counts.derive().0 == .none)
    }
}

extension LateInDayCutoffTests {
    /// Orders every day for `days` days from 2026-01-05, one at each local half hour 08:30 … 17:30 in New York;
    /// those before 11:00 are handed over at 18:00 the same day, the others at 10:00 the next, and every one
    /// is delivered two days after its hand-off at 14:00. All in EST (UTC−5), before the DST change.
    static func elevenFeed(days: Int = 60) throws -> [ShipmentTimeline] {
        let first = try #require(CivilDate("2026-01-05"))
        let zone = Geography.zone(for: Geography.resolve(place))
        #expect(zone.secondOfDay(of: Instant(date: first, secondOfDay: 12 * 3600)) == 7 * 3600)
        var timelines: [ShipmentTimeline] = []
        for d in 0..<days {
            let day = first.adding(days: d)
            for hour in 8...17 {
                let order = zone.instant(of: day, secondOfDay: hour * 3600 + 1800)
                let ship =
                    hour < 11
                    ? zone.instant(of: day, secondOfDay: 18 * 3600)
                    : zone.instant(of: day.adding(days: 1), secondOfDay: 10 * 3600)
                let delivered = ship.adding(seconds: 2 * 86_400 + (hour < 11 ? -4 : 4) * 3600)
                timelines.append(
                    ShipmentTimeline(
                        id: "e\(d)-\(hour)", carrier: "acme", service: "ground", origin: place,
                        destination: Place(postal: "02110"),
                        events: [
                            .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                            .init(code: .delivered, time: delivered),
                        ], orderTime: order, shipTime: ship, deliveryTime: delivered))
            }
        }
        return ModelFitter.inFitOrder(timelines)
    }

    static func options(asOf: Instant?) -> FitOptions {
        var options = FitOptions(asOf: asOf, lostAfterWorkingDays: 20)
        options.calendars = CarrierCalendars(carriers: ["acme": everyDay])
        options.learnsClosures = false
        return options
    }

    @Test func aFitLearnsTheFeedsCutOffAndServesIt() throws {
        let timelines = try Self.elevenFeed()
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: Self.options(asOf: nil))
        // 60 orders in each hour: 180 before 11:00, all same-day; 420 from it on, none. Both sides pure:
        // −2 (180 ln 0.3 + 420 ln 0.7) ≈ 733.0.
        #expect(summary.lateInDay == OrderEffects.LateInDay(byOrigin: [:], feedWide: 11 * 3600))
        #expect(
            summary.description.contains(
                "late in the day: from 11:00 (learned: same-day hand-offs 100% of 180 orders before, 0% of 420 "
                    + "after; likelihood ratio 733); a carrier's configured cut-off overrides it"))
        // The served model judges late orders by the hour its layer was fitted with.
        let served = model.dateValidation.chosen == .staged ? summary.lateInDay : .none
        #expect(model.orderEffects.lateInDay == served)
        // An explicit cut-off is used as given.
        var given = Self.options(asOf: nil)
        given.lateInDay = OrderEffects.LateInDay(byOrigin: [:], feedWide: 9 * 3600)
        let (_, fixed) = ModelFitter.fit(timelines: timelines, options: given)
        #expect(fixed.lateInDay.feedWide == 9 * 3600 && fixed.lateInDayReason == nil)
        #expect(fixed.description.contains("late in the day: from 09:00 (given)"))
    }

    @Test func thePredictorJudgesLateOrdersByTheLearnedCutOff() throws {
        var model = try ModelFitter.fit(timelines: Self.elevenFeed(days: 20), options: Self.options(asOf: nil)).0
        // Only the late-in-day column shifts: two working days.
        var coefficients = [Double](repeating: 0, count: OrderEffects.names.count + 1)
        coefficients[OrderEffects.Feature.lateInDay.rawValue] = 2
        model.orderEffects = OrderEffects(scale: 1, coefficients: coefficients)
        let zone = Geography.zone(for: Geography.resolve(Self.place))
        let day = try #require(CivilDate("2026-03-02"))
        func forecast(_ model: EDDModel, hour: Int, origin: Place = Self.place) -> DeliveryForecast {
            let p = Predictor(model: model)
            let route = p.route(carrier: "acme", service: "ground", origin: origin, destination: Place(postal: "02110"))
            let order = zone.instant(of: day, secondOfDay: hour * 3600)
            return p.forecast(route: route, orderTime: order, shipTime: nil, now: order)
        }
        let b = Place(postal: "10001", id: "wh-b")
        // Nothing learned: late from 14:00, two working days later.
        let early = forecast(model, hour: 10)
        let late = forecast(model, hour: 15)
        let earlyB = forecast(model, hour: 10, origin: b)
        let lateB = forecast(model, hour: 15, origin: b)
        #expect(early.quantileDays(0.5) + 2 == late.quantileDays(0.5))
        #expect(earlyB.quantileDays(0.5) + 2 == lateB.quantileDays(0.5))
        #expect(forecast(model, hour: 12).cdf == early.cdf)
        // Learned 11:00 for the feed and 13:00 for wh-b: 12:00 is late at wh-a, still early at wh-b.
        model.orderEffects.lateInDay = OrderEffects.LateInDay(byOrigin: ["wh-b": 13 * 3600], feedWide: 11 * 3600)
        #expect(forecast(model, hour: 10).cdf == early.cdf)
        #expect(forecast(model, hour: 12).cdf == late.cdf)
        #expect(forecast(model, hour: 12, origin: b).cdf == earlyB.cdf)
        #expect(forecast(model, hour: 13, origin: b).cdf == lateB.cdf)
    }

    @Test func shardsOfAFeedWithALearnedCutOffMergeToTheSingleFitsBytes() throws {
        let dir = PartialFitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let timelines = try Self.elevenFeed()
        let asOf = Instant(date: try #require(CivilDate("2026-03-01")))
        let reading = PartialFit.Reading(asOf: asOf, aliases: "")
        // Three shards by shipment number: each counts its own orders; the merge must count the union's.
        var shards = [[ShipmentTimeline]](repeating: [], count: 3)
        for (i, t) in timelines.enumerated() { shards[i % 3].append(t) }
        let zone = Geography.zone(for: Geography.resolve(Self.place))
        let calendars = Self.options(asOf: asOf).calendars
        func counts(_ ts: [ShipmentTimeline]) -> LateInDayCutoff {
            var c = LateInDayCutoff()
            for t in ts { c.add(t, originZone: zone, asOf: asOf, calendars: calendars) }
            return c
        }
        var summed = LateInDayCutoff.Counts()
        for shard in shards {
            let c = counts(shard).feed
            for h in 0..<24 {
                summed.orders[h] += c.orders[h]
                summed.sameDay[h] += c.sameDay[h]
            }
        }
        #expect(summed == counts(timelines).feed)
        // 55 order days before the cut-off (2026-01-05 … 02-28), but the last day's 7 orders from 11:00 on are
        // handed over on 03-01, after it: 550 − 7 = 543 orders, of which 55 × 3 = 165 same-day.
        #expect(summed.orders.reduce(0, +) == 543 && summed.sameDay.reduce(0, +) == 165)
        var partials: [String] = []
        for (i, shard) in shards.enumerated() {
            let path = dir + "/late\(i).partial"
            try PartialFit.write(shard, summary: IngestSummary(), reading: reading, to: path)
            partials.append(path)
        }
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        let merged = try PartialFit.merge(partials, spill: spill)
        let (mergedModel, mergedSummary) = ModelFitter.fit(
            timelines: merged.shipments, options: Self.options(asOf: asOf))
        let (single, singleSummary) = ModelFitter.fit(timelines: timelines, options: Self.options(asOf: asOf))
        #expect(singleSummary.lateInDay.feedWide == 11 * 3600)
        #expect(mergedSummary.lateInDayReason == singleSummary.lateInDayReason)
        #expect(ModelFile.encode(mergedModel) == ModelFile.encode(single))
    }

    /// 1,200 orders over 200 days, every one stamped 12:00 UTC (a date-only feed), handed over one or two
    /// days later and delivered four to six days after the order (Saturday's two more), fitted as of day 210.
    static func noonFeedFit() throws -> (EDDModel, FitSummary) {
        let first = try #require(CivilDate("2026-01-05"))
        var timelines: [ShipmentTimeline] = []
        for i in 0..<1200 {
            let day = first.adding(days: i / 6)
            let order = Instant(date: day, secondOfDay: 12 * 3600, utcOffset: 0)
            let ship = Instant(date: day.adding(days: 1 + i % 2), secondOfDay: 12 * 3600, utcOffset: 0)
            let slow = day.weekday == 6 ? 2 : 0
            let delivered = Instant(date: day.adding(days: 4 + i % 3 + slow), secondOfDay: 12 * 3600, utcOffset: 0)
            timelines.append(
                ShipmentTimeline(
                    id: "n\(i)", carrier: "acme", service: "ground", origin: Place(postal: "10001"),
                    destination: Place(postal: "10001"),
                    events: [
                        .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                        .init(code: .delivered, time: delivered),
                    ], orderTime: order, shipTime: ship, deliveryTime: delivered))
        }
        let asOf = Instant(date: first.adding(days: 210), secondOfDay: 0, utcOffset: 0)
        // A 42-day window leaves about 1,000 matured orders before it for the layer (it needs 500).
        var options = FitOptions(asOf: asOf, lostAfterWorkingDays: 20, calibrationDays: 42)
        options.calendars = CarrierCalendars(carriers: ["acme": everyDay])
        return ModelFitter.fit(timelines: ModelFitter.inFitOrder(timelines), options: options)
    }

    @Test func aFeedWithEveryOrderAtNoonLeavesLateInDayOut() throws {
        let (_, summary) = try Self.noonFeedFit()
        // One order time only: the hour says nothing, and no order is late, in any zone.
        #expect(summary.lateInDay == OrderEffects.LateInDay(byOrigin: [:], feedWide: OrderEffects.LateInDay.never))
        #expect(
            summary.description.contains(
                "late in the day: none (order stamps carry no time of day: every order at 12:00 UTC; the feature is "
                    + "left out)"))
        // The layer was fitted (1,200 orders) and the feature, never on, left out with a zero coefficient.
        #expect(summary.orderEffects.coefficients != OrderEffects.none.coefficients)
        #expect(summary.leftOutFeatures.contains("late_in_day"))
        #expect(summary.orderEffects.coefficients[OrderEffects.Feature.lateInDay.rawValue] == 0)
        #expect(summary.orderEffects.lateInDay.feedWide == OrderEffects.LateInDay.never)
    }
}
