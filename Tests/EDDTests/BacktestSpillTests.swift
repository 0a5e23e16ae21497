@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// A backtest over spilled shipments (read back from disk on every pass of every fold's fit) must score
/// exactly as one over the shipments held in memory.
@Suite struct BacktestSpillTests {
    @Test func aSpilledBacktestWithATinyBudgetScoresEveryOrderAsTheInMemoryOne() throws {
        let dir = ScanSpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let memory = try ScanIngestion.read(path: ScanSpillTests.sample)
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        let read = try ScanIngestion.readSpilled(
            path: ScanSpillTests.sample, options: IngestOptions(), spill: spill, leafLimit: 100_000, progress: nil)
        #expect(read.partitions > 50)
        // The sample's first row is shipment 940000000001's: the backtest's default zone comes from it.
        #expect(read.shipments.firstInInput?.id == "940000000001")
        #expect(memory.timelines.first?.id == "940000000001")

        let zone = ZoneRules.named("America/New_York")!
        let folds = BacktestRunner.folds(from: (2026, 10), to: (2026, 11), weekly: false, zone: zone)
        var inMemory = FitOptions()
        inMemory.calendars = inMemory.calendars.completed(from: memory.timelines)
        var spilled = FitOptions()
        spilled.calendars = spilled.calendars.completed(from: read.shipments)
        let a = BacktestRunner.runAll(
            timelines: ModelFitter.inFitOrder(memory.timelines), folds: folds, options: inMemory, zone: zone)
        let b = BacktestRunner.runAll(timelines: read.shipments, folds: folds, options: spilled, zone: zone)
        #expect(read.shipments.failure == nil)
        #expect(a.count > 1_000)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.fold == y.fold && x.laneGroup == y.laneGroup && x.actualDays == y.actualDays)
            #expect(x.quantileDays == y.quantileDays && x.confidenceDays == y.confidenceDays)
            #expect(x.promisedDays == y.promisedDays && x.pit == y.pit)
            #expect(x.riskProbability == y.riskProbability && x.lateVsPromise == y.lateVsPromise)
        }
        let metricsA = try BacktestMetrics.compute(a).jsonData()
        let metricsB = try BacktestMetrics.compute(b).jsonData()
        #expect(metricsA == metricsB)
    }
}
