@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

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
            EDDOptionAnswer(option: ShippingOption(carrier: "ups", service: "ground"), answer: first),
            EDDOptionAnswer(option: ShippingOption(carrier: "fedex", service: "2day"), answer: second),
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
            + #""basis":{"level":"region","shipments":12}}]}"# + "\n"
        #expect(
            line { ResponseWriter.writeEDD(id: c1, answer: first, options: options, model: "m", into: &$0) } == expected
        )
    }

    /// A date from its parts, for the pinned lines below.
    func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test func eddResponseWithQuantilesDistributionAndAStringIdAroundALeapDay() {
        // 0.99995 is a hair above 0.99995 in binary, so four decimals round it up to 1; 10.25 → 10.3 (half away).
        let answer = EDDAnswer(
            edd: date(2024, 2, 29), confidence: 0.95, probability: 0.99995,
            range: (date(2024, 2, 27), date(2024, 3, 1)), mostLikely: date(2024, 2, 28),
            quantiles: [(0.05, date(2024, 2, 27)), (0.5, date(2024, 2, 28)), (0.975, date(2024, 3, 1))],
            distribution: [
                (date(2024, 2, 27), 0.1), (date(2024, 2, 28), 0.45), (date(2024, 2, 29), 0.25),
                (date(2024, 3, 1), 0.2),
            ],
            basis: ("lane", 10.25))
        let expected =
            #"{"id":"c-7","ok":true,"edd":"2024-02-29","confidence":0.95,"probability":1,"#
            + #""range":{"earliest":"2024-02-27","latest":"2024-03-01"},"most_likely":"2024-02-28","#
            + #""quantiles":{"0.05":"2024-02-27","0.5":"2024-02-28","0.975":"2024-03-01"},"#
            + #""distribution":[{"date":"2024-02-27","p":0.1},{"date":"2024-02-28","p":0.45},"#
            + #"{"date":"2024-02-29","p":0.25},{"date":"2024-03-01","p":0.2}],"#
            + #""basis":{"level":"lane","shipments":10.3},"model":"m-2024"}"# + "\n"
        let id = RequestID(json: Array(#""c-7""#.utf8))
        #expect(line { ResponseWriter.writeEDD(id: id, answer: answer, model: "m-2024", into: &$0) } == expected)
    }

    @Test func eddResponseWithANumericIdTinyNumbersAndTheExtremeDates() {
        // 1e-7 has no short fixed decimal, so it is written as Python's repr spells it; as a probability it is 0.
        let answer = EDDAnswer(
            edd: date(9999, 12, 31), confidence: 1e-7, probability: 1e-7,
            range: (date(1, 1, 1), date(9999, 12, 31)), mostLikely: CivilDate(dayNumber: 0),
            quantiles: [(1, date(2100, 2, 28)), (0.25, date(2100, 3, 1))], basis: ("global", 0))
        let expected =
            #"{"id":42,"ok":true,"edd":"9999-12-31","confidence":1e-07,"probability":0,"#
            + #""range":{"earliest":"0001-01-01","latest":"9999-12-31"},"most_likely":"1970-01-01","#
            + #""quantiles":{"1":"2100-02-28","0.25":"2100-03-01"},"#
            + #""basis":{"level":"global","shipments":0},"model":"m"}"# + "\n"
        let id = RequestID(json: Array("42".utf8))
        #expect(line { ResponseWriter.writeEDD(id: id, answer: answer, model: "m", into: &$0) } == expected)
    }

    @Test func eddResponseWithNegativeAndNonFiniteNumbers() {
        // -3.25 scales to -32.5 exactly and rounds away from zero; -0.00004 rounds to zero, written without a sign.
        let answer = EDDAnswer(
            edd: date(2000, 2, 29), confidence: .nan, probability: -0.25,
            range: (date(2000, 2, 29), date(2000, 3, 1)), mostLikely: date(1999, 12, 31),
            distribution: [(date(1900, 2, 28), .infinity), (date(1900, 3, 1), -0.00004)], basis: ("carrier", -3.25))
        let expected =
            #"{"id":-1.50,"ok":true,"edd":"2000-02-29","confidence":null,"probability":-0.25,"#
            + #""range":{"earliest":"2000-02-29","latest":"2000-03-01"},"most_likely":"1999-12-31","#
            + #""distribution":[{"date":"1900-02-28","p":null},{"date":"1900-03-01","p":0}],"#
            + #""basis":{"level":"carrier","shipments":-3.3},"model":"m"}"# + "\n"
        let id = RequestID(json: Array("-1.50".utf8))
        #expect(line { ResponseWriter.writeEDD(id: id, answer: answer, model: "m", into: &$0) } == expected)
        var infinite = answer
        infinite.basis.shipments = -.infinity
        #expect(
            line { ResponseWriter.writeEDD(id: nil, answer: infinite, model: "m", into: &$0) }
                .hasSuffix(#""basis":{"level":"carrier","shipments":null},"model":"m"}"# + "\n"))
    }

    @Test func eddResponseWithOptionsEscapesEveryEchoedString() {
        let answer = EDDAnswer(
            edd: date(2026, 1, 2), confidence: 0.5, probability: 0.5, range: (date(2026, 1, 1), date(2026, 1, 2)),
            mostLikely: date(2026, 1, 1), basis: ("São \"Paulo\"", 1))
        let options = [
            EDDOptionAnswer(option: ShippingOption(carrier: "ac\tme"), answer: answer),
            EDDOptionAnswer(option: ShippingOption(carrier: "x", service: "a\\b"), answer: answer),
        ]
        let fields =
            #""edd":"2026-01-02","confidence":0.5,"probability":0.5,"#
            + #""range":{"earliest":"2026-01-01","latest":"2026-01-02"},"most_likely":"2026-01-01","#
            + #""basis":{"level":"São \"Paulo\"","shipments":1}"#
        let expected =
            #"{"ok":true,"# + fields + #","model":"m\n2","options":["#
            + #"{"carrier":"ac\tme","ok":true,"# + fields + "},"
            + #"{"carrier":"x","service":"a\\b","ok":true,"# + fields + "}]}\n"
        #expect(
            line { ResponseWriter.writeEDD(id: nil, answer: answer, options: options, model: "m\n2", into: &$0) }
                == expected)
    }

    @Test func riskResponseWithANumericIdEscapedDetailsAndRounding() {
        let answer = RiskAnswer(
            pLate: 0.99995, late: true, state: .outForDelivery, edd: date(2100, 3, 1),
            reasons: [(code: "stalled", detail: "no scan for 2.5 days \"late\""), (code: "lane", detail: "")])
        let expected =
            #"{"id":7,"ok":true,"p_late":1,"late":true,"state":"out_for_delivery","edd":"2100-03-01","#
            + #""reasons":[{"code":"stalled","detail":"no scan for 2.5 days \"late\""},{"code":"lane","detail":""}],"#
            + #""model":"m"}"# + "\n"
        let id = RequestID(json: Array("7".utf8))
        #expect(line { ResponseWriter.writeRisk(id: id, answer: answer, model: "m", into: &$0) } == expected)
        let unknown = RiskAnswer(pLate: .nan, late: false, state: .notPickedUp)
        #expect(
            line { ResponseWriter.writeRisk(id: nil, answer: unknown, model: "m", into: &$0) }
                == #"{"ok":true,"p_late":null,"late":false,"state":"not_picked_up","reasons":[],"model":"m"}"# + "\n")
    }

    @Test func responsesAppendAfterWhatTheBufferAlreadyHolds() {
        // A connection batches pipelined responses into one buffer: each line goes after the previous ones.
        var out = Array("previous\n".utf8)
        ResponseWriter.writeRisk(
            id: nil, answer: RiskAnswer(pLate: 0, late: false, state: .delivered), model: "m", into: &out)
        ResponseWriter.writeEDD(id: c1, answer: exampleAnswer, model: "m", into: &out)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "previous")
        #expect(lines[1] == #"{"ok":true,"p_late":0,"late":false,"state":"delivered","reasons":[],"model":"m"}"#)
        #expect(lines[2].hasPrefix(#"{"id":"c-1","ok":true,"edd":"2026-11-30","#))
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

    @Test func theWorstCaseLineFitsItsRoomAndIsValidJSON() throws {
        // Every string escapes to six bytes per byte, every date is as long as a date gets (14 characters and
        // quotes), every number takes the longest fallback text. Debug builds check each write against the
        // room, so an overrun would stop right here; the lengths are compared as well.
        let control = String(repeating: "\u{1}", count: 40)
        let farDate = CivilDate(dayNumber: .min)
        let huge = -Double.greatestFiniteMagnitude
        let answer = EDDAnswer(
            edd: farDate, confidence: huge, probability: huge, range: (farDate, farDate), mostLikely: farDate,
            quantiles: Array(repeating: (huge, farDate), count: 5),
            distribution: Array(repeating: (farDate, huge), count: 5), basis: (control, huge))
        let options = Array(
            repeating: EDDOptionAnswer(option: ShippingOption(carrier: control, service: control), answer: answer),
            count: 2)
        let id = RequestID(json: Array(#""\u0001\u0001""#.utf8))
        let risk = RiskAnswer(
            pLate: huge, late: false, state: .exception, edd: farDate,
            reasons: Array(repeating: (control, control), count: 3))
        let error = ProtocolError(.internal, control)

        var edd: [UInt8] = []
        ResponseWriter.writeEDD(id: id, answer: answer, options: options, model: control, into: &edd)
        var riskLine: [UInt8] = []
        ResponseWriter.writeRisk(id: id, answer: risk, model: control, into: &riskLine)
        var errorLine: [UInt8] = []
        ResponseWriter.writeError(id: id, error: error, into: &errorLine)

        for line in [edd, riskLine, errorLine] {
            #expect(line.last == 0x0A)
            let doc = try JSONReader.parse(Array(line.dropLast()))
            #expect(doc.member(0, "ok") != nil)
        }
        let eddText = String(decoding: edd, as: UTF8.self)
        #expect(eddText.contains(#""confidence":-1.7976931348623157e+308,"#))
        #expect(eddText.contains(#""edd":"-5877641-06-23","#))
        // 40 control bytes escape to 240 bytes plus quotes: the model string is written in full.
        #expect(eddText.contains(#","model":""# + String(repeating: #"\u0001"#, count: 40) + #"","#))

        var eddBound = ResponseBound()
        eddBound.eddLine(id: id, answer: answer, options: options, model: control)
        #expect(edd.count <= eddBound.count)
        var riskBound = ResponseBound()
        riskBound.riskLine(id: id, answer: risk, model: control)
        #expect(riskLine.count <= riskBound.count)
        var errorBound = ResponseBound()
        errorBound.errorLine(id: id, error: error)
        #expect(errorLine.count <= errorBound.count)
    }

    @Test func theBoundHoldsForRandomAnswers() throws {
        // A property test: random strings (ASCII, controls, quotes, backslashes, multi-byte UTF-8), numbers
        // (ordinary, tiny, huge, non-finite), dates over the whole day-number range, and random counts.
        var random = SplitMix64(seed: 20_261_201)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func text() -> String {
            let pieces = ["a", "Z", "9", " ", "\"", "\\", "\u{1}", "\u{1F}", "\n", "é", "€", "😀", "\u{7F}"]
            return String((0..<Int(random.next() % 12)).map { _ in pick(pieces) }.joined())
        }
        func number() -> Double {
            let magnitude = pick([0, 0.5, 1e-7, 123.456789, 9.007199254740993e15, 1e300, .greatestFiniteMagnitude])
            let special = pick([Double.nan, .infinity, -.infinity, magnitude, -magnitude, magnitude])
            return special * (special.isFinite ? Double(random.next() % 1000) / 999 : 1)
        }
        func date() -> CivilDate {
            CivilDate(dayNumber: pick([Int32.min, Int32.max, 0, -1, 20_000, Int32(truncatingIfNeeded: random.next())]))
        }
        func answer() -> EDDAnswer {
            EDDAnswer(
                edd: date(), confidence: number(), probability: number(), range: (date(), date()),
                mostLikely: date(), quantiles: (0..<Int(random.next() % 4)).map { _ in (number(), date()) },
                distribution: random.next() % 2 == 0
                    ? nil : (0..<Int(random.next() % 5)).map { _ in (date(), number()) },
                basis: (text(), number()))
        }
        for _ in 0..<2_000 {
            let id = random.next() % 3 == 0 ? nil : RequestID(json: Array(text().utf8))
            let model = text()
            let first = answer()
            let options =
                random.next() % 2 == 0
                ? nil
                : (0..<Int(random.next() % 4)).map { _ in
                    EDDOptionAnswer(
                        option: ShippingOption(carrier: text(), service: random.next() % 2 == 0 ? nil : text()),
                        answer: answer())
                }
            var line: [UInt8] = []
            ResponseWriter.writeEDD(id: id, answer: first, options: options, model: model, into: &line)
            var bound = ResponseBound()
            bound.eddLine(id: id, answer: first, options: options, model: model)
            #expect(line.count <= bound.count)

            let states = ShipmentState.allCases
            let risk = RiskAnswer(
                pLate: number(), late: random.next() % 2 == 0, state: pick(states),
                edd: random.next() % 2 == 0 ? nil : date(),
                reasons: (0..<Int(random.next() % 4)).map { _ in (text(), text()) })
            line = []
            ResponseWriter.writeRisk(id: id, answer: risk, model: model, into: &line)
            bound = ResponseBound()
            bound.riskLine(id: id, answer: risk, model: model)
            #expect(line.count <= bound.count)

            let error = ProtocolError(pick([.invalidRequest, .internal, .invalidJSON]), text())
            line = []
            ResponseWriter.writeError(id: id, error: error, into: &line)
            bound = ResponseBound()
            bound.errorLine(id: id, error: error)
            #expect(line.count <= bound.count)
        }
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
