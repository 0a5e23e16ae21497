@testable import EDDCore
@testable import EDDSweep
@testable import EDDTraining
import Foundation
import Testing

/// A sweep in bounded memory (the feed spilled by shipment, each partition answered as it is reduced, the
/// lines sorted through runs on disk) writes what the in-memory sweep writes.
@Suite(.serialized) struct SweepSpillTests {
    static let feedPath: String = {
        let path = ScanSpillTests.folder() + "/feed.csv"
        FileManager.default.createFile(atPath: path, contents: Data(SweepTests.feed.utf8))
        return path
    }()

    static func inMemory(_ options: SweepOptions, history: SweepHistory) throws -> ([UInt8], SweepSummary) {
        let result = try Sweep.ingest(path: feedPath, options: options)
        var out: [UInt8] = []
        let summary = try Sweep.run(
            timelines: result.timelines, model: SweepTests.model, history: history, options: options,
            write: { out.append(contentsOf: $0) })
        return (out, summary)
    }

    static func spilled(_ options: SweepOptions, history: SweepHistory) throws -> ([UInt8], Sweep.SpilledRun) {
        let spill = try SpillDirectory(parent: ScanSpillTests.folder())
        defer { spill.remove() }
        var out: [UInt8] = []
        let run = try Sweep.runSpilled(
            path: feedPath, base: IngestOptions(), model: SweepTests.model, history: history, options: options,
            spill: spill, leafLimit: 1 << 16, runBudget: 1 << 16, write: { out.append(contentsOf: $0) }, rows: nil,
            progress: nil)
        // Nothing is left behind but the directory itself.
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path).isEmpty)
        return (out, run)
    }

    @Test(arguments: [SweepFormat.jsonl, .csv])
    func spilledSweepWritesTheInMemorySweepsBytes(format: SweepFormat) throws {
        let options = SweepOptions(now: SweepTests.now, format: format, threads: 2)
        let (expected, summary) = try Self.inMemory(options, history: SweepHistory())
        let (first, run) = try Self.spilled(options, history: SweepHistory())
        #expect(run.partitions > 4)
        #expect(run.runs >= 2)
        #expect(summary.inFlight > 500)
        #expect(run.summary.inFlight == summary.inFlight)
        #expect(run.summary.description == summary.description)
        #expect(first == expected)
        // The next day against the first: the flags depend on the history, read the same way by both.
        let history = try SweepHistory.parse(text: String(decoding: expected, as: UTF8.self))
        var next = options
        next.now = RFC3339.Timestamp(instant: SweepTests.now.instant.adding(seconds: 86_400), utcOffset: -4 * 3600)
        let (expectedNext, _) = try Self.inMemory(next, history: history)
        let (spilledNext, _) = try Self.spilled(next, history: history)
        #expect(spilledNext == expectedNext)
    }

    @Test func spilledUnsortedSweepWritesTheSameLinesInPartitionOrder() throws {
        let options = SweepOptions(now: SweepTests.now, sorted: false, threads: 2)
        let (expected, _) = try Self.inMemory(options, history: SweepHistory())
        let (lines, run) = try Self.spilled(options, history: SweepHistory())
        #expect(run.runs == 0)
        func sortedLines(_ b: [UInt8]) -> [Substring] {
            String(decoding: b, as: UTF8.self).split(separator: "\n").sorted()
        }
        #expect(sortedLines(lines) == sortedLines(expected))
    }

    @Test func sortedRunsMergeToOneOrderByScoreDescendingThenOrder() throws {
        let spill = try SpillDirectory(parent: ScanSpillTests.folder())
        defer { spill.remove() }
        let runs = SortedRuns(spill: spill, budget: 1 << 16)
        var rng = SplitMix64(seed: 3)
        var all: [(Double, UInt64, String)] = []
        for i in 0..<20_000 {
            // Few distinct scores, so ties (broken by order) are common.
            let score = Double(Int.random(in: 0...40, using: &rng)) / 40
            let order = UInt64(i * 7 % 20_011)
            let line = "line \(i) \(score)\n"
            all.append((score, order, line))
            try runs.add(score: score, order: order, line: ArraySlice(Array(line.utf8)))
        }
        var out: [UInt8] = []
        try runs.finish { out.append(contentsOf: $0) }
        #expect(runs.runCount > 4)
        all.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        #expect(String(decoding: out, as: UTF8.self) == all.map(\.2).joined())
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path).isEmpty)
    }
}
