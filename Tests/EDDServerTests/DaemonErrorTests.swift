import EDDServer
import Foundation
import Glibc
import Testing

/// Every error code of PROTOCOL.md from the built `eddd`, and bad clients not disturbing good ones.
///
/// `internal` is not triggerable from outside: it is reserved for bugs, and the engine has no request that
/// reaches it on purpose, so no test provokes it.
@Suite struct DaemonErrorTests {
    static let edd =
        #"{"op":"edd","carrier":"testship","service":"ground","origin":{"country":"US","postal":"94107"},"#
        + #""destination":{"country":"US","postal":"10001"},"order_time":"2026-05-05T10:00:00-04:00"}"#

    @Test func malformedUnknownAndIncompleteRequestsGetTheirCodesAndTheConnectionStaysUsable() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false)
        let c = try daemon.tcpClient()
        #expect(errorCode(try c.request("this is not json")) == "invalid_json")
        #expect(errorCode(try c.request("[1,2,3]")) == "invalid_json")
        let unknown = try c.request(#"{"id":"u","op":"teleport"}"#)
        #expect(errorCode(unknown) == "unknown_op")
        #expect(json(unknown)["id"] as? String == "u")
        let missing = try c.request(#"{"id":9,"op":"edd"}"#)
        #expect(errorCode(missing) == "invalid_request")
        #expect(errorMessage(missing).contains("carrier"))
        let wrongType = try c.request(
            #"{"op":"edd","carrier":"testship","destination":{"country":"US","postal":10001}}"#)
        #expect(errorCode(wrongType) == "invalid_request")
        #expect(errorMessage(wrongType).contains("destination.postal"))
        let badConfidence = try c.request(
            #"{"op":"edd","carrier":"testship","destination":{"postal":"10001"},"confidence":1.5}"#)
        #expect(errorCode(badConfidence) == "invalid_request")
        #expect(errorMessage(badConfidence).contains("confidence"))
        #expect(json(try c.request(Self.edd))["edd"] as? String == DaemonFixtures.thursday)
    }

    @Test func overLongLineIsAnsweredAndSkippedUpToItsNewline() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--max-line", "1000"])
        let c = try daemon.tcpClient()
        // 5000 bytes sent in pieces, then a good line right behind it in the same write.
        try c.send(raw: Array(repeating: 0x61, count: 2500))
        try c.send(raw: Array(repeating: 0x62, count: 2500) + [0x0A] + Array(Self.edd.utf8) + [0x0A])
        let tooLong = try c.readLineString() ?? ""
        #expect(errorCode(tooLong) == "line_too_long")
        #expect(errorMessage(tooLong).contains("1000"))
        #expect(json(try c.readLineString() ?? "")["edd"] as? String == DaemonFixtures.thursday)
    }

    @Test func connectionsBeyondTheLimitAreAnsweredOverloaded() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false, ["--max-connections", "1"])
        let first = try daemon.tcpClient()
        // A round trip proves the first connection was accepted and counted before the second arrives.
        #expect(json(try first.request(#"{"op":"health"}"#))["ok"] as? Bool == true)
        let second = try daemon.tcpClient()
        let refused = try second.readLineString() ?? ""
        #expect(errorCode(refused) == "overloaded")
        #expect(try second.readLine() == nil)
        let stats = json(try first.request(#"{"op":"stats"}"#))
        #expect((stats["connections"] as? [String: Any])?["refused"] as? Int == 1)
        #expect((stats["server"] as? [String: Any])?["overloaded"] as? Int == 1)
    }

    @Test func garbageAndAbandonedClientsDoNotDisturbAConcurrentGoodClient() throws {
        let model = try DaemonFixtures.modelFile()
        let daemon = try DaemonProcess(model: model.path, unix: false)
        let good = try daemon.tcpClient()
        let noisy = try daemon.tcpClient()
        var generator = SystemRandomNumberGenerator()
        var garbage = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        garbage.append(0x0A)
        var batch = ""
        for i in 0..<200 { batch += Self.edd.replacingOccurrences(of: #"{"op""#, with: #"{"id":\#(i),"op""#) + "\n" }
        try good.send(raw: Array(batch.utf8))
        for round in 0..<5 {
            try noisy.send(raw: garbage)
            let abandoned = try daemon.tcpClient()
            try abandoned.send(raw: Array(#"{"op":"edd","carrier":"tests"#.utf8) + [UInt8(round)])
            _ = abandoned  // closed here, mid-line
        }
        for i in 0..<200 {
            let answer = json(try good.readLineString() ?? "")
            #expect(answer["id"] as? Int == i)
            #expect(answer["edd"] as? String == DaemonFixtures.thursday)
        }
        // Every garbage line got exactly one answer, each an error or (by chance) a valid one.
        let lines = garbage.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
        for _ in 0..<(5 * lines) {
            let answer = try noisy.readLineString() ?? ""
            #expect(json(answer)["ok"] != nil)
        }
        #expect(json(try good.request(#"{"op":"health"}"#))["status"] as? String == "serving")
    }
}
