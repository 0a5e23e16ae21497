@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// A spilled read (rows partitioned by shipment on disk, each partition reduced alone) must be
/// indistinguishable from an in-memory read: the same counts, the same rejects file, the same model bytes.
@Suite struct ScanSpillTests {
    static func folder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "edd-spill-test-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// Reads `path` spilled with partitions of at most `leafLimit` bytes, checks the directory is left empty
    /// of partitions, and returns what it read with the shipments materialised.
    static func spilled(_ path: String, _ options: IngestOptions, leafLimit: Int, under dir: String) throws -> (
        summary: IngestSummary, shipments: [ShipmentTimeline], partitions: Int
    ) {
        let spill = try SpillDirectory(parent: dir)
        defer { spill.remove() }
        let read = try ScanIngestion.readSpilled(
            path: path, options: options, spill: spill, leafLimit: leafLimit, progress: nil)
        let shipments = Array(read.shipments)
        #expect(read.shipments.failure == nil)
        return (read.summary, shipments, read.partitions)
    }

    static let header =
        "shipment_id,carrier,service,origin_country,origin_postal,destination_country,destination_postal,"
        + "event,event_time,origin_region\n"

    /// Rows whose fate depends on what came before for the same shipment, and rows the reader condemns.
    static func trickyFeed() -> [UInt8] {
        var rows: [[UInt8]] = [Array(header.utf8)]
        func row(_ s: String) { rows.append(Array((s + "\n").utf8)) }
        for i in 0..<40 {
            let id = "S\(i)"
            row("\(id),UPS,Ground,US,94107,US,10001,ORDER_PLACED,2026-03-0\(1 + i % 5)T10:00:00Z,")
            row("\(id),ups,ground,US,94107,US,10001,PICKED_UP,2026-03-0\(2 + i % 5)T10:00:00-05:00,")
            row("\(id),ups,ground,US,94107,US,10001,PICKED_UP,2026-03-0\(2 + i % 5)T10:00:00-05:00,")
            if i % 4 != 0 { row("\(id),ups,ground,US,94107,us,10001,DELIVERED,2026-03-1\(i % 5)T15:00:00Z,CA") }
        }
        // S1 already has a region (CA); a later row with invalid bytes there is compared, not checked: a conflict.
        rows.append(
            Array("S1,ups,ground,US,94107,US,10001,IN_TRANSIT,2026-03-05T01:00:00Z,".utf8) + [0xC3, 10])
        // S0 has no region yet: the same invalid bytes are checked and the row rejected as invalid UTF-8.
        rows.append(Array("S0,ups,ground,US,94107,US,10001,IN_TRANSIT,2026-03-05T01:00:00Z,".utf8) + [0xC3, 10])
        row("S2,fedex,ground,US,94107,US,10001,IN_TRANSIT,2026-03-05T02:00:00Z,")
        row("\"S3\",ups,ground,US,\"94107\",US,10001,IN_TRANSIT,\"2026-03-05T03:00:00Z\",\"CA\"")
        row("S4,ups,ground,US,94107,US,10001,NOT_A_CODE,2026-03-05T03:00:00Z,")
        row("S5,ups,ground,US,94107,US,10001")
        row("S6,ups,ground,US,94107,US,10001,IN_TRANSIT,2026-13-05T03:00:00Z,")
        row("")
        row(
            "S7,\"ups\",ground,US,94107,US,10001,IN_TRANSIT,2026-03-05T03:00:00Z,\"Region, \"\"quoted\"\"\nsecond line\""
        )
        row("S8,ups,ground,US,94107,US,10001,DELIVERED,2030-03-05T03:00:00Z,")
        row("S9,ups,ground,US,94107,US,10001,IN_TRANSIT,2026-03-05T03:00:00Z,\"never closed")
        return rows.flatMap { $0 }
    }

    @Test func aSpilledReadCountsRejectsAndOrdersShipmentsAsTheInMemoryRead() throws {
        let dir = ScanSpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scans = dir + "/scans.csv"
        try Data(ScanSpillTests.trickyFeed()).write(to: URL(fileURLWithPath: scans))
        let asOf = RFC3339.parse("2026-03-20T00:00:00Z")!.instant
        let memory = try ScanIngestion.read(
            path: scans, options: IngestOptions(asOf: asOf, rejectsPath: dir + "/memory.rejects"))
        let spilled = try ScanSpillTests.spilled(
            scans, IngestOptions(asOf: asOf, rejectsPath: dir + "/spilled.rejects"), leafLimit: 200, under: dir)

        // Worked out from the feed: S0's row with invalid bytes is rejected (it has no region to compare with),
        // S1's is a conflict (its delivery row said CA); so are S2's carrier and S7's region (CA before);
        // S3's CA equals its delivery row's.
        #expect(memory.summary.rejected[.invalidUTF8] == 1)
        #expect(memory.summary.rejected[.wrongFieldCount] == 1)
        #expect(memory.summary.rejected[.unknownEvent] == 1)
        #expect(memory.summary.rejected[.badTimestamp] == 1)
        #expect(memory.summary.rejected[.unterminatedQuote] == 1)
        #expect(memory.summary.duplicatesDropped == 40)
        #expect(memory.summary.afterAsOf == 1)
        #expect(memory.summary.conflictingRows == 3)
        #expect(spilled.partitions > 10)

        #expect(spilled.summary == memory.summary)
        // A fit reads shipments by id (the order of any shards' union), the spilled read hands them out so.
        let ordered = ModelFitter.inFitOrder(memory.timelines)
        #expect(spilled.shipments.map(\.id) == ordered.map(\.id))
        #expect(ordered.map(\.id).first == "S0" && ordered.map(\.id).dropFirst().first == "S1")
        for (a, b) in zip(spilled.shipments, ordered) {
            #expect(a.carrier == b.carrier && a.service == b.service && a.origin == b.origin)
            #expect(a.destination == b.destination)
            #expect(a.orderTime == b.orderTime && a.shipTime == b.shipTime && a.deliveryTime == b.deliveryTime)
            #expect(a.events.first?.time == b.events.first?.time && a.events.last?.time == b.events.last?.time)
        }
        let rejectsA = try Data(contentsOf: URL(fileURLWithPath: dir + "/memory.rejects"))
        let rejectsB = try Data(contentsOf: URL(fileURLWithPath: dir + "/spilled.rejects"))
        #expect(rejectsA == rejectsB)
        #expect(String(decoding: rejectsA, as: UTF8.self).split(separator: "\n").count == 1 + 5)
        // Nothing but the test's own files is left in the folder: the spill directory went with its files.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["memory.rejects", "scans.csv", "spilled.rejects"])
    }

    static func modelBytes(_ timelines: some Sequence<ShipmentTimeline>, _ options: FitOptions) -> [UInt8] {
        var options = options
        options.calendars = options.calendars.completed(from: timelines)
        return ModelFile.encode(ModelFitter.fit(timelines: timelines, options: options).0)
    }

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TrainingData/synthetic-scans.csv").path

    @Test func aSpilledFitOfTheShippedSampleWritesTheInMemoryModelBytes() throws {
        let dir = ScanSpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let memory = try ScanIngestion.read(path: ScanSpillTests.sample)
        let spilled = try ScanSpillTests.spilled(ScanSpillTests.sample, IngestOptions(), leafLimit: 100_000, under: dir)
        #expect(spilled.partitions > 50)
        #expect(spilled.summary == memory.summary)
        let a = ScanSpillTests.modelBytes(ModelFitter.inFitOrder(memory.timelines), FitOptions())
        let b = ScanSpillTests.modelBytes(spilled.shipments, FitOptions())
        #expect(a == b)
        #expect(a.count > 100_000)
    }

    @Test func aSpilledFitWithCensoringLossesReturnsAndAFarFutureTypoWritesTheInMemoryModelBytes() throws {
        let dir = ScanSpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = SyntheticConfiguration(shipments: 3000, seed: 7, days: 60)
        var bytes = try SyntheticGenerator(configuration: config).generate().bytes
        // A shipment whose last scan is a 2099 typo, long after its real scans: the fit's cut-off ignores it,
        // so the shipment's milestones before that cut-off must be judged from all its scans.
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n")
        let names = lines[0].split(separator: ",")
        let timeColumn = names.firstIndex(of: "event_time")!
        let eventColumn = names.firstIndex(of: "event")!
        var typo = lines.first { $0.contains(",DELIVERED,") }!.split(separator: ",", omittingEmptySubsequences: false)
        typo[timeColumn] = "2099-01-01T00:00:00Z"
        typo[eventColumn] = "IN_TRANSIT"
        bytes += Array((typo.joined(separator: ",") + "\n").utf8)
        let scans = dir + "/feed.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: scans))

        let memory = try ScanIngestion.read(path: scans)
        let spilled = try ScanSpillTests.spilled(scans, IngestOptions(), leafLimit: 20_000, under: dir)
        #expect(spilled.summary == memory.summary)
        #expect(memory.summary.censored > 0 && memory.summary.returned > 0)
        let (_, fit) = ModelFitter.fit(timelines: memory.timelines, options: FitOptions())
        #expect(fit.implausibleLatest == 1)
        #expect(fit.lost > 0)
        #expect(
            ScanSpillTests.modelBytes(ModelFitter.inFitOrder(memory.timelines), FitOptions())
                == ScanSpillTests.modelBytes(spilled.shipments, FitOptions()))
        // And with a cut-off in the middle of the feed, most recent shipments censored.
        let asOf = FitOptions(asOf: RFC3339.parse("2026-09-10T00:00:00Z")!.instant)
        let early = try ScanIngestion.read(path: scans, options: IngestOptions(asOf: asOf.asOf))
        let earlySpilled = try ScanSpillTests.spilled(
            scans, IngestOptions(asOf: asOf.asOf), leafLimit: 20_000, under: dir)
        #expect(
            ScanSpillTests.modelBytes(ModelFitter.inFitOrder(early.timelines), asOf)
                == ScanSpillTests.modelBytes(earlySpilled.shipments, asOf))
    }

    @Test func durationCountsReadTheSameQuantilesAsASortedList() {
        var rng = SplitMix64(seed: 11)
        var values: [Int] = []
        var counts = DurationCounts()
        for _ in 0..<5000 {
            let v = Int(rng.next() % 90)
            values.append(v)
            counts.add(v)
        }
        let sorted = values.sorted()
        for i in [0, 1, 17, 2500, 4949, 4999] { #expect(counts.sorted(at: i) == sorted[i]) }
    }

    @Test func newestReferencesChooseAsAStableSortNewestFirstThenAPrefix() {
        var rng = SplitMix64(seed: 3)
        var all: [(Int64, Int)] = []
        var newest = NewestReferences(limit: 100)
        for i in 0..<3000 {
            // Few distinct instants, so ties decide much of the choice.
            let t = Int64(rng.next() % 200)
            all.append((t, i))
            newest.add(Instant(seconds: t), i)
        }
        let expected = all.enumerated().sorted { a, b in
            a.element.0 != b.element.0 ? a.element.0 > b.element.0 : a.offset < b.offset
        }.prefix(100).map(\.element.1)
        let positions = newest.positions
        #expect(positions.count == 100)
        for (k, index) in expected.enumerated() { #expect(positions[index] == k) }
    }
}
