@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// `edd-train synth` writes only orders on supported dates (1900-01-01 … 2199-12-31), and says so with exit 64
/// for a `--start` or `--days` that leaves them.
@Suite struct SyntheticDatesTests {
    func refusal(start: String, days: Int) throws -> SyntheticError? {
        let configuration = SyntheticConfiguration(
            shipments: 10, start: try #require(CivilDate(start)), days: days, dirty: false)
        do {
            _ = try SyntheticGenerator(configuration: configuration)
            return nil
        } catch let error as SyntheticError {
            return error
        }
    }

    @Test func aStartOutsideTheRangeIsAUsageError() throws {
        let error = try #require(try refusal(start: "9999-12-01", days: 120))
        #expect(error.reason == .unsupportedDates && ExitCode(for: error) == .usage)
        #expect(error.message == "--start 9999-12-01 is outside the supported dates, 1900-01-01 to 2199-12-31")
        #expect(try refusal(start: "1899-12-31", days: 1).map { ExitCode(for: $0) } == .usage)
    }

    @Test func daysThatRunPastTheRangeAreAUsageError() throws {
        // 2199-12-01 + 31 days is the last day; one more is 2200-01-01.
        #expect(try refusal(start: "2199-12-01", days: 31) == nil)
        let error = try #require(try refusal(start: "2199-12-01", days: 32))
        #expect(error.reason == .unsupportedDates && ExitCode(for: error) == .usage)
        #expect(error.message == "--days 32 from --start 2199-12-01 goes past 2199-12-31, the last supported date")
        #expect(try refusal(start: "1900-01-01", days: Int.max).map { ExitCode(for: $0) } == .usage)
    }

    @Test func theEdgesOfTheRangeGenerate() throws {
        for (start, days) in [("1900-01-01", 30), ("2199-12-01", 31)] {
            let configuration = SyntheticConfiguration(
                shipments: 50, start: try #require(CivilDate(start)), days: days, dirty: false)
            var bytes = 0
            _ = try SyntheticGenerator(configuration: configuration).run(
                progress: { _ in }, sink: { bytes += $0.count })
            #expect(bytes > 1000, "\(start)")
        }
    }

    @Test func theCommandExits64WithOneSentence() throws {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("edd-train"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/edd-train"),
        ]
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edd-synth-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("scans.csv").path
        let process = Process()
        process.executableURL = executable
        process.arguments = ["synth", "--shipments", "10", "--start", "9999-12-01", "--out", out]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        // The command line refuses it first: ingestion reads scans from 1990 to 2100, so the orders and their
        // transits must start by 2089 (SyntheticConfiguration's own 1900…2199 check is for library callers).
        #expect(message.contains("--start must be a date YYYY-MM-DD from 1990-01-01 to 2089-12-31, got '9999-12-01'"))
        #expect(message.split(separator: "\n").count == 1, "\(message)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
