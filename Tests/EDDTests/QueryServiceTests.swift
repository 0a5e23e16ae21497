@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// The service's shards: per-thread predictors and counters that add up, and reloads every shard sees.
@Suite struct QueryServiceTests {
    static let edd =
        #"{"op":"edd","carrier":"ups","service":"ground","origin":{"postal":"10001"},"#
        + #""destination":{"postal":"02110"},"ship_time":"2026-11-03T12:00:00-05:00"}"#

    func object(_ line: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    func respond(_ service: QueryService, _ line: String, shard: Int) throws -> [String: Any] {
        var out: [UInt8] = []
        service.respond(line: Array(line.utf8), adminAllowed: true, shard: shard, into: &out)
        #expect(out.last == 0x0A)
        return try object(Array(out.dropLast()))
    }

    @Test func statsAddUpTheRequestsOfEveryShard() throws {
        let service = QueryService(model: ModelFileTests.smallModel(), path: nil, shards: 3)
        // Shard 0: two edd; shard 1: one edd and one bad line; shard 2: one health. Shard 4 wraps to 1.
        for shard in [0, 0, 1] { #expect(try respond(service, Self.edd, shard: shard)["ok"] as? Bool == true) }
        #expect(try respond(service, "{nope", shard: 4)["ok"] as? Bool == false)
        #expect(try respond(service, #"{"op":"health"}"#, shard: 2)["ok"] as? Bool == true)
        let stats = try respond(service, #"{"op":"stats"}"#, shard: 1)
        let requests = try #require(stats["requests"] as? [String: Any])
        #expect(requests["edd"] as? Int == 3)
        #expect(requests["undecoded"] as? Int == 1)
        #expect(requests["health"] as? Int == 1)
        // The stats request itself is recorded after its answer is written.
        #expect(requests["stats"] as? Int == 0)
        #expect((stats["errors"] as? [String: Any])?["invalid_json"] as? Int == 1)
    }

    @Test func aReloadReachesEveryShard() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edd-qs-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ModelFile.save(ModelFileTests.smallModel(), path: directory + "/a.model")
        let second = try ModelFile.save(PooledServiceTests.model(), path: directory + "/b.model")
        #expect(first != second)
        let service = QueryService(model: try ModelFile.load(path: directory + "/a.model"), path: nil, shards: 2)
        for shard in 0..<2 { #expect(try respond(service, Self.edd, shard: shard)["model"] as? String == first) }
        let reloaded = try respond(service, #"{"op":"reload","path":"\#(directory)/b.model"}"#, shard: 0)
        #expect(reloaded["model"] as? String == second)
        for shard in 0..<2 { #expect(try respond(service, Self.edd, shard: shard)["model"] as? String == second) }
        #expect(service.model.metadata.id == second)
    }

    @Test func aRefusedReloadRepliesWithTheFilesReasonAndKeepsTheOldModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edd-qs-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = ModelFileTests.smallModel()
        let served = ModelFile.encode(model)
        // The magic, a version and a header length, then nothing: 16 bytes, too short for any model.
        let cut = directory + "/cut.model"
        try Data(served.prefix(16)).write(to: URL(fileURLWithPath: cut))
        let service = QueryService(model: try ModelFile.decode(served), path: nil, shards: 1)
        let id = service.model.metadata.id
        let expected = "model file '\(cut)' is truncated (16 bytes)"
        var out: [UInt8] = []
        let outcome = service.respond(
            line: Array(#"{"id":7,"op":"reload","path":"\#(cut)"}"#.utf8), adminAllowed: true, into: &out)
        #expect(outcome.reload == .failed(reason: expected))
        #expect(
            outcome.error == ProtocolError(.invalidRequest, "reload failed, still serving the old model: " + expected))
        let reply = try object(Array(out.dropLast()))
        #expect(reply["ok"] as? Bool == false)
        let error = try #require(reply["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_request")
        #expect(error["message"] as? String == "reload failed, still serving the old model: " + expected)
        #expect(service.model.metadata.id == id)
        // Without a path, a service that was not read from a file has nothing to reload.
        #expect(throws: QueryServiceError.noModelPath) { try service.reload() }
    }
}
