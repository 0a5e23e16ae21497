import EDDServer
import Foundation
import Testing

/// Every op of PROTOCOL.md against the built `eddd`, with a model whose answers are known by construction
/// (``DaemonFixtures``: zero handling, exactly two working days in transit).
@Suite struct DaemonEndToEndTests {
    static let lane =
        #""carrier":"testship","service":"ground","origin":{"country":"US","postal":"94107","id":"wh-1"},"#
        + #""destination":{"country":"US","postal":"10001"}"#

    @Test func eddForAnOrderOnTuesdayIsThursdayWithQuantilesAndDistribution() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let c = try daemon.tcpClient()
        let answer = json(
            try c.request(
                #"{"id":"c-1","op":"edd",\#(Self.lane),"order_time":"2026-05-05T10:00:00-04:00","#
                    + #""confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":true}"#))
        #expect(answer["id"] as? String == "c-1")
        #expect(answer["ok"] as? Bool == true)
        #expect(answer["edd"] as? String == DaemonFixtures.thursday)
        #expect(answer["most_likely"] as? String == DaemonFixtures.thursday)
        #expect(answer["model"] as? String == model.id)
        let quantiles = answer["quantiles"] as? [String: String]
        #expect(
            quantiles == [
                "0.1": DaemonFixtures.thursday, "0.5": DaemonFixtures.thursday, "0.9": DaemonFixtures.thursday,
            ])
        let range = answer["range"] as? [String: String]
        #expect(range == ["earliest": DaemonFixtures.thursday, "latest": DaemonFixtures.thursday])
        let distribution = answer["distribution"] as? [[String: Any]] ?? []
        let thursday = distribution.first { $0["date"] as? String == DaemonFixtures.thursday }
        #expect((thursday?["p"] as? Double ?? 0) >= 0.9)
        #expect((answer["probability"] as? Double ?? 0) >= 0.9)
    }

    @Test func shipTimeSkipsHandlingAndOptionsAnswerEachCarrierInOrder() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let c = try daemon.tcpClient()
        let shipped = json(try c.request(#"{"id":7,"op":"edd",\#(Self.lane),"ship_time":"2026-05-05T11:00:00-04:00"}"#))
        #expect(shipped["id"] as? Int == 7)
        #expect(shipped["edd"] as? String == DaemonFixtures.thursday)
        let options = json(
            try c.request(
                #"{"op":"edd",\#(Self.lane),"order_time":"2026-05-05T10:00:00-04:00","options":"#
                    + #"[{"carrier":"testship","service":"ground"},{"carrier":"testship"}]}"#))
        let answers = options["options"] as? [[String: Any]] ?? []
        #expect(answers.count == 2)
        #expect(answers.map { $0["edd"] as? String } == [DaemonFixtures.thursday, DaemonFixtures.thursday])
    }

    @Test func riskIsCertainOnceThePromiseHasPassedAndFollowsTheDeliveryScan() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let c = try daemon.tcpClient()
        // Promised Monday 05-04, now Friday 05-08, no delivery: it is already late.
        let passed = json(
            try c.request(
                #"{"id":"n-1","op":"risk",\#(Self.lane),"order_time":"2026-04-30T10:00:00-04:00","#
                    + #""promised":"2026-05-04","now":"2026-05-08T12:00:00-04:00","#
                    + #""scans":[{"code":"PICKED_UP","time":"2026-04-30T11:00:00-04:00","postal":"94107"}]}"#))
        #expect(passed["p_late"] as? Double == 1)
        #expect(passed["late"] as? Bool == true)
        #expect(passed["state"] as? String == "in_transit")
        #expect(passed["model"] as? String == model.id)
        // Delivered Thursday for a Friday promise: not late, whatever the model says.
        let delivered = json(
            try c.request(
                #"{"id":"n-2","op":"risk",\#(Self.lane),"order_time":"2026-05-05T10:00:00-04:00","#
                    + #""promised":"2026-05-08","now":"2026-05-07T20:00:00-04:00","scans":["#
                    + #"{"code":"PICKED_UP","time":"2026-05-05T11:00:00-04:00"},"#
                    + #"{"code":"DELIVERED","time":"2026-05-07T14:00:00-04:00"}]}"#))
        #expect(delivered["p_late"] as? Double == 0)
        #expect(delivered["late"] as? Bool == false)
        #expect(delivered["state"] as? String == "delivered")
    }

    @Test func healthModelAndStatsDescribeTheServedModelAndTheServer() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, ["--max-line", "200"])
        let c = try daemon.tcpClient()
        let health = json(try c.request(#"{"id":"h","op":"health"}"#))
        #expect(health["status"] as? String == "serving")
        #expect((health["model"] as? [String: Any])?["id"] as? String == model.id)
        #expect(health["uptime_s"] is Double || health["uptime_s"] is Int)
        let description = json(try c.request(#"{"op":"model"}"#))
        #expect(description["ok"] as? Bool == true)
        #expect(description["model_id"] as? String == model.id)
        // Three edd requests, one over-long line, then stats: the counts are known exactly.
        for _ in 0..<3 { _ = try c.request(#"{"op":"edd",\#(Self.lane),"order_time":"2026-05-05T10:00:00-04:00"}"#) }
        #expect(errorCode(try c.request(String(repeating: "x", count: 300))) == "line_too_long")
        let stats = json(try c.request(#"{"op":"stats"}"#))
        #expect((stats["requests"] as? [String: Any])?["edd"] as? Int == 3)
        let connections = stats["connections"] as? [String: Any]
        #expect(connections?["open"] as? Int == 1)
        #expect(connections?["accepted"] as? Int == 1)
        let server = stats["server"] as? [String: Any]
        #expect(server?["line_too_long"] as? Int == 1)
        #expect(server?["overloaded"] as? Int == 0)
        // Lines are counted once the read that carried them is answered, so stats sees the five before it:
        // health, model, 3 × edd (the over-long line never reaches the handler).
        #expect(server?["lines"] as? Int == 5)
        // With a request id, the answer echoes it once and still names the model.
        let named = try c.request(#"{"id":"m-7","op":"model"}"#)
        #expect(named.components(separatedBy: #""id":"#).count == 2, "\(named)")
        #expect(json(named)["id"] as? String == "m-7" && json(named)["model_id"] as? String == model.id)
    }

    @Test func reloadIsAnAdminOpAllowedOnTheUnixSocketOnly() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path)
        let refused = try daemon.tcpClient().request(#"{"id":1,"op":"reload"}"#)
        #expect(errorCode(refused) == "not_allowed")
        let newer = try DaemonFixtures.modelFile(transitDays: 3)
        let reloaded = json(try daemon.unixClient().request(#"{"id":2,"op":"reload","path":"\#(newer.path)"}"#))
        #expect(reloaded["ok"] as? Bool == true)
        #expect(reloaded["model"] as? String == newer.id)
        let after = json(
            try daemon.tcpClient().request(#"{"op":"edd",\#(Self.lane),"order_time":"2026-05-05T10:00:00-04:00"}"#))
        #expect(after["edd"] as? String == DaemonFixtures.friday)
        #expect(after["model"] as? String == newer.id)
        #expect(daemon.events("reload").contains { $0.contains("result=ok") && $0.contains("model=\(newer.id)") })
    }

    @Test func allowAdminPermitsReloadOverTCP() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--allow-admin"])
        let reloaded = json(try daemon.tcpClient().request(#"{"op":"reload"}"#))
        #expect(reloaded["ok"] as? Bool == true)
        #expect(reloaded["model"] as? String == model.id)
    }
}
