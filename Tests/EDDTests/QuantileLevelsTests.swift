@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// Quantile levels are numbers: one given twice, however spelled, is answered once, so the response's
/// `quantiles` object never repeats a key.
@Suite struct QuantileLevelsTests {
    static let service = QueryService(
        model: ModelFileTests.smallModel(), path: nil, clock: { Instant(seconds: 1_795_500_000) })

    static let request =
        #"{"op":"edd","carrier":"ups","service":"ground","origin":{"postal":"10001"},"#
        + #""destination":{"postal":"02110"},"ship_time":"2026-11-03T12:00:00-05:00","quantiles":"#

    func levels(_ quantiles: String) throws -> [Double] {
        guard case .edd(let q) = try RequestDecoder.decode(Self.request + quantiles + "}").request else {
            throw ProtocolError(.internal, "not edd")
        }
        return q.quantiles
    }

    /// The raw text of the response's `quantiles` object, between its braces.
    func quantilesText(_ quantiles: String) throws -> String {
        var out: [UInt8] = []
        Self.service.respond(line: Array((Self.request + quantiles + "}").utf8), adminAllowed: false, into: &out)
        let text = String(decoding: out, as: UTF8.self)
        let start = try #require(text.range(of: #""quantiles":{"#))
        let end = try #require(text[start.upperBound...].firstIndex(of: "}"))
        return String(text[start.upperBound..<end])
    }

    @Test func equalLevelsAreKeptOnceInTheOrderFirstGiven() throws {
        #expect(try levels("[0.5,0.5]") == [0.5])
        #expect(try levels("[1e-1,0.50,5E-1]") == [0.1, 0.5])
        #expect(try levels("[0.9,0.1,0.90,0.1,9e-1]") == [0.9, 0.1])
        // Levels that differ in the last digit stay apart.
        #expect(try levels("[0.5,0.5000000000000001]") == [0.5, 0.5000000000000001])
    }

    @Test func theResponseHasEachKeyOnce() throws {
        // Ship Tuesday 2026-11-03, two working days in transit: every quantile is Thursday 2026-11-05.
        #expect(try quantilesText("[0.5,0.5]") == #""0.5":"2026-11-05""#)
        #expect(try quantilesText("[1e-1,0.50,5E-1]") == #""0.1":"2026-11-05","0.5":"2026-11-05""#)
    }

    @Test func theLimitCountsLevelsAsGiven() throws {
        // 99 copies of one level are one level; the 99-level limit is on what the request spells out.
        let ninetyNine = Array(repeating: "0.5", count: 99).joined(separator: ",")
        #expect(try levels("[" + ninetyNine + "]") == [0.5])
        #expect(throws: RequestDecodingError.self) { try levels("[" + ninetyNine + ",0.5]") }
    }
}
