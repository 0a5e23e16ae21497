@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The report over a spilled read (shipments read back from disk in id order, one block at a time) must be
/// the report over the same feed read into memory, byte for byte in every file it writes.
@Suite struct PerformanceReportSpillTests {
    /// A dirty synthetic feed (rejects, exceptions, failed attempts, returns, parcels still in transit).
    static let feedPath: String = {
        let config = SyntheticConfiguration(
            shipments: 3_000, seed: 41, start: CivilDate(year: 2026, month: 4, day: 6)!, days: 40)
        let (bytes, _) = try! SyntheticGenerator(configuration: config).generate()
        let path = ScanSpillTests.folder() + "/feed.csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }()

    static func files(_ report: PerformanceReport) throws -> [String: [UInt8]] {
        var out = [
            "index.html": Array(PerformanceReportWriter.html(report).utf8),
            "report.json": Array(try PerformanceReportWriter.json(report)),
        ]
        for (name, rows) in PerformanceReportWriter.csvTables(report) {
            out[name] = Array(rows.map { $0.joined(separator: ",") }.joined(separator: "\n").utf8)
        }
        return out
    }

    static func report(_ shipments: some Sequence<ShipmentTimeline>, _ summary: IngestSummary, model: EDDModel?)
        -> PerformanceReport
    {
        var options = try! PerformanceOptions(from: nil, to: nil, period: .week)
        options.calendars = CarrierCalendars().completed(from: shipments)
        return PerformanceAnalyzer.analyze(
            timelines: shipments, ingest: summary, options: options, model: model, title: "t")
    }

    @Test(arguments: [false, true])
    func spilledReadWritesTheSameReportAsAnInMemoryRead(withModel: Bool) throws {
        let memory = try ScanIngestion.read(path: Self.feedPath)
        let model = withModel ? ModelFitter.fit(timelines: memory.timelines, options: FitOptions()).0 : nil
        let spill = try SpillDirectory(parent: ScanSpillTests.folder())
        defer { spill.remove() }
        let read = try ScanIngestion.readSpilled(
            path: Self.feedPath, options: IngestOptions(), spill: spill, leafLimit: 1 << 16, progress: nil)
        #expect(read.partitions > 4)
        let spilled = Self.report(read.shipments, read.summary, model: model)
        #expect(read.shipments.failure == nil)
        let inMemory = Self.report(memory.timelines, memory.summary, model: model)
        // Not an empty report equal to another: the counts a spilled timeline no longer carries (exceptions,
        // attempts) are there, from its scans.
        let all = try #require(inMemory.scorecards.first { $0.kind == "carrier_service" })
        #expect(all.exceptionRate ?? 0 > 0)
        #expect(inMemory.overview.shipments == memory.timelines.count)
        #expect(withModel == (inMemory.coverage?.isEmpty == false))
        #expect(try Self.files(spilled) == Self.files(inMemory))
    }

    @Test func reportDoesNotDependOnTheOrderOfTheShipments() throws {
        let memory = try ScanIngestion.read(path: Self.feedPath)
        let forward = Self.report(memory.timelines, memory.summary, model: nil)
        // A fixed shuffle: blocks of the input are read in another order and groups first met elsewhere.
        var rng = SplitMix64(seed: 7)
        let shuffled = memory.timelines.shuffled(using: &rng)
        #expect(shuffled.map(\.id) != memory.timelines.map(\.id))
        #expect(try Self.files(Self.report(shuffled, memory.summary, model: nil)) == Self.files(forward))
    }
}
