import Testing

@testable import EDD

@Suite struct ResponseEncodingTests {
    func line(_ write: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        write(&out)
        return String(decoding: out, as: UTF8.self)
    }

    func day(_ d: Int) -> CivilDate { CivilDate(year: 2026, month: 11, day: d)! }

    let c1 = RequestID(json: Array(#""c-1""#.utf8))

    var exampleAnswer: EDDAnswer {
        EDDAnswer(
            edd: day(30), confidence: 0.9, probability: 0.931, range: (day(26), day(30)), mostLikely: day(27),
            quantiles: [(0.1, day(26)), (0.5, day(27)), (0.9, day(30))], distribution: [(day(26), 0.14)],
            basis: ("lane", 1423))
    }

    @Test func eddResponseMatchesTheProtocolExample() {
        // PROTOCOL.md's example, written out compactly by hand.
        let expected =
            #"{"id":"c-1","ok":true,"edd":"2026-11-30","confidence":0.9,"probability":0.931,"#
            + #""range":{"earliest":"2026-11-26","latest":"2026-11-30"},"most_likely":"2026-11-27","#
            + #""quantiles":{"0.1":"2026-11-26","0.5":"2026-11-27","0.9":"2026-11-30"},"#
            + #""distribution":[{"date":"2026-11-26","p":0.14}],"#
            + #""basis":{"level":"lane","shipments":1423},"model":"m-2026-11"}"# + "\n"
        #expect(
            line { ResponseWriter.writeEDD(id: c1, answer: exampleAnswer, model: "m-2026-11", into: &$0) } == expected)
    }

    @Test func eddResponseOmitsEmptyQuantilesAndAbsentDistributionAndRoundsProbabilities() {
        let answer = EDDAnswer(
            edd: day(30), confidence: 0.95, probability: 0.95871, range: (day(25), day(30)), mostLikely: day(27),
            basis: ("carrier", 88.25))
        let expected =
            #"{"ok":true,"edd":"2026-11-30","confidence":0.95,"probability":0.9587,"#
            + #""range":{"earliest":"2026-11-25","latest":"2026-11-30"},"most_likely":"2026-11-27","#
            + #""basis":{"level":"carrier","shipments":88.3},"model":"m"}"# + "\n"
        #expect(line { ResponseWriter.writeEDD(id: nil, answer: answer, model: "m", into: &$0) } == expected)
    }

    @Test func quantileKeysAreTheShortestDecimalOfTheLevel() {
        var answer = exampleAnswer
        answer.quantiles = [(0.25, day(26)), (0.05, day(25)), (0.975, day(30))]
        answer.distribution = nil
        let text = line { ResponseWriter.writeEDD(id: nil, answer: answer, model: "m", into: &$0) }
        #expect(text.contains(#""quantiles":{"0.25":"2026-11-26","0.05":"2026-11-25","0.975":"2026-11-30"}"#))
    }

    @Test func eddResponseWithOptionsListsEachOptionAfterTheModel() {
        let second = EDDAnswer(
            edd: day(27), confidence: 0.9, probability: 0.9, range: (day(26), day(27)), mostLikely: day(26),
            basis: ("region", 12))
        var first = exampleAnswer
        first.quantiles = []
        first.distribution = nil
        let options = [
            EDDOptionAnswer(option: ShippingOption(carrier: "ups", service: "ground"), result: .success(first)),
            EDDOptionAnswer(option: ShippingOption(carrier: "fedex", service: "2day"), result: .success(second)),
            EDDOptionAnswer(
                option: ShippingOption(carrier: "acme"), result: .failure(.invalidRequest("unknown carrier"))),
        ]
        let firstFields =
            #""edd":"2026-11-30","confidence":0.9,"probability":0.931,"#
            + #""range":{"earliest":"2026-11-26","latest":"2026-11-30"},"most_likely":"2026-11-27","#
            + #""basis":{"level":"lane","shipments":1423}"#
        let expected =
            #"{"id":"c-1","ok":true,"# + firstFields + #","model":"m","options":["#
            + #"{"carrier":"ups","service":"ground","ok":true,"# + firstFields + "},"
            + #"{"carrier":"fedex","service":"2day","ok":true,"edd":"2026-11-27","confidence":0.9,"probability":0.9,"#
            + #""range":{"earliest":"2026-11-26","latest":"2026-11-27"},"most_likely":"2026-11-26","#
            + #""basis":{"level":"region","shipments":12}},"#
            + #"{"carrier":"acme","ok":false,"error":{"code":"invalid_request","message":"unknown carrier"}}]}"# + "\n"
        #expect(
            line { ResponseWriter.writeEDD(id: c1, answer: first, options: options, model: "m", into: &$0) } == expected
        )
    }

    @Test func riskResponseMatchesTheProtocolExample() {
        let answer = RiskAnswer(
            pLate: 0.37, late: false, state: .inTransit, edd: day(28),
            reasons: [(code: "no_scan", detail: "no scan for 2.1 days")])
        let expected =
            #"{"id":"n-9","ok":true,"p_late":0.37,"late":false,"state":"in_transit","edd":"2026-11-28","#
            + #""reasons":[{"code":"no_scan","detail":"no scan for 2.1 days"}],"model":"m-1"}"# + "\n"
        let id = RequestID(json: Array(#""n-9""#.utf8))
        #expect(line { ResponseWriter.writeRisk(id: id, answer: answer, model: "m-1", into: &$0) } == expected)
    }

    @Test func riskResponseWithoutEDDOrReasons() {
        let answer = RiskAnswer(pLate: 1, late: true, state: .delivered)
        let expected = #"{"ok":true,"p_late":1,"late":true,"state":"delivered","reasons":[],"model":"m"}"# + "\n"
        #expect(line { ResponseWriter.writeRisk(id: nil, answer: answer, model: "m", into: &$0) } == expected)
    }

    @Test func errorResponsesMatchTheProtocolExample() {
        let error = ProtocolError.invalidRequest("destination.postal must be a string")
        #expect(
            line { ResponseWriter.writeError(id: c1, error: error, into: &$0) }
                == #"{"id":"c-1","ok":false,"error":{"code":"invalid_request","message":"destination.postal must be a string"}}"#
                + "\n")
        #expect(
            line {
                ResponseWriter.writeError(
                    id: nil, error: ProtocolError(.lineTooLong, "line exceeds 65536 bytes"), into: &$0)
            }
                == #"{"ok":false,"error":{"code":"line_too_long","message":"line exceeds 65536 bytes"}}"# + "\n")
    }

    @Test func decodeFailuresEchoTheIdVerbatimInTheErrorLine() {
        for (request, id) in [(#"{"id":"c-\u0031","op":"foo"}"#, #""c-\u0031""#), (#"{"id":1.50,"op":"foo"}"#, "1.50")]
        {
            var out: [UInt8] = []
            do {
                _ = try RequestDecoder.decode(request)
            } catch {
                ResponseWriter.writeError(id: error.id, error: error.error, into: &out)
            }
            let expected =
                #"{"id":"# + id + #","ok":false,"error":{"code":"unknown_op","#
                + #""message":"op \"foo\" is not one of edd, risk, health, model, stats, reload"}}"# + "\n"
            #expect(String(decoding: out, as: UTF8.self) == expected)
        }
    }

    @Test func genericOKResponsesCarryTheGivenFields() {
        let fields: [(key: String, value: JSONFragment)] = [
            ("status", .string("serving")), ("model", .object([("id", .string("m-1"))])), ("uptime_s", .number(12.5)),
        ]
        #expect(
            line { ResponseWriter.writeOK(id: nil, fields: fields, into: &$0) }
                == #"{"ok":true,"status":"serving","model":{"id":"m-1"},"uptime_s":12.5}"# + "\n")
        #expect(line { ResponseWriter.writeOK(id: c1, fields: [], into: &$0) } == #"{"id":"c-1","ok":true}"# + "\n")
    }

    @Test func everyResponseIsOneLineOfValidJSON() throws {
        var out: [UInt8] = []
        let answer = RiskAnswer(pLate: 0.5, late: true, state: .exception, reasons: [("exception", "line1\nline2")])
        ResponseWriter.writeRisk(id: nil, answer: answer, model: "m\"x", into: &out)
        #expect(out.last == 0x0A)
        #expect(out.dropLast().contains(0x0A) == false)
        let doc = try JSONReader.parse(Array(out.dropLast()))
        #expect(doc.string(doc.member(0, "model")!) == "m\"x")
    }
}
