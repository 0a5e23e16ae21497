import Foundation
import Glibc
import Testing

@testable import EDDServer

/// Clients that try to exhaust the daemon: descriptors (issue 10 item 3), slots held by trickling clients
/// (item 4), and the error counters that report them (item 11).
@Suite struct DaemonOverloadTests {
    static let health = #"{"op":"health"}"#

    @Test func runningOutOfDescriptorsAnswersOverloadedAndLogsAtMostOnceASecond() throws {
        let began = Date()
        let model = try DaemonFixtures.modelFile()
        // 64 descriptors for everything, yet up to 1000 connections allowed: accept(2) meets EMFILE.
        let daemon = try DaemonProcess(
            model: model.path, unix: false, ["--max-connections", "1000"], shell: "ulimit -n 64")
        #expect(daemon.events("open_file_limit").count == 1)
        var clients: [EDDClient] = []
        for _ in 0..<100 { clients.append(try daemon.tcpClient()) }
        var served = 0
        var refused = 0
        for c in clients {
            let answer = try c.request(Self.health)
            if json(answer)["status"] as? String == "serving" {
                served += 1
            } else if errorCode(answer) == "overloaded" {
                refused += 1
                #expect(((try? c.readLine()) ?? nil) == nil)
            }
        }
        // Every client got an answer; fewer than 64 fit in 64 descriptors, so some were refused.
        #expect(served + refused == 100)
        #expect(served >= 1 && served < 64)
        #expect(refused > 36)
        let failures = daemon.events("accept_failed")
        #expect(failures.count >= 1)
        // At most one line per second since the daemon started (plus the first).
        #expect(failures.count <= Int(Date().timeIntervalSince(began)) + 1)
        #expect(failures.first?.contains("Too many open files") == true)
        clients.removeAll()
        // Descriptors come back as the clients go: the daemon serves again, and counted every refusal.
        var stats: [String: Any] = [:]
        #expect(
            eventually(30) {
                guard let c = try? daemon.tcpClient(), let line = try? c.request(#"{"op":"stats"}"#) else {
                    return false
                }
                stats = json(line)
                return stats["ok"] as? Bool == true
            })
        #expect((stats["connections"] as? [String: Any])?["refused"] as? Int ?? -1 >= refused)
        #expect((stats["errors"] as? [String: Any])?["overloaded"] as? Int ?? -1 >= refused)
    }

    @Test func theDefaultConnectionLimitFitsTheOpenFileLimit() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, shell: "ulimit -n 64")
        let start = daemon.events("start").first ?? ""
        // 64 descriptors minus the documented reserve of 32 + 2 per worker (2 workers).
        #expect(DaemonProcess.field("max_connections", in: start) == "28")
        #expect(DaemonProcess.field("open_files", in: start) == "64")
        #expect(daemon.events("open_file_limit").isEmpty)
    }

    @Test func aClientTricklingOneLineByteByByteIsClosedAtTheLineDeadline() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(
            model: model.path, unix: false,
            ["--max-connections", "2", "--idle-timeout", "600", "--line-timeout", "1"])
        let fd = try Socket.connect(to: SocketAddress(parsing: daemon.tcp))
        defer { close(fd) }
        // One byte every 50 ms keeps the idle timer fresh for ever; only the line deadline can end this.
        var closedByServer = false
        let giveUp = Date().addingTimeInterval(60)
        var byte: UInt8 = 0x7B
        while Date() < giveUp {
            guard send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 else {
                closedByServer = true
                break
            }
            byte = 0x20
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                closedByServer = recv(fd, &sink, sink.count, 0) <= 0
                if closedByServer { break }
            }
        }
        #expect(closedByServer)
        let c = try daemon.tcpClient()
        let stats = json(try c.request(#"{"op":"stats"}"#))
        #expect((stats["connections"] as? [String: Any])?["line_timeout"] as? Int == 1)
    }

    @Test func aPipeliningClientWhoseEveryWriteEndsMidLineIsNeverCutOff() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--line-timeout", "2"])
        let c = try daemon.tcpClient()
        // 40 writes 100 ms apart, each finishing one line and starting the next: no line stays incomplete
        // for more than one gap (20 times less than the deadline), but some line always is, for 4 s.
        let line = Array(#"{"op":"health"}"#.utf8) + [0x0A]
        try c.send(raw: Array(line[0..<7]))
        for _ in 0..<40 {
            usleep(100_000)
            try c.send(raw: Array(line[7...]) + Array(line[0..<7]))
        }
        try c.send(raw: Array(line[7...]))
        for _ in 0..<41 { #expect(json(try c.readLineString() ?? "")["status"] as? String == "serving") }
        let stats = json(try c.request(#"{"op":"stats"}"#))
        #expect((stats["connections"] as? [String: Any])?["line_timeout"] as? Int == 0)
    }

    @Test func completeLinesSpreadOverLongerThanTheLineDeadlineAreAllAnswered() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--line-timeout", "0.2"])
        let c = try daemon.tcpClient()
        for _ in 0..<3 {
            #expect(json(try c.request(Self.health))["ok"] as? Bool == true)
            usleep(300_000)  // longer than the deadline between lines: no line is pending meanwhile
        }
        #expect(json(try c.request(#"{"op":"stats"}"#))["ok"] as? Bool == true)
    }

    @Test func statsCountsErrorsAnsweredByTheSocketLayerAndTheTrueSlowestRequest() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(
            model: model.path, unix: false, ["--max-line", "128", "--max-connections", "1"])
        let c = try daemon.tcpClient()
        #expect(json(try c.request(Self.health))["ok"] as? Bool == true)
        #expect(errorCode(try c.request(String(repeating: "x", count: 500))) == "line_too_long")
        #expect(errorCode(try c.request(String(repeating: "y", count: 500))) == "line_too_long")
        let extra = try daemon.tcpClient()
        #expect(errorCode(try extra.readLineString() ?? "") == "overloaded")
        let stats = json(try c.request(#"{"op":"stats"}"#))
        let errors = stats["errors"] as? [String: Any]
        #expect(errors?["line_too_long"] as? Int == 2)
        #expect(errors?["overloaded"] as? Int == 1)
        let latency = stats["latency_us"] as? [String: Double]
        #expect((latency?["max"] ?? 0) > 0)
    }
}
