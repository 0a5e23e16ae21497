import Foundation
import Testing

/// The PySpark job (Tests/Spark/edd_spark_fit.py) on four local partitions writes the bytes of one
/// `edd-train fit`. It runs only where `pyspark` and Java are installed (`pip install pyspark`).
@Suite struct SparkJobTests {
    static let job = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Spark/edd_spark_fit.py").path

    /// Whether a command exits 0 (its output discarded into a scratch file).
    static func succeeds(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spark-probe-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: scratch.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.standardOutput = FileHandle(forWritingAtPath: scratch.path)
        process.standardError = FileHandle(forWritingAtPath: scratch.path)
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let available = succeeds(["python3", "-c", "import pyspark"]) && succeeds(["java", "-version"])

    @Test(.enabled(if: SparkJobTests.available, "needs pyspark and Java"))
    func theSparkJobOnFourLocalPartitionsWritesTheBytesOfOneFit() throws {
        let dir = DaemonFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tool = ToolProcess.executable("edd-train").path
        let single = try ToolProcess(
            "edd-train", ["fit", "--scans", SpillCleanupTests.sample, "--out", dir + "/single.model"])
        #expect(single.status == 0, "\(single.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", SparkJobTests.job, "--master", "local[4]", "--edd-train", tool, "--scans",
            SpillCleanupTests.sample, "--partitions", "4", "--out", dir + "/spark.model", "--work", dir,
        ]
        _ = FileManager.default.createFile(atPath: dir + "/spark.log", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: dir + "/spark.log")
        process.standardError = FileHandle(forWritingAtPath: dir + "/spark.log")
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: dir + "/spark.log", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(log.suffix(3000))")
        let partials = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".partial") }
        #expect(partials.count == 4)
        let a = try #require(FileManager.default.contents(atPath: dir + "/single.model"))
        let b = try #require(FileManager.default.contents(atPath: dir + "/spark.model"))
        #expect(a == b)
    }
}
