@testable import EDDCore
@testable import EDDSweep
import Foundation
import Testing

/// `edd sweep` run as a user runs it: the built executable, files in a temporary folder, exit statuses.
@Suite(.serialized) struct SweepCommandTests {
    /// The built `edd`: next to the test bundle (same build directory), else under .build/debug.
    static var executable: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("edd"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("edd"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/edd"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    static let folder: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "edd-sweep-test-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try! Data(SweepTests.feed.utf8).write(to: dir.appendingPathComponent("scans.csv"))
        _ = try! ModelFile.save(SweepTests.model, path: dir.appendingPathComponent("edd.model").path)
        return dir.path
    }()

    /// Runs `edd sweep ARGS` with the fixture's model and scans; returns the status and standard error.
    static func sweep(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        try edd(["sweep", "--model", folder + "/edd.model"] + arguments)
    }

    /// Runs `edd ARGS`; returns the status and standard error.
    static func edd(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theCommandWritesWhatTheLibrarySweepWrites() throws {
        let out = Self.folder + "/sweep.jsonl"
        let run = try Self.sweep(["--scans", Self.folder + "/scans.csv", "--now", SweepTests.nowText, "--output", out])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        // The file's model (its id is given when it is saved), swept in process.
        let model = try ModelFile.load(path: Self.folder + "/edd.model")
        #expect(written == (try SweepTests.sweep(now: SweepTests.now, model: model).text))
        #expect(run.stderr.contains("parcels in flight"))
        #expect(run.stderr.contains("by carrier/service"))
        #expect(run.stderr.contains("rows read:"))
    }

    @Test func everyLineOfTheCommandIsWhatEddPredictAnswersForTheSameParcel() throws {
        // The request lines are built from the raw rows (SweepTests.riskAnswers), answered by `edd predict`.
        let model = try ModelFile.load(path: Self.folder + "/edd.model")
        let built = SweepTests.riskAnswers(nowText: SweepTests.nowText, model: model)
        let ids = built.keys.sorted()
        let requests = Self.folder + "/requests.jsonl"
        try Data(ids.map { built[$0]!.request + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: requests))
        let predicted = Self.folder + "/predicted.jsonl"
        let predict = try Self.edd([
            "predict", "--model", Self.folder + "/edd.model", "--input", requests, "--output", predicted,
        ])
        #expect(predict.status == 0, "\(predict.stderr)")
        let responses = try String(contentsOfFile: predicted, encoding: .utf8).split(separator: "\n")
        #expect(responses.count == ids.count)
        let out = Self.folder + "/sweep-predict.jsonl"
        let run = try Self.sweep(["--scans", Self.folder + "/scans.csv", "--now", SweepTests.nowText, "--output", out])
        #expect(run.status == 0, "\(run.stderr)")
        var lines: [String: String] = [:]
        for line in try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n") {
            let id = try #require(SweepTests.objects(String(line)).first?["shipment_id"] as? String)
            lines[id] = String(line)
        }
        #expect(Set(lines.keys) == Set(ids))
        for (id, response) in zip(ids, responses) {
            let head = #"{"id":"\#(id)","ok":true,"#
            #expect(response.hasPrefix(head), "\(response)")
            let fields = response.dropFirst(head.count).dropLast()
            #expect(lines[id]?.contains("\"," + fields + ",\"flag\":") == true, "\(id)")
        }
    }

    @Test func aPreviousFileThatIsNotASweepOutputExits65NamingTheLine() throws {
        let previous = Self.folder + "/previous.jsonl"
        try Data("{\"shipment_id\":\"1\",\"late\":false,\"flag\":\"not_late\"}\nhello\n".utf8).write(
            to: URL(fileURLWithPath: previous))
        let run = try Self.sweep([
            "--scans", Self.folder + "/scans.csv", "--now", SweepTests.nowText, "--previous", previous,
            "--output", Self.folder + "/never.jsonl",
        ])
        #expect(run.status == 65)
        #expect(run.stderr.contains("line 2"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.folder + "/never.jsonl"))
    }

    @Test func aNowBeforeTheFeedsFirstScanExits64() throws {
        let run = try Self.sweep([
            "--scans", Self.folder + "/scans.csv", "--now", "2026-01-01T00:00:00Z", "--output",
            Self.folder + "/never.jsonl",
        ])
        #expect(run.status == 64)
        #expect(run.stderr.contains("before the feed's first scan"), "\(run.stderr)")
    }

    @Test func badArgumentsExit64AndAMissingFeedExits66() throws {
        #expect(try Self.sweep(["--scans", Self.folder + "/scans.csv", "--threshold", "1.5"]).status == 64)
        #expect(try Self.sweep(["--scans", Self.folder + "/scans.csv", "--format", "xml"]).status == 64)
        #expect(try Self.sweep(["--scans", Self.folder + "/nope.csv", "--now", SweepTests.nowText]).status == 66)
    }
}
