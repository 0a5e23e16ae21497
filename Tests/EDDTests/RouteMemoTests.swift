@testable import EDDCore
@testable import EDDProtocol
import Foundation
import Testing

/// The route memo gives what decoding and routing without it give: the same request, the same response bytes,
/// across reloads.
@Suite struct RouteMemoTests {
    static func described(_ decode: () throws(RequestDecodingError) -> DecodedRequest) -> String {
        do throws(RequestDecodingError) {
            let decoded = try decode()
            return "\(String(reflecting: decoded.id)) \(String(reflecting: decoded.request))"
        } catch {
            return "\(error)"
        }
    }

    @Test func linesDecodedThroughTheMemoDecodeAsWithout() {
        var generator = RequestLineGenerator(seed: 3, faults: false)
        var faulty = RequestLineGenerator(seed: 4, faults: true)
        var memo = RouteMemo()
        var slotted = 0
        for k in 0..<30_000 {
            let line = k % 3 == 2 ? faulty.line() : generator.line()
            let plain = Self.described { () throws(RequestDecodingError) in try RequestDecoder.decode(line) }
            // Twice: the first may fill the slot, the second then reads it.
            for _ in 0..<2 {
                let memoized = line.withUnsafeBytes { bytes in
                    withUnsafeMutablePointer(to: &memo) { m in
                        Self.described { () throws(RequestDecodingError) in
                            let decoded = try RequestDecoder.decode(bytes, memo: m)
                            if decoded.routeSlot != nil { slotted += 1 }
                            return decoded
                        }
                    }
                }
                if memoized != plain {
                    Issue.record("\(String(decoding: line, as: UTF8.self))\n memo: \(memoized)\n plain: \(plain)")
                    return
                }
            }
        }
        // Most edd lines have memoizable route fields.
        #expect(slotted > 10_000)
    }

    @Test func aSlotHoldsOnlyTheSpellingItWasFilledWith() throws {
        let a = Array(#"{"op":"edd","carrier":"ups","destination":{"postal":"10001"}}"#.utf8)
        let b = Array(#"{"op":"edd","carrier":"UPS","destination":{"postal":"10002"}}"#.utf8)
        var memo = RouteMemo()
        func decode(_ line: [UInt8]) throws -> EDDQuery {
            let decoded = try line.withUnsafeBytes { bytes in
                try withUnsafeMutablePointer(to: &memo) { m in try RequestDecoder.decode(bytes, memo: m) }
            }
            guard case .edd(let q) = decoded.request else { throw ProtocolError(.internal, "not edd") }
            return q
        }
        for _ in 0..<3 {
            #expect(try decode(a).destination.postal == "10001")
            #expect(try decode(b).destination.postal == "10002")
            #expect(try decode(b).carrier == "ups")
        }
    }

    @Test func aReloadIsNotAnsweredWithTheOldModelsRoute() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edd-memo-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ModelFile.save(ModelFileTests.smallModel(), path: directory + "/a.model")
        try ModelFile.save(PooledServiceTests.model(), path: directory + "/b.model")
        let clock: @Sendable () -> Instant = { Instant(seconds: 1_795_000_000) }
        let line = Array(QueryServiceTests.edd.utf8)
        func answer(_ service: QueryService) -> [UInt8] {
            var out: [UInt8] = []
            service.respond(line: line, adminAllowed: true, into: &out)
            return out
        }
        let service = QueryService(model: try ModelFile.load(path: directory + "/a.model"), path: nil, clock: clock)
        let fromA = QueryService(model: try ModelFile.load(path: directory + "/a.model"), path: nil, clock: clock)
        let fromB = QueryService(model: try ModelFile.load(path: directory + "/b.model"), path: nil, clock: clock)
        let first = answer(service)
        #expect(answer(service) == first)
        #expect(first == answer(fromA))
        try service.reload(path: directory + "/b.model")
        let second = answer(service)
        // Each model's own service (its first request, nothing memoized) answers the same bytes.
        #expect(second == answer(fromB))
        #expect(second != first)
        #expect(answer(service) == second)
    }

    /// Nine lanes whose fingerprints share a set: the eight ways hold eight of them, and the ninth replaces the
    /// one used least recently (looking up a held lane counts as a use), whatever the order they came in.
    @Test func aFullSetReplacesTheLaneUsedLeastRecently() throws {
        func line(_ postal: Int) -> [UInt8] {
            Array(#"{"op":"edd","carrier":"ups","destination":{"postal":"\#(postal)"}}"#.utf8)
        }
        func slot(_ line: [UInt8], _ memo: inout RouteMemo) throws -> Int {
            let decoded = try line.withUnsafeBytes { bytes in
                try withUnsafeMutablePointer(to: &memo) { m in try RequestDecoder.decode(bytes, memo: m) }
            }
            return try #require(decoded.routeSlot)
        }
        // A lane's set is its slot's, whatever the memo holds (its fingerprint decides it): find nine in one.
        var bySet: [Int: [Int]] = [:]
        var lanes: [Int] = []
        var scratch = RouteMemo()
        for postal in 10_000..<40_000 {
            let set = try slot(line(postal), &scratch) / RouteMemo.ways
            bySet[set, default: []].append(postal)
            if bySet[set]!.count == RouteMemo.ways + 1 {
                lanes = bySet[set]!
                break
            }
        }
        try #require(lanes.count == 9)
        var memo = RouteMemo()
        let first = try lanes.prefix(8).map { try slot(line($0), &memo) }
        // Eight lanes, eight different ways of the set.
        #expect(Set(first).count == 8)
        // Used again in reverse order, each keeps its slot; lanes[7] is now the one used least recently.
        for k in (0..<8).reversed() { #expect(try slot(line(lanes[k]), &memo) == first[k]) }
        #expect(try slot(line(lanes[8]), &memo) == first[7])
        // lanes[7] was replaced: asked again it takes the slot of the next least recently used, lanes[6].
        #expect(try slot(line(lanes[7]), &memo) == first[6])
        // The others are still held where they were.
        for k in 0..<6 { #expect(try slot(line(lanes[k]), &memo) == first[k]) }
    }
}
