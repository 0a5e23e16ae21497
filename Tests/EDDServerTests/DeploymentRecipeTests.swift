import Foundation
import Glibc
import Testing

@testable import EDDServer

/// The README's deployment recipes (.deploy/), checked with the real tools where the machine has them:
/// `promtool` and `prometheus` (Debian package `prometheus`) and `systemd-analyze`. Each test is skipped
/// when its tool is absent, so CI on a fresh machine runs none of them.
@Suite struct DeploymentRecipeTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".deploy").path

    /// Runs `tool` with `arguments` and returns its exit status and combined output.
    static func run(_ tool: String, _ arguments: [String], stdin: String? = nil) throws -> (Int32, String) {
        let folder = DaemonFixtures.temporaryFolder()
        let input = folder + "/stdin"
        let output = folder + "/output"
        _ = FileManager.default.createFile(atPath: input, contents: Data((stdin ?? "").utf8))
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        let out = FileHandle(forWritingAtPath: output)
        process.standardOutput = out
        process.standardError = out
        try process.run()
        if !eventually(120, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    @Test(.enabled(if: tool("promtool") != nil, "promtool is not installed"))
    func promtoolFindsNoProblemInARealScrape() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, ["--metrics", "127.0.0.1:0"])
        let c = try daemon.tcpClient()
        _ = try c.request(MetricsEndpointTests.eddLine)
        _ = try c.request("not json")
        let body = try HTTPExchange.get("/metrics", port: try #require(daemon.metricsPort)).body
        let (status, output) = try Self.run(Self.tool("promtool")!, ["check", "metrics"], stdin: body)
        #expect(status == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "lint findings: \(output)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test(.enabled(if: tool("promtool") != nil, "promtool is not installed"))
    func theScrapeConfigAndAlertRulesAreValidAndTheAlertsFireAsTheirUnitTestsSay() throws {
        let promtool = Self.tool("promtool")!
        let config = try Self.run(promtool, ["check", "config", Self.deploy + "/prometheus/prometheus.yml"])
        #expect(config.0 == 0, "\(config.1)")
        let rules = try Self.run(promtool, ["check", "rules", Self.deploy + "/prometheus/edd-alerts.yml"])
        #expect(rules.0 == 0, "\(rules.1)")
        #expect(rules.1.contains("SUCCESS: 4 rules found"), "\(rules.1)")
        let tests = try Self.run(promtool, ["test", "rules", Self.deploy + "/prometheus/edd-alerts.test.yml"])
        #expect(tests.0 == 0, "\(tests.1)")
    }

    @Test(.enabled(if: tool("systemd-analyze") != nil, "systemd-analyze is not installed"))
    func theSystemdUnitsVerify() throws {
        // The units name installed paths; verify checks that ExecStart exists, so point it at this build.
        let folder = DaemonFixtures.temporaryFolder()
        let bin = DaemonProcess.executable.deletingLastPathComponent().path
        var paths: [String] = []
        for name in ["eddd.service", "edd-retrain.service", "edd-retrain.timer"] {
            let text = try String(contentsOfFile: Self.deploy + "/systemd/" + name, encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/", with: bin + "/")
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            paths.append(folder + "/" + name)
        }
        let (status, output) = try Self.run(Self.tool("systemd-analyze")!, ["verify", "--man=no"] + paths)
        #expect(status == 0, "\(output)")
        #expect(!output.contains("Unknown key") && !output.contains("Failed"), "\(output)")
    }

    @Test(.enabled(if: tool("prometheus") != nil, "prometheus is not installed"))
    func aRealPrometheusScrapesTheDaemonAndSeesTheRequestsSent() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--metrics", "127.0.0.1:0"])
        let metricsPort = try #require(daemon.metricsPort)
        let c = try daemon.tcpClient()
        for _ in 0..<5 { _ = try c.request(MetricsEndpointTests.eddLine) }
        for _ in 0..<2 { _ = try c.request(#"{"op":"nope"}"#) }
        let folder = DaemonFixtures.temporaryFolder()
        try """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: eddd
            static_configs:
              - targets: ["127.0.0.1:\(metricsPort)"]
        """.write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        let webPort = try Self.freePort()
        let log = folder + "/prometheus.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: Self.tool("prometheus")!)
        prometheus.arguments = [
            "--config.file=\(folder)/prometheus.yml", "--storage.tsdb.path=\(folder)/data",
            "--web.listen-address=127.0.0.1:\(webPort)",
        ]
        prometheus.standardOutput = FileHandle(forWritingAtPath: log)
        prometheus.standardError = FileHandle(forWritingAtPath: log)
        try prometheus.run()
        defer {
            prometheus.terminate()
            prometheus.waitUntilExit()
        }
        func query(_ expression: String) -> Double? {
            let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            guard let answer = try? HTTPExchange.get("/api/v1/query?query=\(encoded)", port: webPort),
                let object = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
                result.count == 1, let value = result[0]["value"] as? [Any], let text = value.last as? String
            else { return nil }
            return Double(text)
        }
        #expect(
            eventually(90) { query(#"up{job="eddd"}"#) == 1 },
            "prometheus never scraped the daemon; its log:\n\(EdddLauncher.contents(log))")
        #expect(eventually(30) { query(#"edd_requests_total{op="edd",outcome="ok"}"#) == 5 })
        #expect(query(#"edd_errors_total{code="unknown_op"}"#) == 2)
        #expect(query(#"edd_request_duration_seconds_count"#) == 7)
        #expect(query(#"count(edd_model_info{id="\#(model.id)"})"#) == 1)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    /// A TCP port nothing listens on right now (bound and released; Prometheus cannot report a port 0).
    static func freePort() throws -> UInt16 {
        let fd = try Listening.bind(.tcp(host: "127.0.0.1", port: 0))
        defer { close(fd) }
        return Socket.boundPort(fd)
    }
}
