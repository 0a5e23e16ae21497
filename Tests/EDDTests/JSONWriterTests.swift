import Testing

@testable import EDD

@Suite struct JSONWriterTests {
    func text(_ write: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        write(&out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(text { JSONWriter.string("plain", into: &$0) } == #""plain""#)
        #expect(text { JSONWriter.string("a\"b\\c", into: &$0) } == #""a\"b\\c""#)
        #expect(text { JSONWriter.string("l1\nl2\r\t\u{8}\u{C}", into: &$0) } == #""l1\nl2\r\t\b\f""#)
        #expect(text { JSONWriter.string("\u{0}\u{1F}", into: &$0) } == #""\u0000\u001f""#)
        // Non-ASCII text goes out as UTF-8, and '/' needs no escape.
        #expect(text { JSONWriter.string("São Paulo €/😀", into: &$0) } == "\"São Paulo €/😀\"")
        #expect(text { JSONWriter.string("", into: &$0) } == #""""#)
    }

    @Test func integersIncludingTheExtremes() {
        #expect(text { JSONWriter.integer(0, into: &$0) } == "0")
        #expect(text { JSONWriter.integer(-7, into: &$0) } == "-7")
        #expect(text { JSONWriter.integer(1_234_567_890, into: &$0) } == "1234567890")
        #expect(text { JSONWriter.integer(Int.max, into: &$0) } == "9223372036854775807")
        #expect(text { JSONWriter.integer(Int.min, into: &$0) } == "-9223372036854775808")
    }

    @Test func probabilitiesCarryAtMostFourDecimals() {
        #expect(text { JSONWriter.probability(0.931, into: &$0) } == "0.931")
        #expect(text { JSONWriter.probability(1.0, into: &$0) } == "1")
        #expect(text { JSONWriter.probability(0, into: &$0) } == "0")
        #expect(text { JSONWriter.probability(0.12345, into: &$0) } == "0.1235")
        #expect(text { JSONWriter.probability(0.14, into: &$0) } == "0.14")
        #expect(text { JSONWriter.probability(0.05, into: &$0) } == "0.05")
        #expect(text { JSONWriter.probability(0.0007, into: &$0) } == "0.0007")
        #expect(text { JSONWriter.probability(0.99996, into: &$0) } == "1")
        #expect(text { JSONWriter.probability(0.00004, into: &$0) } == "0")
        // A tiny negative rounds to zero and must not be written as "-0".
        #expect(text { JSONWriter.probability(-0.00001, into: &$0) } == "0")
        #expect(text { JSONWriter.number(-2.25, decimals: 1, into: &$0) } == "-2.3")
        #expect(text { JSONWriter.number(1423, decimals: 1, into: &$0) } == "1423")
        #expect(text { JSONWriter.number(12.46, decimals: 1, into: &$0) } == "12.5")
    }

    @Test func numbersUseTheShortestDecimalThatReadsBack() {
        #expect(text { JSONWriter.number(0.25, into: &$0) } == "0.25")
        #expect(text { JSONWriter.number(0.1, into: &$0) } == "0.1")
        #expect(text { JSONWriter.number(0.9, into: &$0) } == "0.9")
        #expect(text { JSONWriter.number(12, into: &$0) } == "12")
        #expect(text { JSONWriter.number(-1.5, into: &$0) } == "-1.5")
        #expect(text { JSONWriter.number(12.5, into: &$0) } == "12.5")
        // Python's repr (also shortest round-trip) gives these spellings.
        #expect(text { JSONWriter.number(1.0 / 3.0, into: &$0) } == "0.3333333333333333")
        #expect(text { JSONWriter.number(0.1 + 0.2, into: &$0) } == "0.30000000000000004")
        #expect(text { JSONWriter.number(1e-7, into: &$0) } == "1e-07")
        #expect(text { JSONWriter.number(1e20, into: &$0) } == "1e+20")
    }

    @Test func everyWrittenNumberReadsBackAsTheSameDouble() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let value = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() % 2 == 0 ? 1 : -1)
            var out: [UInt8] = []
            JSONWriter.number(value, into: &out)
            let doc = try JSONReader.parse(out)
            #expect(doc.double(0) == value, "\(String(decoding: out, as: UTF8.self))")
        }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(text { JSONWriter.number(.nan, into: &$0) } == "null")
        #expect(text { JSONWriter.number(.infinity, into: &$0) } == "null")
        #expect(text { JSONWriter.probability(-.infinity, into: &$0) } == "null")
    }

    @Test func datesAreQuotedYearMonthDay() {
        #expect(text { JSONWriter.date(CivilDate(year: 2026, month: 11, day: 30)!, into: &$0) } == #""2026-11-30""#)
        #expect(text { JSONWriter.date(CivilDate(year: 999, month: 1, day: 5)!, into: &$0) } == #""0999-01-05""#)
        #expect(text { JSONWriter.date(CivilDate(dayNumber: 0), into: &$0) } == #""1970-01-01""#)
    }

    @Test func literalsKeysAndRawBytes() {
        #expect(text { JSONWriter.bool(true, into: &$0) } == "true")
        #expect(text { JSONWriter.bool(false, into: &$0) } == "false")
        #expect(text { JSONWriter.null(into: &$0) } == "null")
        #expect(text { JSONWriter.key("edd", into: &$0) } == #""edd":"#)
        #expect(text { JSONWriter.key("we\"ird", into: &$0) } == #""we\"ird":"#)
        #expect(text { JSONWriter.raw(Array(#""c-\u0031""#.utf8), into: &$0) } == #""c-\u0031""#)
    }

    @Test func fragmentsWriteNestedValuesInOrder() {
        let fragment = JSONFragment.object([
            ("status", .string("serving")), ("uptime_s", .number(12.5)), ("open", .integer(3)),
            ("p", .probability(0.12345)), ("as_of", .date(CivilDate(year: 2026, month: 1, day: 2)!)),
            ("ops", .array([.bool(true), .null, .raw(Array("7".utf8))])), ("empty", .object([])),
        ])
        #expect(
            text { fragment.write(into: &$0) }
                == #"{"status":"serving","uptime_s":12.5,"open":3,"p":0.1235,"as_of":"2026-01-02","ops":[true,null,7],"empty":{}}"#
        )
    }
}
