import Foundation
import Testing

/// `edd-train report` run as a user runs it: on the hand-made scan file of the EDDTests fixtures (whose
/// figures PerformanceHandMadeFeedTests works out by hand), on an empty window, and on bad arguments.
@Suite struct ReportCommandTests {
    static let toy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EDDTests/Fixtures/performance-toy-scans.csv").path

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func theToyFeedGivesTheHandComputedFiguresInEveryFile() throws {
        let out = DaemonFixtures.temporaryFolder() + "/report"
        let run = try ToolProcess("edd-train", ["report", "--scans", Self.toy, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("9 shipments in the window, 2 periods"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
                as? [String: Any])
        let overview = try #require(json["overview"] as? [String: Any])
        #expect(
            overview["outcomes"] as? [String: Int] == [
                "delivered": 7, "in_transit": 2, "lost": 0, "returned": 0, "canceled": 0,
            ])
        #expect(overview["rejected_total"] as? Int == 1)
        // The week of 9 March: f done at 2, h at 4, i censored at 2, g at 4 → 1/4 on day 2, 3/8 on day 4, 3/8 in 10+.
        let rows = try #require(json["distributions"] as? [[String: Any]])
        let week = try #require(
            rows.first {
                $0["measure"] as? String == "transit" && $0["kind"] as? String == "all"
                    && $0["period"] as? String == "2026-03-09"
            })
        let shares = try #require(week["shares"] as? [Double])
        let hand = [0, 0, 0.25, 0, 0.375, 0, 0, 0, 0, 0, 0.375]
        #expect(shares.count == 11)
        for (s, h) in zip(shares, hand) { #expect(abs(s - h) < 1e-12) }
        // The same row in the CSV table: header, then the rows in report.json's order.
        let csv = try Self.read(out + "/tables/distributions.csv").split(separator: "\n")
        let line = try #require(csv.first { $0.hasPrefix("transit,all,all,2026-03-09,4,2,2,") })
        #expect(line.hasSuffix(",0.375,4,"))
        let page = try Self.read(out + "/index.html")
        #expect(page.hasPrefix("<!DOCTYPE html>") && !page.contains("http") && !page.contains("src="))
        #expect(page.contains("unknown event"))
    }

    @Test func anEmptyWindowWritesAPageThatSaysSo() throws {
        let out = DaemonFixtures.temporaryFolder() + "/report"
        let run = try ToolProcess("edd-train", ["report", "--scans", Self.toy, "--from", "2030-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.read(out + "/index.html").contains("No shipments in the window"))
    }

    @Test(arguments: [
        (["--from", "2026-03-10", "--to", "2026-03-01"], Int32(64), "is after --to"),
        (["--by", "day"], 64, "--by must be week or month"),
        (["--from", "March"], 64, "--from"),
        (["--min-shipments", "0"], 64, "--min-shipments"),
    ])
    func badArgumentsExit64BeforeAnyInputIsRead(_ extra: [String], _ status: Int32, _ says: String) throws {
        let missing = DaemonFixtures.temporaryFolder() + "/absent.csv"
        let run = try ToolProcess(
            "edd-train", ["report", "--scans", missing, "--out", DaemonFixtures.temporaryFolder() + "/r"] + extra)
        #expect(run.status == status)
        #expect(run.stderr.contains(says), "\(run.stderr)")
    }

    @Test func aMissingScanFileExits66AndABadHeader65() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let missing = try ToolProcess("edd-train", ["report", "--scans", dir + "/absent.csv", "--out", dir + "/r"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("absent.csv"))
        try "shipment_id,carrier\ns1,ups\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try ToolProcess("edd-train", ["report", "--scans", dir + "/bad.csv", "--out", dir + "/r"])
        #expect(bad.status == 65)
    }
}
