import Foundation
import Glibc
import Testing

@testable import EDDServer

/// `eddd --metrics` (issue 15): the exposition parses, its counters move by exactly what was sent, and the
/// HTTP listener's bounds hold without disturbing the query listener.
@Suite struct MetricsEndpointTests {
    static let eddLine =
        #"{"op":"edd",\#(DaemonEndToEndTests.lane),"order_time":"2026-05-05T10:00:00-04:00"}"#

    @Test func theShippedModelsRiskValidationIsExposedAsTheModelOpStatesIt() throws {
        // The shipped model was fitted with enough out-of-time risk questions to carry its figures.
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models/edd.model").path
        let daemon = try DaemonProcess(model: shipped, ["--metrics", "127.0.0.1:0"])
        let description = json(try daemon.tcpClient().request(#"{"op":"model"}"#))
        let risk = try #require((description["validation"] as? [String: Any])?["risk"] as? [String: Any])
        let questions = try #require(risk["questions"] as? Int)
        #expect(questions > 0)
        let scrape = try daemon.scrape()
        #expect(scrape.value("edd_model_validation_risk_questions") == Double(questions))
        for (answer, key) in [
            ("stated", "brier_stated"), ("calibrated", "brier_calibrated"), ("base_rate", "brier_base"),
        ] {
            let stated = try #require(risk[key] as? Double)
            let exposed = try #require(scrape.value("edd_model_validation_risk_brier", ["answer": answer]))
            // Both print the same double; the exposition's shortest round-trip form reads back exactly.
            #expect(abs(exposed - stated) <= 1e-12 * max(1, abs(stated)), "\(answer): \(exposed) vs \(stated)")
            #expect((0...0.25).contains(exposed))
        }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func countersMoveByExactlyTheRequestsSentAndTheModelIsDescribed() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, ["--metrics", "127.0.0.1:0", "--max-line", "256"])
        let before = try daemon.scrape()
        #expect(before.value("edd_ready") == 1)
        #expect(before.all("edd_requests_total").allSatisfy { $0.value == 0 })
        #expect(before.all("edd_errors_total").allSatisfy { $0.value == 0 })
        #expect(before.value("edd_request_duration_seconds_count") == 0)

        var bytesIn = 0
        var bytesOut = 0
        func ask(_ c: EDDClient, _ line: String) throws -> String {
            let answer = try c.request(line)
            bytesIn += line.utf8.count + 1
            bytesOut += answer.utf8.count + 1
            return answer
        }
        let tcp = try daemon.tcpClient()
        for _ in 0..<6 { #expect(json(try ask(tcp, Self.eddLine))["ok"] as? Bool == true) }
        var asOf = ""
        for _ in 0..<3 {
            let health = json(try ask(tcp, #"{"op":"health"}"#))
            asOf = (health["model"] as? [String: Any])?["as_of"] as? String ?? ""
        }
        for i in 0..<4 { #expect(errorCode(try ask(tcp, "not json \(i)")) == "invalid_json") }
        for _ in 0..<2 { #expect(errorCode(try ask(tcp, #"{"op":"nope"}"#)) == "unknown_op") }
        #expect(errorCode(try ask(tcp, #"{"op":"reload"}"#)) == "not_allowed")
        let long = try daemon.tcpClient()
        #expect(errorCode(try ask(long, String(repeating: "x", count: 400))) == "line_too_long")
        let unix = try daemon.unixClient()
        #expect(errorCode(try ask(unix, #"{"op":"reload","path":"/nonexistent/edd.model"}"#)) == "invalid_request")
        #expect(json(try ask(unix, #"{"op":"reload"}"#))["ok"] as? Bool == true)

        // What was sent, counted here: 6 edd, 3 health, 6 undecoded (4 not JSON, 2 unknown op), 3 reloads
        // (one refused on TCP, one failing, one swapped in); the over-long line never reaches the service.
        let expected: [String: Double] = [
            "edd/ok": 6, "health/ok": 3, "undecoded/error": 6, "reload/error": 2, "reload/ok": 1,
        ]
        var after = try daemon.scrape()
        // The workers count bytes just after the send the client has already read: poll for the last ones.
        _ = eventually {
            after = (try? daemon.scrape()) ?? after
            return after.value("edd_sent_bytes_total") == Double(bytesOut)
        }
        for sample in after.all("edd_requests_total") {
            let key = "\(sample.labels["op"] ?? "")/\(sample.labels["outcome"] ?? "")"
            #expect(sample.value == expected[key, default: 0], "\(key)")
        }
        let errors: [String: Double] = [
            "invalid_json": 4, "unknown_op": 2, "not_allowed": 1, "invalid_request": 1, "line_too_long": 1,
        ]
        for sample in after.all("edd_errors_total") {
            #expect(sample.value == errors[sample.labels["code"] ?? "", default: 0], "\(sample.labels)")
        }
        #expect(after.value("edd_request_duration_seconds_count") == 18)
        #expect(after.value("edd_request_duration_seconds_bucket", ["le": "+Inf"]) == 18)
        #expect((after.value("edd_request_duration_seconds_sum") ?? 0) > 0)
        #expect(after.value("edd_received_bytes_total") == Double(bytesIn))
        #expect(after.value("edd_sent_bytes_total") == Double(bytesOut))
        #expect(after.value("edd_connections_accepted_total") == 3)
        #expect(after.value("edd_connections_open") == 3)
        #expect(after.value("edd_connections_refused_total") == 0)
        #expect(after.value("edd_reloads_total", ["result": "ok"]) == 1)
        #expect(after.value("edd_reloads_total", ["result": "failed"]) == 1)

        let info = try #require(after.all("edd_model_info").first)
        #expect(info.labels["id"] == model.id)
        #expect(info.labels["path"] == model.path)
        #expect(info.value == 1)
        let parsed = try #require(ISO8601DateFormatter().date(from: asOf), "as_of \(asOf)")
        #expect(after.value("edd_model_as_of_timestamp_seconds") == parsed.timeIntervalSince1970)
        // The fixture fits 240 parcels, all delivered (DaemonFixtures).
        #expect(after.value("edd_model_shipments", ["state": "completed"]) == 240)
        #expect(after.value("edd_model_shipments", ["state": "censored"]) == 0)
        // A scrape counts the ones before it: `before`, the first `after`, and any polling in between.
        #expect((after.value("edd_http_responses_total", ["code": "200"]) ?? 0) >= 2)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func healthzLivesReadyzFlipsTo503WhileDrainingAndMetricsSaysSo() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(
            model: model.path, unix: false,
            ["--metrics", "127.0.0.1:0", "--shutdown-timeout", "120", "--line-timeout", "120"])
        let port = try #require(daemon.metricsPort)
        #expect(try HTTPExchange.get("/readyz", port: port).status == 200)
        // Half a request line holds the drain open (it must be answered) until the test completes it.
        let c = try daemon.tcpClient()
        try c.send(raw: Array(#"{"op":"health""#.utf8))
        #expect(eventually { (try? daemon.scrape().value("edd_connections_open")) == 1 })
        daemon.signal(SIGTERM)
        #expect(eventually { !daemon.events("signal").isEmpty })
        let draining = try HTTPExchange.get("/readyz", port: port)
        #expect(draining.status == 503)
        #expect(draining.body.hasPrefix("draining"), "\(draining.body)")
        #expect(try HTTPExchange.get("/healthz", port: port).status == 200)
        #expect(try daemon.scrape().value("edd_ready") == 0)
        try c.send(raw: Array("}\n".utf8))
        #expect(json(try #require(try c.readLineString()))["ok"] as? Bool == true)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func readyzIs503WhileTheModelLoadsAndTheStartThenFails() throws {
        // A FIFO as the model: the daemon blocks opening it until the test opens the other end, so the
        // "starting" window lasts exactly as long as the test needs; it is then refused (not a regular file).
        let folder = DaemonFixtures.temporaryFolder()
        let fifo = folder + "/edd.model"
        #expect(mkfifo(fifo, 0o600) == 0)
        let log = folder + "/eddd.log"
        let process = try EdddLauncher.launch(
            ["--model", fifo, "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0"], log: log)
        #expect(eventually { EdddLauncher.contents(log).contains("metrics_listen") })
        let port = try #require(EdddLauncher.port(of: "metrics_listen", in: log))
        let starting = try HTTPExchange.get("/readyz", port: port)
        #expect(starting.status == 503)
        #expect(starting.body.hasPrefix("starting"), "\(starting.body)")
        #expect(try HTTPExchange.get("/healthz", port: port).status == 200)
        let metrics = try PrometheusExposition(try HTTPExchange.get("/metrics", port: port).body)
        #expect(metrics.value("edd_ready") == 0)
        #expect(metrics.all("edd_requests_total").isEmpty)
        let writer = open(fifo, O_WRONLY)
        #expect(writer >= 0)
        close(writer)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65)
        #expect(EdddLauncher.contents(log).contains("not a regular file"))
        #expect(!EdddLauncher.contents(log).contains("event=start "))
    }

    @Test func malformedOversizedAndSlowRequestsAreBoundedAndTheQueryListenerKeepsAnswering() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--metrics", "127.0.0.1:0"])
        let port = try #require(daemon.metricsPort)
        // A request that never completes: answered 408 once the 5-second bound passes (read at the end).
        let slow = try Socket.connect(to: .tcp(host: "127.0.0.1", port: port))
        defer { close(slow) }
        _ = Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8).withUnsafeBytes {
            send(slow, $0.baseAddress, $0.count, 0)
        }

        let malformed = [
            "GARBAGE\r\n\r\n",
            "GET /metrics HTTP/1.1\r\n\r\n",  // HTTP/1.1 without Host
            "GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n",
            "GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n",
            "GET metrics HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        ]
        for request in malformed {
            let answer = try HTTPExchange.send(Array(request.utf8), port: port)
            #expect(answer.status == 400, "\(request.debugDescription): \(answer.body)")
        }
        let huge = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        #expect(try HTTPExchange.send(Array(huge.utf8), port: port).status == 431)
        #expect(try HTTPExchange.get("/nope", port: port).status == 404)
        let post = try HTTPExchange.get("/metrics", port: port, method: "POST")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
        // HEAD: the headers GET would send (its length) and no body.
        let head = try HTTPExchange.send(
            Array("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: port, head: true)
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == "3")
        // An HTTP/1.0 request needs no Host; a query string is ignored.
        let old = try HTTPExchange.send(Array("GET /healthz?x=1 HTTP/1.0\r\n\r\n".utf8), port: port)
        #expect(old.status == 200 && old.body == "ok\n")

        // The query listener never noticed.
        let c = try daemon.tcpClient()
        #expect(json(try c.request(Self.eddLine))["edd"] as? String == DaemonFixtures.thursday)

        var timedOut = [UInt8](repeating: 0, count: 4096)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let n = timedOut.withUnsafeMutableBytes { recv(slow, $0.baseAddress, $0.count, 0) }
        #expect(n > 0 && String(decoding: timedOut[0..<max(0, n)], as: UTF8.self).hasPrefix("HTTP/1.1 408 "))

        let metrics = try daemon.scrape()
        #expect(metrics.value("edd_http_responses_total", ["code": "400"]) == Double(malformed.count))
        #expect(metrics.value("edd_http_responses_total", ["code": "431"]) == 1)
        #expect(metrics.value("edd_http_responses_total", ["code": "404"]) == 1)
        #expect(metrics.value("edd_http_responses_total", ["code": "405"]) == 1)
        #expect(metrics.value("edd_http_responses_total", ["code": "408"]) == 1)
        #expect(metrics.value("edd_requests_total", ["op": "edd", "outcome": "ok"]) == 1)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func aMetricsAddressThatIsNotHostPortIsAUsageError() throws {
        let result = try ToolProcess("eddd", ["--metrics", "/tmp/x.sock"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--metrics takes HOST:PORT"), "\(result.stderr)")
    }
}

/// Runs the built `eddd` with its stderr in a file, for tests whose daemon does not reach (or does not log
/// in text) the `event=start` line ``DaemonProcess`` waits for.
enum EdddLauncher {
    static func launch(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = DaemonProcess.executable
        process.arguments = arguments
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        try process.run()
        return process
    }

    static func contents(_ log: String) -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// The port of an `addr=HOST:PORT` field in the first line of `event` (text logs).
    static func port(of event: String, in log: String) -> UInt16? {
        let line = contents(log).split(separator: "\n").first { $0.contains("event=\(event) ") }
        return line.flatMap { DaemonProcess.field("addr", in: String($0)) }
            .flatMap { $0.split(separator: ",")[0].split(separator: ":").last.flatMap { UInt16($0) } }
    }
}

/// The metrics listener's connection bound, on a listener of its own whose request timeout is long enough
/// that no held connection can expire during the test.
@Suite struct MetricsConnectionLimitTests {
    @Test func connectionsBeyondTheLimitGet503AndProbesResumeOnceTheyClose() throws {
        let server = MetricsServer(
            configuration: MetricsConfiguration(
                address: .tcp(host: "127.0.0.1", port: 0), requestTimeout: .seconds(3600), maxConnections: 4),
            logger: .disabled, router: { _ in .text(200, "ok") })
        try server.start()
        defer { server.stop() }
        let port = try #require(server.port)
        // Four connections each holding half a request; the kernel hands connections to accept(2) in order,
        // so the fifth is the one over the limit.
        var held: [Int32] = []
        for _ in 0..<4 {
            let fd = try Socket.connect(to: .tcp(host: "127.0.0.1", port: port))
            _ = Array("GET /healthz HTTP/1.1\r\n".utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            held.append(fd)
        }
        let refused = try HTTPExchange.get("/healthz", port: port)
        #expect(refused.status == 503)
        #expect(refused.body.contains("too many connections"))
        for fd in held { close(fd) }
        // A retry may still find the slots taken until the listener has read the closes: count those too.
        var retries503 = 0
        #expect(
            eventually {
                let status = try? HTTPExchange.get("/healthz", port: port).status
                if status == 503 { retries503 += 1 }
                return status == 200
            })
        #expect(server.responses.snapshot().first { $0.code == 503 }?.count == 1 + retries503)
    }
}
