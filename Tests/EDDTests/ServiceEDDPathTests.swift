@testable import EDDCore
@testable import EDDProtocol
import Foundation
import Testing

/// The service's `edd` path (the route fields, the route and the last forecast CDF read from the memo's slot,
/// the id written from the line) answers the bytes that decoding in full and answering through the public API
/// give.
@Suite struct ServiceEDDPathTests {
    static let now = Instant(seconds: 1_795_000_000)

    /// The shipped model (real order-timing effects, so the shift varies with the order time), or nil.
    static func shippedModel() -> EDDModel? {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models/edd.model").path
        return try? ModelFile.load(path: path)
    }

    /// The response the straightforward path gives: decode without a memo, answer through `Predictor`'s public
    /// functions, write with `ResponseWriter`'s public ones. Nil for ops whose answer depends on the service's
    /// state (health, model, stats, reload).
    static func expected(_ line: [UInt8], _ predictor: Predictor) -> [UInt8]? {
        var out: [UInt8] = []
        let decoded: DecodedRequest
        do throws(RequestDecodingError) {
            decoded = try RequestDecoder.decode(line)
        } catch {
            ResponseWriter.writeError(id: error.id, error: error.error, into: &out)
            return out
        }
        let model = predictor.model.metadata.id
        switch decoded.request {
        case .edd(let q):
            let answers = q.shippingOptions.map { option in
                EDDOptionAnswer(option: option, answer: predictor.answer(q, option: option, now: now))
            }
            ResponseWriter.writeEDD(
                id: decoded.id, answer: answers[0].answer, options: q.options.isEmpty ? nil : answers, model: model,
                into: &out)
        case .risk(let q):
            ResponseWriter.writeRisk(id: decoded.id, answer: predictor.answer(q, now: now), model: model, into: &out)
        default:
            return nil
        }
        return out
    }

    func check(_ model: EDDModel, seed: UInt64) {
        let service = QueryService(model: model, path: nil, clock: { Self.now })
        let predictor = Predictor(model: model)
        var valid = RequestLineGenerator(seed: seed, faults: false)
        var faulty = RequestLineGenerator(seed: seed + 1, faults: true)
        var compared = 0
        for k in 0..<6_000 {
            let line = k % 4 == 3 ? faulty.line() : valid.line()
            guard let expected = Self.expected(line, predictor) else { continue }
            // Twice: the first may fill the slot (route fields, route, CDF), the second reads it.
            for _ in 0..<2 {
                var out: [UInt8] = []
                service.respond(line: line, adminAllowed: false, into: &out)
                guard out == expected else {
                    Issue.record(
                        """
                        \(String(decoding: line, as: UTF8.self))
                         service: \(String(decoding: out, as: UTF8.self))
                         expected: \(String(decoding: expected, as: UTF8.self))
                        """)
                    return
                }
                compared += 1
            }
        }
        #expect(compared > 6_000)
    }

    @Test func randomLinesAnswerAsDecodingInFullDoesWithTheSmallModel() {
        check(ModelFileTests.smallModel(), seed: 21)
    }

    @Test func randomLinesAnswerAsDecodingInFullDoesWithTheShippedModel() throws {
        let model = try #require(Self.shippedModel())
        check(model, seed: 23)
    }

    /// One lane asked about at many order times, ship times and none, with several sets of terms: the slot's CDF
    /// and answer are replaced as the shift, the start or the terms change and reused when they repeat, and every
    /// answer is the full path's.
    @Test func oneLaneAtManyTimesAndTermsAnswersAsDecodingInFullDoes() throws {
        let model = try #require(Self.shippedModel())
        let service = QueryService(model: model, path: nil, clock: { Self.now })
        let predictor = Predictor(model: model)
        var shifts = Set<UInt64>()
        for k in 0..<840 {
            // Fourteen requests at one time: seven sets of terms, each differing from the one before in one
            // thing only and given twice in a row (the second finds the first's answer, which the next set, at
            // the same start and shift, must not be answered with).
            let (group, j) = (k / 14, k % 14)
            let hour = (group * 7) % 24
            let day = 1 + (group * 5) % 28
            let time = "2026-11-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):30:00-08:00"
            let field =
                group % 4 == 3 ? #""ship_time":"\#(time)""# : group % 7 == 6 ? #""x":1"# : #""order_time":"\#(time)""#
            let terms = [
                #""quantiles":[0.25,0.75],"distribution":true"#, #""quantiles":[0.25,0.75]"#,
                #""quantiles":[0.25,0.75],"confidence":0.8"#, #""quantiles":[0.25,0.75],"confidence":0.8,"range":0.3"#,
                #""quantiles":[0.25,0.7500000000000001],"confidence":0.8,"range":0.3"#,
                #""quantiles":[0.7500000000000001,0.25],"confidence":0.8,"range":0.3"#,
                #""quantiles":[0.7500000000000001],"confidence":0.8,"range":0.3"#,
            ][j / 2]
            let line = Array(
                (#"{"id":\#(k),"op":"edd","carrier":"ups","service":"ground","origin":{"postal":"94107"},"#
                    + #""destination":{"postal":"10001"},\#(field),\#(terms)}"#)
                    .utf8)
            let expected = try #require(Self.expected(line, predictor))
            var out: [UInt8] = []
            service.respond(line: line, adminAllowed: false, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            if case .edd(let q) = try RequestDecoder.decode(line).request, q.shipTime == nil {
                let route = predictor.route(
                    carrier: q.carrier, service: q.service, origin: q.origin, destination: q.destination)
                let (_, shift) = predictor.forecastStart(
                    route: route, orderTime: q.orderTime?.instant, shipTime: nil, now: Self.now)
                if let shift { shifts.insert(shift.bitPattern) }
            }
        }
        // The order times give several different shifts, so the slot's CDF was replaced and found again.
        #expect(shifts.count >= 3)
    }
}
