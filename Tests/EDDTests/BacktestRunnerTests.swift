@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct BacktestRunnerTests {
    static let zone = ZoneRules.named("America/Sao_Paulo")!

    /// Orders every day of January and February 2018 from one seller to one destination; each is picked up
    /// the next day and delivered `transit(i)` days after pickup.
    static func timelines(transit: (Int) -> Int) -> [ShipmentTimeline] {
        let jan1 = CivilDate(year: 2018, month: 1, day: 1)!
        return (0..<59).map { i in
            let order = zone.instant(of: jan1.adding(days: i), secondOfDay: 10 * 3600)
            let ship = order.adding(seconds: 86_400)
            let delivered = ship.adding(seconds: Int64(transit(i)) * 86_400)
            return ShipmentTimeline(
                id: "o\(i)", carrier: "olist", service: "standard",
                origin: Place(country: "BR", postal: "13023", id: "s1"),
                destination: Place(country: "BR", postal: "01310"), promisedDate: jan1.adding(days: i + 10),
                events: [
                    .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                    .init(code: .delivered, time: delivered),
                ],
                orderTime: order, shipTime: ship, deliveryTime: delivered)
        }
    }

    @Test func noEventAtOrAfterTheFoldStartReachesTheFit() throws {
        let fold = try #require(
            BacktestRunner.folds(from: (2018, 2), to: (2018, 2), weekly: false, zone: Self.zone).first)
        #expect(fold.start == Self.zone.instant(of: CivilDate(year: 2018, month: 2, day: 1)!, secondOfDay: 0))
        // Two histories identical before February, wildly different from February on: from the order of
        // January 28 (picked up the 29th, delivered February 1 with 3 days) every delivery moves 27 days later.
        let before = Self.timelines { _ in 3 }
        let after = Self.timelines { i in i < 27 ? 3 : 30 }
        #expect(zip(before, after).contains { $0.deliveryTime != $1.deliveryTime })
        var options = FitOptions()
        options.calendars = CarrierCalendars(fallback: .standard(country: "BR"))
        let a = BacktestRunner.model(timelines: before, fold: fold, options: options)
        let b = BacktestRunner.model(timelines: after, fold: fold, options: options)
        let identical = ModelFile.encode(a) == ModelFile.encode(b)
        #expect(identical)
        // The control: had January's history differed, so would the model.
        let changedJanuary = BacktestRunner.model(
            timelines: Self.timelines { i in i < 20 ? 3 : 6 }, fold: fold, options: options)
        let differs = ModelFile.encode(changedJanuary) != ModelFile.encode(a)
        #expect(differs)
        // And the fold's orders are exactly those placed in February (28 of them), scored against truth.
        let records = BacktestRunner.run(timelines: after, fold: fold, options: options, zone: Self.zone)
        #expect(records.count == 28)
        #expect(records.allSatisfy { $0.fold == "2018-02" && $0.actualDays == 31 })
    }

    /// The last bucket of an answer is "that many working days or later": a February parcel delivered 200 days
    /// after pickup, far beyond the 63 working days a 3-day history resolves, falls within it, so its
    /// randomised PIT is uniform over the tail's mass, P(before the tail) + V·P(tail), not 1.
    @Test func aDeliveryBeyondTheSupportFallsWithinTheTailBucket() throws {
        let fold = try #require(
            BacktestRunner.folds(from: (2018, 2), to: (2018, 2), weekly: false, zone: Self.zone).first)
        let timelines = Self.timelines { i in i < 27 ? 3 : 200 }
        var options = FitOptions()
        options.calendars = CarrierCalendars(fallback: .standard(country: "BR"))
        let model = BacktestRunner.model(timelines: timelines, fold: fold, options: options)
        let predictor = Predictor(model: model)
        let records = BacktestRunner.score(timelines: timelines, fold: fold, predictor: predictor, zone: Self.zone)
        let february = timelines.filter { $0.orderTime! >= fold.start }
        #expect(records.count == 28 && february.count == 28)
        for (t, r) in zip(february, records) {
            let route = predictor.route(
                carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
            let forecast = predictor.forecast(route: route, orderTime: t.orderTime!, shipTime: nil, now: t.orderTime!)
            let tailDate = forecast.date(afterWorkingDays: forecast.cdf.count - 1)
            #expect(tailDate < Self.zone.localDate(of: t.deliveryTime!))
            let before = forecast.cdf[forecast.cdf.count - 2]
            #expect(r.pit == before + ModelFitter.jitter(t.id) * (forecast.cdf.last! - before))
        }
    }

    @Test func monthlyFoldsStartAtLocalMidnight() {
        let folds = BacktestRunner.folds(from: (2017, 11), to: (2018, 1), weekly: false, zone: Self.zone)
        #expect(folds.map(\.label) == ["2017-11", "2017-12", "2018-01"])
        // 2018-01-01 00:00 in Sao Paulo was summer time, -02:00: 02:00Z.
        #expect(folds[2].start == RFC3339.parse("2018-01-01T02:00:00Z")!.instant)
        #expect(folds[1].end == folds[2].start)
    }

    /// `runAll` runs the folds on threads of their own, latest first, with places resolved once for all of
    /// them: its records must be those of each fold fitted and scored on its own (no shared places), in fold
    /// order.
    @Test func allFoldsAtOnceScoreAsEachFoldAlone() throws {
        let sample = try ScanIngestion.read(path: ScanSpillTests.sample)
        let timelines = ModelFitter.inFitOrder(sample.timelines)
        let zone = ZoneRules.named("America/New_York")!
        let folds = BacktestRunner.folds(from: (2026, 10), to: (2026, 11), weekly: false, zone: zone)
        #expect(folds.count == 2)
        var options = FitOptions()
        options.calendars = options.calendars.completed(from: timelines.compactMap { $0.asOf(folds[0].start) })
        let all = BacktestRunner.runAll(timelines: timelines, folds: folds, options: options, zone: zone)
        let alone = folds.flatMap { BacktestRunner.run(timelines: timelines, fold: $0, options: options, zone: zone) }
        #expect(all.count > 1_000)
        #expect(all.count == alone.count)
        #expect(all.map(\.fold) == alone.map(\.fold))
        #expect(Set(all.map(\.fold)) == Set(folds.map(\.label)))
        for (x, y) in zip(all, alone) {
            #expect(x.laneGroup == y.laneGroup && x.actualDays == y.actualDays && x.pit == y.pit)
            #expect(x.quantileDays == y.quantileDays && x.confidenceDays == y.confidenceDays)
            #expect(x.rangeDays == y.rangeDays && x.promisedDays == y.promisedDays)
            #expect(x.riskProbability == y.riskProbability && x.orderRiskProbability == y.orderRiskProbability)
            #expect(x.lateVsPromise == y.lateVsPromise)
        }
    }
}
