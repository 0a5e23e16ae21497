@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// Shard fits merge to the bytes of one fit over the union when the shards split the scans by shipment id.
@Suite struct PartialFitTests {
    /// Splits a scan file's lines by a hash of the first field (the shipment id) into `n` shard files, each
    /// with the header; returns their paths.
    static func shard(_ path: String, into n: Int, under dir: String) throws -> [String] {
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"))
        var shards = [[UInt8]](repeating: Array(lines[0]) + [10], count: n)
        for line in lines.dropFirst() {
            let id = line.prefix { $0 != UInt8(ascii: ",") }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in id { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            shards[Int(h % UInt64(n))] += Array(line) + [10]
        }
        return try shards.enumerated().map { i, bytes in
            let p = dir + "/shard\(i).csv"
            try Data(bytes).write(to: URL(fileURLWithPath: p))
            return p
        }
    }

    static func singleFit(_ path: String, asOf: Instant?) throws -> [UInt8] {
        let read = try ScanIngestion.read(path: path, options: IngestOptions(asOf: asOf))
        var options = FitOptions(asOf: asOf)
        let timelines = ModelFitter.inFitOrder(read.timelines)
        options.calendars = options.calendars.completed(from: timelines)
        let data = ["rows": String(read.summary.rowsRead), "rejected": String(read.summary.rejectedTotal)]
        return ModelFile.encode(ModelFitter.fit(timelines: timelines, options: options, dataSummary: data).0)
    }

    /// Partial fits of the shards (the odd ones read spilled, as a large shard would be), merged.
    static func mergedFit(_ shards: [String], asOf: Instant?, under dir: String) throws -> [UInt8] {
        let reading = PartialFit.Reading(asOf: asOf, aliases: "")
        var partials: [String] = []
        for (i, shard) in shards.enumerated() {
            let out = dir + "/p\(i).partial"
            if i % 2 == 1 {
                let spill = try SpillDirectory(parent: dir)
                defer { spill.remove() }
                let read = try ScanIngestion.readSpilled(
                    path: shard, options: IngestOptions(asOf: asOf), spill: spill, leafLimit: 50_000, progress: nil)
                try PartialFit.write(read, reading: reading, to: out)
            } else {
                let read = try ScanIngestion.read(path: shard, options: IngestOptions(asOf: asOf))
                try PartialFit.write(read.timelines, summary: read.summary, reading: reading, to: out)
            }
            partials.append(out)
        }
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        let merged = try PartialFit.merge(partials, spill: spill)
        var options = FitOptions(asOf: merged.reading.asOf)
        options.calendars = options.calendars.completed(from: merged.shipments)
        let data = ["rows": String(merged.rows), "rejected": String(merged.rejected)]
        return ModelFile.encode(ModelFitter.fit(timelines: merged.shipments, options: options, dataSummary: data).0)
    }

    static func folder() -> String { ScanSpillTests.folder() }

    @Test(arguments: [2, 3, 7]) func shardsOfTheShippedSampleMergeToTheSingleFitsBytes(_ n: Int) throws {
        let dir = PartialFitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shards = try PartialFitTests.shard(ScanSpillTests.sample, into: n, under: dir)
        let single = try PartialFitTests.singleFit(ScanSpillTests.sample, asOf: nil)
        let merged = try PartialFitTests.mergedFit(shards, asOf: nil, under: dir)
        #expect(merged == single)
        #expect(single.count > 100_000)
    }

    @Test(arguments: [2, 3, 7]) func shardsOfAFeedWithCensoringLossesAndReturnsMergeToTheSingleFitsBytes(_ n: Int)
        throws
    {
        let dir = PartialFitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = try SyntheticGenerator(configuration: SyntheticConfiguration(shipments: 3000, seed: 5, days: 60))
            .generate().bytes
        let feed = dir + "/feed.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: feed))
        // A cut-off in the middle of the feed: many shipments under way (censored), some lost or returned.
        let asOf = RFC3339.parse("2026-09-10T00:00:00Z")!.instant
        let read = try ScanIngestion.read(path: feed, options: IngestOptions(asOf: asOf))
        #expect(read.summary.censored > 100 && read.summary.returned > 0)
        let shards = try PartialFitTests.shard(feed, into: n, under: dir)
        #expect(
            try PartialFitTests.mergedFit(shards, asOf: asOf, under: dir) == PartialFitTests.singleFit(feed, asOf: asOf)
        )
    }

    static func partial(_ timelines: [ShipmentTimeline], _ reading: PartialFit.Reading, _ path: String) throws {
        try PartialFit.write(timelines, summary: IngestSummary(), reading: reading, to: path)
    }

    @Test func partialsReadWithDifferentCutOffsOrAliasesOrSharingAShipmentAreRefused() throws {
        let dir = PartialFitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shards = try PartialFitTests.shard(ScanSpillTests.sample, into: 2, under: dir)
        let a = try ScanIngestion.read(path: shards[0]).timelines
        let b = try ScanIngestion.read(path: shards[1]).timelines
        let plain = PartialFit.Reading(asOf: nil, aliases: "")
        try PartialFitTests.partial(a, plain, dir + "/a.partial")
        try PartialFitTests.partial(
            b, PartialFit.Reading(asOf: Instant(seconds: 1_790_000_000), aliases: ""), dir + "/b.partial")
        try PartialFitTests.partial(b, PartialFit.Reading(asOf: nil, aliases: "12ab"), dir + "/c.partial")
        try PartialFitTests.partial(a, plain, dir + "/a-again.partial")
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        #expect(throws: PartialFitError.self) {
            try PartialFit.merge([dir + "/a.partial", dir + "/b.partial"], spill: spill)
        }
        do {
            _ = try PartialFit.merge([dir + "/a.partial", dir + "/b.partial"], spill: spill)
        } catch let e as PartialFitError {
            #expect(e.reason == .mismatched && e.kind == .badInput)
            #expect(e.message.contains(dir + "/b.partial") && e.message.contains("--as-of"))
        }
        do {
            _ = try PartialFit.merge([dir + "/a.partial", dir + "/c.partial"], spill: spill)
            Issue.record("mixed aliases merged")
        } catch let e as PartialFitError {
            #expect(e.reason == .mismatched)
            #expect(e.message.contains(dir + "/c.partial") && e.message.contains("--aliases"))
        }
        do {
            _ = try PartialFit.merge([dir + "/a.partial", dir + "/a-again.partial"], spill: spill)
            Issue.record("a shipment in two partials merged")
        } catch let e as PartialFitError {
            #expect(e.reason == .mismatched)
            #expect(e.message.contains("shards must split the scans by shipment id"))
        }
    }

    @Test func aTruncatedCorruptedForeignOrMissingPartialIsRefusedByName() throws {
        let dir = PartialFitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let timelines = try ScanIngestion.read(path: ScanSpillTests.sample).timelines
        let good = dir + "/good.partial"
        try PartialFitTests.partial(timelines, PartialFit.Reading(asOf: nil, aliases: ""), good)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        let cases: [(String, [UInt8], String, PartialFitReason)] = [
            ("truncated", Array(bytes.prefix(bytes.count - 1000)), "checksum", .damaged),
            ("corrupted", flipped, "checksum", .damaged),
            ("foreign", Array("EDDMODEL and then something else entirely".utf8), "not an edd partial fit", .foreign),
            ("empty", [], "not an edd partial fit", .foreign),
        ]
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        for (name, content, says, reason) in cases {
            let path = dir + "/\(name).partial"
            try Data(content).write(to: URL(fileURLWithPath: path))
            do {
                _ = try PartialFit.merge([good, path], spill: spill)
                Issue.record("\(name) partial merged")
            } catch let e as PartialFitError {
                #expect(e.reason == reason && e.kind == .badInput)
                #expect(e.message.contains(path) && e.message.contains(says), "\(e.message)")
            }
        }
        // A shard whose partial never got written leaves the merge refusing, not fitting the rest.
        do {
            _ = try PartialFit.merge([good, dir + "/missing.partial"], spill: spill)
            Issue.record("a missing partial was skipped")
        } catch let e as InputFileError {
            #expect(e.kind == .missingInput && e.message.contains(dir + "/missing.partial"))
        }
    }
}
