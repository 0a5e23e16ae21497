import EDDServer
import Foundation
import Glibc
import Testing

/// Start-up failures, reloads (by request and by SIGHUP) and the SIGTERM drain of the built `eddd`.
@Suite struct DaemonLifecycleTests {
    static let edd =
        #"{"op":"edd","carrier":"testship","service":"ground","origin":{"country":"US","postal":"94107"},"#
        + #""destination":{"country":"US","postal":"10001"},"order_time":"2026-05-05T10:00:00-04:00"}"#

    /// Runs `eddd` with arguments to completion; returns its status and stderr.
    func runToExit(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = DaemonProcess.executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func badArgumentsMissingAndCorruptModelsExitWithTheirStatuses() throws {
        let usage = try runToExit(["--workers", "zero"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--workers"))
        #expect(try runToExit(["--no-such-flag"]).status == 64)
        let missingPath = DaemonFixtures.temporaryFolder() + "/absent.model"
        let missing = try runToExit(["--model", missingPath])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains(missingPath))
        #expect(missing.stderr.contains("edd-train fit"))
        let junk = DaemonFixtures.temporaryFolder() + "/junk.model"
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: junk))
        let corrupt = try runToExit(["--model", junk])
        #expect(corrupt.status == 65)
        #expect(corrupt.stderr.contains(junk))
        #expect(try runToExit(["--help"]).status == 0)
    }

    @Test func reloadOfACorruptFileKeepsServingTheOldModelAndSaysWhy() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model.path)))
        bytes[bytes.count / 2] ^= 0xFF  // one flipped byte in the body breaks the checksum
        try Data(bytes).write(to: URL(fileURLWithPath: model.path))
        let admin = try daemon.unixClient()
        let failed = try admin.request(#"{"id":"r","op":"reload"}"#)
        #expect(json(failed)["ok"] as? Bool == false)
        #expect(errorMessage(failed).contains("checksum"))
        let truncated = model.path + ".short"
        try Data(bytes.prefix(40)).write(to: URL(fileURLWithPath: truncated))
        #expect(errorMessage(try admin.request(#"{"op":"reload","path":"\#(truncated)"}"#)).contains("truncated"))
        let health = json(try admin.request(#"{"op":"health"}"#))
        #expect((health["model"] as? [String: Any])?["id"] as? String == model.id)
        #expect(json(try daemon.tcpClient().request(Self.edd))["edd"] as? String == DaemonFixtures.thursday)
        #expect(daemon.events("reload").contains { $0.contains("result=failed") && $0.contains("checksum") })
    }

    @Test func sighupPicksUpANewModelFileAndRefusesABadOne() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false)
        let c = try daemon.tcpClient()
        let newer = try DaemonFixtures.modelFile(transitDays: 3)
        try FileManager.default.removeItem(atPath: model.path)
        try FileManager.default.copyItem(atPath: newer.path, toPath: model.path)
        daemon.signal(SIGHUP)
        #expect(eventually { daemon.events("reload").count == 1 })
        #expect(daemon.events("reload").first?.contains("model=\(newer.id)") == true)
        let answer = json(try c.request(Self.edd))
        #expect(answer["model"] as? String == newer.id)
        #expect(answer["edd"] as? String == DaemonFixtures.friday)
        // Now a file that is not a model: refused, logged, the three-day model keeps serving.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: model.path))
        daemon.signal(SIGHUP)
        #expect(eventually { daemon.events("reload").count == 2 })
        #expect(daemon.events("reload").last?.contains("result=failed") == true)
        #expect(json(try c.request(Self.edd))["model"] as? String == newer.id)
    }

    @Test func sigtermAnswersEveryLineSentBeforeItAndExitsZero() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let c = try daemon.tcpClient()
        var batch = ""
        for i in 0..<300 { batch += Self.edd.replacingOccurrences(of: #"{"op""#, with: #"{"id":\#(i),"op""#) + "\n" }
        try c.send(raw: Array(batch.utf8))
        // Every line is sent and the stream ended before the signal, and the first answer is read back
        // (a round trip), so the daemon is serving this connection when SIGTERM arrives: the drain must
        // answer all 300, whatever the machine's speed.
        c.finishSending()
        let first = json(try c.readLineString() ?? "")
        #expect(first["id"] as? Int == 0)
        daemon.signal(SIGTERM)
        for i in 1..<300 {
            let answer = json(try c.readLineString() ?? "")
            #expect(answer["id"] as? Int == i)
            #expect(answer["edd"] as? String == DaemonFixtures.thursday)
        }
        #expect(try c.readLine() == nil)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.events("shutdown").count == 1)
        #expect(daemon.events("signal").first?.contains("SIGTERM") == true)
        #expect(!FileManager.default.fileExists(atPath: daemon.unixPath!))
        #expect(throws: (any Error).self) { try daemon.tcpClient() }
    }

    @Test func sigintAlsoStopsTheDaemonCleanly() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false)
        #expect(json(try daemon.tcpClient().request(#"{"op":"health"}"#))["ok"] as? Bool == true)
        daemon.signal(SIGINT)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.events("start").first?.contains("model=\(model.id)") == true)
    }
}
