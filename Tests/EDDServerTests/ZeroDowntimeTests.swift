import Foundation
import Glibc
import Testing

@testable import EDDServer

/// Handing a port from one daemon to the next (issue 15 item 4) and telling systemd when each is ready.
@Suite struct ZeroDowntimeTests {
    @Test func withReusePortASecondDaemonBindsTheSamePortAndBothAnswer() throws {
        let model = try DaemonFixtures.modelFile()
        let first = try DaemonProcess(model: model.path, unix: false, ["--reuse-port"])
        let folder = DaemonFixtures.temporaryFolder()
        let log = folder + "/second.log"
        let second = try EdddLauncher.launch(
            ["--model", model.path, "--listen", first.tcp, "--workers", "1", "--reuse-port"], log: log)
        #expect(eventually { EdddLauncher.contents(log).contains("event=start ") || !second.isRunning })
        #expect(second.isRunning, "\(EdddLauncher.contents(log))")
        // The old daemon drains and exits; the port keeps answering through the new one.
        first.signal(SIGTERM)
        #expect(first.waitForExit() == 0)
        let c = try client(first.tcp)
        #expect(json(try c.request(#"{"op":"health"}"#))["ok"] as? Bool == true)
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
    }

    @Test func withoutReusePortTheSecondDaemonIsRefusedThePort() throws {
        let model = try DaemonFixtures.modelFile()
        let first = try DaemonProcess(model: model.path, unix: false)
        let run = try ToolProcess("eddd", ["--model", model.path, "--listen", first.tcp, "--workers", "1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("Address already in use"), "\(run.stderr)")
        first.signal(SIGTERM)
        #expect(first.waitForExit() == 0)
    }

    @Test func systemdIsToldReadyOnceListeningAndStoppingWhenTheDrainBegins() throws {
        let model = try DaemonFixtures.modelFile()
        let folder = DaemonFixtures.temporaryFolder()
        let path = folder + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        try Socket.withUnixAddress(path) { addr, len in #expect(bind(fd, addr, len) == 0) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func receive() -> String {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : "(nothing: errno \(errno))"
        }
        let log = folder + "/eddd.log"
        let process = try EdddLauncher.launch(
            ["--model", model.path, "--listen", "127.0.0.1:0", "--workers", "1"], log: log,
            environment: ["NOTIFY_SOCKET": path])
        let ready = receive()
        #expect(ready == "READY=1\nSTATUS=serving model \(model.id)")
        // READY=1 comes after the listener is bound: the start line is already out, the port answers.
        let port = try #require(EdddLauncher.port(of: "start", in: log))
        #expect(json(try client("127.0.0.1:\(port)").request(#"{"op":"health"}"#))["ok"] as? Bool == true)
        kill(process.processIdentifier, SIGTERM)
        #expect(receive() == "STOPPING=1\nSTATUS=draining (SIGTERM)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func anAbstractNotifySocketNameIsAddressedWithoutAPath() throws {
        let name = "edd-test-\(UUID().uuidString.prefix(8))"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = [UInt8(0)] + Array(name.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        #expect(bound == 0)
        let notifier = try #require(SystemdNotifier(path: "@" + name))
        #expect(notifier.notify("READY=1"))
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        #expect(n == 7 && String(decoding: buffer[0..<7], as: UTF8.self) == "READY=1")
        #expect(SystemdNotifier(path: nil) == nil && SystemdNotifier(path: "relative") == nil)
    }
}
