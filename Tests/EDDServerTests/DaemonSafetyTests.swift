import EDDServer
import Foundation
import Glibc
import Testing

/// The admin socket's permissions (issue 10 item 9), bounded reloads (item 10) and which file is served
/// (item 14), against the built `eddd`.
@Suite struct DaemonSafetyTests {
    static let edd =
        #"{"op":"edd","carrier":"testship","service":"ground","origin":{"country":"US","postal":"94107"},"#
        + #""destination":{"country":"US","postal":"10001"},"order_time":"2026-05-05T10:00:00-04:00"}"#

    func mode(_ path: String) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0xFFFF_FFFF }
        return UInt32(info.st_mode) & 0o7777
    }

    @Test func theAdminSocketIsOwnerOnlyWhateverTheUmaskAndWidensOnlyOnRequest() throws {
        let model = try DaemonFixtures.modelFile()
        let strict = try DaemonProcess(model: model.path, shell: "umask 000")
        #expect(mode(strict.unixPath!) == 0o600)
        let wide = try DaemonProcess(model: model.path, ["--unix-mode", "660"], shell: "umask 000")
        #expect(mode(wide.unixPath!) == 0o660)
        #expect(json(try wide.unixClient().request(#"{"op":"health"}"#))["ok"] as? Bool == true)
    }

    @Test func aWorldWritableDirectoryWithoutTheStickyBitIsRefusedForTheSocket() throws {
        let model = try DaemonFixtures.modelFile()
        let folder = DaemonFixtures.temporaryFolder()
        chmod(folder, 0o777)
        let process = Process()
        process.executableURL = DaemonProcess.executable
        process.arguments = ["--model", model.path, "--listen", "127.0.0.1:0", "--unix", folder + "/eddd.sock"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains(folder) && stderr.contains("sticky"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/eddd.sock"))
        // The same directory with the sticky bit (as /tmp) is fine.
        chmod(folder, 0o1777)
        let daemon = try DaemonProcess(model: model.path, unixPath: folder + "/eddd.sock")
        #expect(json(try daemon.unixClient().request(#"{"op":"health"}"#))["ok"] as? Bool == true)
    }

    @Test func reloadRefusesHugeAndForeignFilesAfterReadingOnlyTheirFirstBytes() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let admin = try daemon.unixClient()
        #expect(json(try admin.request(#"{"op":"health"}"#))["ok"] as? Bool == true)
        let peakBefore = try #require(daemon.memoryKiB("VmHWM"))
        let folder = DaemonFixtures.temporaryFolder()
        // 512 MiB, sparse: a valid magic and version, then nothing.
        let huge = folder + "/huge.model"
        var prefix = Array("EDDMODEL".utf8) + [1, 0, 0, 0]
        let fd = open(huge, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(write(fd, &prefix, prefix.count) == prefix.count)
        #expect(ftruncate(fd, 512 << 20) == 0)
        close(fd)
        let refused = try admin.request(#"{"op":"reload","path":"\#(huge)"}"#)
        #expect(errorCode(refused) == "invalid_request")
        #expect(errorMessage(refused).contains("\(512 << 20) bytes, over the \(256 << 20)-byte limit"))
        // 200 MiB of zeros, under the limit but not a model.
        let zeros = folder + "/zeros.model"
        let zfd = open(zeros, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(ftruncate(zfd, 200 << 20) == 0)
        close(zfd)
        #expect(errorMessage(try admin.request(#"{"op":"reload","path":"\#(zeros)"}"#)).contains("bad magic"))
        // Reading either file whole would have raised the peak by hundreds of MiB.
        let peakAfter = try #require(daemon.memoryKiB("VmHWM"))
        #expect(peakAfter - peakBefore < 50 * 1024)
        #expect(json(try daemon.tcpClient().request(Self.edd))["edd"] as? String == DaemonFixtures.thursday)
    }

    @Test func sighupRereadsTheServedFileWhichHealthModelAndTheLogsName() throws {
        let first = try DaemonFixtures.modelFile()
        let second = try DaemonFixtures.modelFile(transitDays: 3)
        let daemon = try DaemonProcess(model: first.path)
        let admin = try daemon.unixClient()
        let health = json(try admin.request(#"{"op":"health"}"#))
        #expect((health["model"] as? [String: Any])?["path"] as? String == first.path)
        let switched = json(try admin.request(#"{"op":"reload","path":"\#(second.path)"}"#))
        #expect(switched["path"] as? String == second.path)
        #expect(json(try admin.request(#"{"op":"model"}"#))["path"] as? String == second.path)
        #expect(daemon.events("reload").first?.contains("path=\(second.path)") == true)
        // The --model file is now garbage: SIGHUP must re-read the served file, not that one.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: first.path))
        daemon.signal(SIGHUP)
        #expect(eventually { daemon.events("reload").count == 2 })
        let sighup = daemon.events("reload").last ?? ""
        #expect(sighup.contains("result=ok") && sighup.contains("source=SIGHUP"))
        #expect(sighup.contains("path=\(second.path)") && sighup.contains("model=\(second.id)"))
        let after = json(try admin.request(#"{"op":"health"}"#))
        #expect((after["model"] as? [String: Any])?["path"] as? String == second.path)
        #expect(json(try daemon.tcpClient().request(Self.edd))["edd"] as? String == DaemonFixtures.friday)
    }
}
