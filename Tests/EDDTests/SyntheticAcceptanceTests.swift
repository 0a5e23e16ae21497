@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// The model against the synthetic generator's documented ground truth (the model issue's acceptance).
@Suite(.serialized) struct SyntheticAcceptanceTests {
    /// 60,000 shipments ordered from 2026-03-01 for 150 days (no peak season), ingested like any feed.
    static let timelines: [ShipmentTimeline] = {
        var config = SyntheticConfiguration()
        config.shipments = 60_000
        config.seed = 42
        config.start = CivilDate(year: 2026, month: 3, day: 1)!
        config.days = 150
        let (bytes, _) = try! SyntheticGenerator(configuration: config).generate()
        let text = String(decoding: bytes, as: UTF8.self)
        return try! ScanIngestion.read(text: text, options: IngestOptions()).timelines
    }()
    static let calendars = CarrierCalendars().completed(from: timelines)
    static let zone = ZoneRules.named("America/New_York")!
    /// The July fold: fitted as of 2026-07-01, predicting July's orders.
    static let records: [BacktestRecord] = {
        var options = FitOptions()
        options.calendars = calendars
        let fold = BacktestRunner.folds(from: (2026, 7), to: (2026, 7), weekly: false, zone: zone)[0]
        return BacktestRunner.run(timelines: timelines, fold: fold, options: options, zone: zone)
    }()

    @Test func laneMediansAreRecoveredWithinHalfAWorkingDay() throws {
        var options = FitOptions()
        options.calendars = Self.calendars
        options.asOf = Instant(date: CivilDate(year: 2026, month: 7, day: 1)!, secondOfDay: 0, utcOffset: -4 * 3600)
        let (model, _) = ModelFitter.fit(
            timelines: Self.timelines.compactMap { $0.asOf(options.asOf!) }, options: options)
        let level = try #require(model.transit.levels.firstIndex(of: LaneLevel.regionPair.rawValue))
        var checked = 0
        for (key, node) in model.transit.nodes[level] where node.shipments >= 200 {
            // Keys read `carrier|service|US-XX>US-YY`.
            let parts = key.split(separator: "|").map(String.init)
            let states = parts[2].split(separator: ">").map { String($0.dropFirst(3)) }
            let service = try #require(SyntheticService.all.first { $0.carrier == parts[0] && $0.service == parts[1] })
            let truth = service.medianTransit(zone: SyntheticTruth.zone(from: states[0], to: states[1]))
            // The model's median in working days; both are whole days, so ±0.5 means equal.
            #expect(
                node.distribution.quantile(0.5) == truth,
                "\(key): model \(node.distribution.quantile(0.5)), truth \(truth)")
            checked += 1
        }
        #expect(checked >= 10)
    }

    @Test func statedRangesCoverHeldOutShipmentsAsStated() {
        // Outcomes are whole days, so an inclusive date range covers more than its level whenever its ends
        // carry mass; the randomised PIT is the exact test of the stated 80% and 90% ranges.
        let pits = Self.records.compactMap(\.pit)
        #expect(pits.count >= 5_000)
        let n = Double(pits.count)
        let cov80 = Double(pits.filter { $0 >= 0.1 && $0 <= 0.9 }.count) / n
        let cov90 = Double(pits.filter { $0 >= 0.05 && $0 <= 0.95 }.count) / n
        #expect((0.78...0.82).contains(cov80), "cov80 \(cov80)")
        #expect((0.88...0.92).contains(cov90), "cov90 \(cov90)")
    }

    @Test func riskProbabilitiesAreCalibratedPerDecile() {
        let scored = Self.records.compactMap { r in r.riskProbability.flatMap { p in r.lateVsPromise.map { (p, $0) } } }
            .sorted { $0.0 < $1.0 }
        #expect(scored.count >= 5_000)
        let size = scored.count / 10
        for d in 0..<10 {
            let slice = scored[(d * size)..<(d == 9 ? scored.count : (d + 1) * size)]
            guard slice.count >= 500 else { continue }
            let predicted = slice.reduce(0) { $0 + $1.0 } / Double(slice.count)
            let observed = Double(slice.filter(\.1).count) / Double(slice.count)
            #expect(abs(predicted - observed) <= 0.05, "decile \(d): predicted \(predicted), observed \(observed)")
        }
    }
}
