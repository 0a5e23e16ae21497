import Foundation
import Glibc
import Synchronization
import Testing

@testable import EDDServer

/// `--log-format json` (issue 15 item 2): one object per line with `ts`, `level`, `event` and the fields,
/// level names the same in the flag and in the output.
@Suite struct LogFormatTests {
    @Test func aJSONLineEscapesWhatJSONRequiresAndNeverRepeatsAKey() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(format: .json, sink: { line in lines.withLock { $0.append(line) } })
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} é"
        logger.log(.warning, "odd", fields: [("reason", nasty), ("level", "shadow"), ("n", "1")])
        let line = try #require(lines.withLock { $0 }.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "warn")
        #expect(object["event"] == "odd")
        #expect(object["reason"] == nasty)
        #expect(object["field_level"] == "shadow")
        #expect(object["n"] == "1")
        #expect(object.count == 6)
        #expect(line.hasPrefix(#"{"ts":""#))
        // ts, level and event lead, in that order, then the fields as given.
        #expect(line.range(of: #""level":"warn","event":"odd","reason":"#) != nil)
    }

    @Test func theDaemonsJSONLogLinesParseAndCarryTheLifecycle() throws {
        let model = try DaemonFixtures.modelFile()
        let folder = DaemonFixtures.temporaryFolder()
        let log = folder + "/eddd.log"
        let socket = folder + "/eddd.sock"
        let process = try EdddLauncher.launch(
            [
                "--model", model.path, "--listen", "127.0.0.1:0", "--unix", socket, "--workers", "2",
                "--metrics", "127.0.0.1:0", "--log-format", "json",
            ], log: log)
        func objects() -> [[String: Any]] {
            EdddLauncher.contents(log).split(separator: "\n").map {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? ["unparsable": String($0)]
            }
        }
        #expect(eventually { objects().contains { $0["event"] as? String == "start" } })
        let unix = try client("unix:" + socket)
        #expect(errorCode(try unix.request(#"{"op":"reload","path":"/nonexistent/m"}"#)) == "invalid_request")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let all = objects()
        #expect(!all.isEmpty)
        for object in all {
            #expect(object["unparsable"] == nil, "\(object)")
            let ts = object["ts"] as? String ?? ""
            #expect(ISO8601DateFormatter.withMilliseconds.date(from: ts) != nil, "ts \(ts)")
            #expect(["debug", "info", "warn", "error"].contains(object["level"] as? String ?? ""), "\(object)")
            #expect(!(object["event"] as? String ?? "").isEmpty)
            #expect(object.values.allSatisfy { $0 is String })
        }
        let events = all.map { $0["event"] as? String ?? "" }
        #expect(Array(events.prefix(2)) == ["metrics_listen", "start"])
        #expect(events.suffix(1) == ["stopped"])
        let start = try #require(all.first { $0["event"] as? String == "start" })
        #expect(start["model"] as? String == model.id)
        let failed = try #require(all.first { $0["event"] as? String == "reload" })
        #expect(failed["level"] as? String == "error")
        #expect(failed["result"] as? String == "failed")
    }

    @Test func everyLevelNameTheLogsWriteIsAcceptedByTheFlag() throws {
        for level in [Logger.Level.debug, .info, .warning, .error] {
            // The flags are read before the model: a missing model (66) proves the level was accepted (64 not).
            let run = try ToolProcess("eddd", ["--log-level", level.description, "--model", "/nonexistent/m"])
            #expect(run.status == 66, "\(level): \(run.stderr)")
        }
        let bad = try ToolProcess("eddd", ["--log-format", "xml"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--log-format must be text or json"), "\(bad.stderr)")
    }
}

extension ISO8601DateFormatter {
    /// `2026-11-23T22:46:30.123Z`.
    static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
