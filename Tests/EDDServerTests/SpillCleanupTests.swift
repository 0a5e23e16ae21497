@testable import EDDCore
@testable import EDDTraining
import Foundation
import Glibc
import Testing

/// A spilled fit (`--memory` small, or standard input) leaves no temporary file behind, however it ends.
@Suite struct SpillCleanupTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TrainingData/synthetic-scans.csv").path

    static func entries(_ dir: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? ["<unreadable>"]
    }

    @Test func aSpilledFitRemovesItsTemporaryFilesAndWritesTheInMemoryModel() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let spilled = try ToolProcess(
            "edd-train",
            ["fit", "--scans", SpillCleanupTests.sample, "--out", dir + "/a.model", "--memory", "1m", "--tmp-dir", tmp])
        #expect(spilled.status == 0, "\(spilled.stderr)")
        #expect(spilled.stderr.contains("temporary files: at most"))
        #expect(SpillCleanupTests.entries(tmp).isEmpty)
        let inMemory = try ToolProcess(
            "edd-train", ["fit", "--scans", SpillCleanupTests.sample, "--out", dir + "/b.model"])
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        #expect(!inMemory.stderr.contains("temporary files"))
        let a = try #require(FileManager.default.contents(atPath: dir + "/a.model"))
        let b = try #require(FileManager.default.contents(atPath: dir + "/b.model"))
        #expect(a == b)
    }

    @Test func aSpilledFitThatFindsNothingToLearnExitsSixtyFiveAndRemovesItsFiles() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // Orders only: nothing is ever delivered.
        var csv =
            "shipment_id,carrier,service,origin_country,origin_postal,destination_country,destination_postal,event,event_time\n"
        for i in 0..<50 { csv += "S\(i),ups,ground,US,94107,US,10001,ORDER_PLACED,2026-03-02T10:00:00Z\n" }
        try csv.write(toFile: dir + "/scans.csv", atomically: true, encoding: .utf8)
        let run = try ToolProcess(
            "edd-train", ["fit", "--scans", "-", "--out", dir + "/a.model", "--tmp-dir", tmp], stdin: dir + "/scans.csv"
        )
        #expect(run.status == 65, "\(run.stderr)")
        #expect(SpillCleanupTests.entries(tmp).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/a.model"))
    }

    @Test func aSpilledFitInterruptedWhileReadingExitsOneThirtyAndRemovesItsFiles() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = ToolProcess.executable("edd-train")
        process.arguments = ["fit", "--scans", "-", "--out", dir + "/a.model", "--tmp-dir", tmp]
        let input = Pipe()
        process.standardInput = input
        _ = FileManager.default.createFile(atPath: dir + "/stderr", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: dir + "/stderr")
        try process.run()
        let head = try Data(contentsOf: URL(fileURLWithPath: SpillCleanupTests.sample)).prefix(200_000)
        input.fileHandleForWriting.write(head)
        // The input stays open, so the run is still reading when the signal comes; its spill directory exists.
        let started = eventually(60) { !SpillCleanupTests.entries(tmp).isEmpty }
        #expect(started)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 130)
        #expect(SpillCleanupTests.entries(tmp).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/a.model"))
    }

    @Test func spilledTimelinesFromStandardInputEqualTheInMemoryOnes() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let spilled = try ToolProcess(
            "edd-train",
            ["timelines", "--scans", "-", "--out", dir + "/a.csv", "--tmp-dir", tmp, "--rejects", dir + "/a.rej"],
            stdin: SpillCleanupTests.sample)
        #expect(spilled.status == 0, "\(spilled.stderr)")
        let inMemory = try ToolProcess(
            "edd-train",
            ["timelines", "--scans", SpillCleanupTests.sample, "--out", dir + "/b.csv", "--rejects", dir + "/b.rej"])
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        let a = try #require(FileManager.default.contents(atPath: dir + "/a.csv"))
        let b = try #require(FileManager.default.contents(atPath: dir + "/b.csv"))
        #expect(a == b)
        #expect(
            FileManager.default.contents(atPath: dir + "/a.rej") == FileManager.default.contents(atPath: dir + "/b.rej")
        )
        // 8000 shipments in the sample (its README), one row each after the header.
        #expect(String(decoding: a, as: UTF8.self).split(separator: "\n").count == 8001)
        #expect(SpillCleanupTests.entries(tmp).isEmpty)
    }
}

extension SpillCleanupTests {
    @Test func aTemporaryFileThatCannotBeWrittenExitsSeventyThreeNamingTheDirectoryAndLeavesNothing() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // A file-size limit of 100 blocks stands in for a full disk: writes past it fail (EFBIG), as they
        // would with ENOSPC, once SIGXFSZ is ignored.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", #"trap '' XFSZ; ulimit -f 100; exec "$0" "$@""#, ToolProcess.executable("edd-train").path, "fit",
            "--scans", SpillCleanupTests.sample, "--out", dir + "/a.model", "--memory", "1m", "--tmp-dir", tmp,
        ]
        _ = FileManager.default.createFile(atPath: dir + "/stderr", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: dir + "/stderr")
        process.standardInput = FileHandle(forReadingAtPath: SpillCleanupTests.sample)
        try process.run()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 73, "\(stderr)")
        #expect(stderr.contains("cannot write '\(tmp)'"), "\(stderr)")
        #expect(SpillCleanupTests.entries(tmp).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/a.model"))
    }
}
