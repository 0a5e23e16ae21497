@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

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

    /// Escapes the way JSON requires, one character at a time, for comparison.
    func referenceEscape(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func everyPositionOfAStringIsCheckedForEscapes() {
        // Strings are scanned eight bytes at a time: put each special byte at each position of words and tails.
        for length in [1, 7, 8, 9, 15, 16, 17, 24] {
            for position in 0..<length {
                for special in ["\"", "\\", "\u{0}", "\u{1F}", "\n", " ", "\u{7F}", "é", "€"] {
                    var characters = Array(repeating: "a", count: length)
                    characters[position] = special
                    let text = characters.joined()
                    let written = self.text { JSONWriter.string(text, into: &$0) }
                    #expect(written == referenceEscape(text), "\(Array(text.utf8))")
                }
            }
        }
    }

    @Test func randomStringsAreEscapedAsByAReference() {
        let alphabet: [String] = [
            "a", "Z", "0", " ", "~", "\"", "\\", "/", "\u{0}", "\u{1}", "\t", "\n", "\u{1F}", "\u{7F}", "é", "€", "😀",
        ]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let length = Int(rng.next() % 40)
            let text = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            #expect(self.text { JSONWriter.string(text, into: &$0) } == referenceEscape(text))
        }
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

    @Test func datesAtTheEdgesOfTheCalendar() {
        func quoted(_ y: Int, _ m: Int, _ d: Int) -> String {
            text { JSONWriter.date(CivilDate(year: y, month: m, day: d)!, into: &$0) }
        }
        #expect(quoted(1, 1, 1) == #""0001-01-01""#)
        #expect(quoted(9999, 12, 31) == #""9999-12-31""#)
        #expect(quoted(2000, 2, 29) == #""2000-02-29""#)
        #expect(quoted(2024, 2, 29) == #""2024-02-29""#)
        #expect(quoted(1969, 12, 31) == #""1969-12-31""#)
        // 2100 is not a leap year: February 28 is followed by March 1.
        #expect(quoted(2100, 2, 28) == #""2100-02-28""#)
        #expect(
            text { JSONWriter.date(CivilDate(year: 2100, month: 2, day: 28)!.adding(days: 1), into: &$0) }
                == #""2100-03-01""#)
        // Year 0 (1 BC) is a leap year of the proleptic calendar; 0001-01-01 is day -719162.
        #expect(text { JSONWriter.date(CivilDate(dayNumber: -719_163), into: &$0) } == #""0000-12-31""#)
        #expect(quoted(0, 2, 29) == #""0000-02-29""#)
        // Beyond four digits the date is still written, as its description: 9999-12-31 is day 2,932,896.
        #expect(text { JSONWriter.date(CivilDate(dayNumber: 2_932_897), into: &$0) } == #""10000-01-01""#)
    }

    @Test func everyDateIsWrittenAsItsQuotedDescription() {
        // From before year 0 to past 9999, so both the four-digit path and the fallback are covered.
        for dayNumber in Int32(-720_000)...Int32(2_933_300) where dayNumber % 7 == 0 || dayNumber < -719_000 {
            let date = CivilDate(dayNumber: dayNumber)
            let written = text { JSONWriter.date(date, into: &$0) }
            if written != "\"" + date.description + "\"" {
                Issue.record("day \(dayNumber): \(written) is not \(date.description)")
                return
            }
        }
    }

    @Test func roundingScalesFirstThenRoundsHalfAwayFromZero() {
        // 2.675 is just below 2.675 in binary, but 2.675 × 100 is exactly 267.5 in binary, which rounds away.
        #expect(text { JSONWriter.number(2.675, decimals: 2, into: &$0) } == "2.68")
        #expect(text { JSONWriter.number(-2.675, decimals: 2, into: &$0) } == "-2.68")
        #expect(text { JSONWriter.number(0.5, decimals: 0, into: &$0) } == "1")
        #expect(text { JSONWriter.number(-0.5, decimals: 0, into: &$0) } == "-1")
        #expect(text { JSONWriter.number(0.49999999999999994, decimals: 0, into: &$0) } == "0")
        #expect(text { JSONWriter.number(1e-7, decimals: 9, into: &$0) } == "0.0000001")
        #expect(text { JSONWriter.number(123.000000001, decimals: 9, into: &$0) } == "123.000000001")
        #expect(text { JSONWriter.number(-0.0, decimals: 4, into: &$0) } == "0")
        #expect(text { JSONWriter.number(0.99995, decimals: 4, into: &$0) } == "1")
        #expect(text { JSONWriter.number(1, decimals: 4, into: &$0) } == "1")
        // Decimals outside 0…9 are clamped.
        #expect(text { JSONWriter.number(1.25, decimals: -3, into: &$0) } == "1")
        #expect(text { JSONWriter.number(0.123456789012, decimals: 12, into: &$0) } == "0.123456789")
        // Past 2^53 after scaling the shortest decimal is written instead.
        #expect(text { JSONWriter.number(1e17, decimals: 4, into: &$0) } == "1e+17")
        #expect(text { JSONWriter.number(9_007_199_254_740_991, decimals: 0, into: &$0) } == "9007199254740991")
    }

    @Test func shortestDecimalsAtTheEdges() {
        #expect(text { JSONWriter.number(0, into: &$0) } == "0")
        #expect(text { JSONWriter.number(-0.0, into: &$0) } == "0")
        #expect(text { JSONWriter.number(1, into: &$0) } == "1")
        #expect(text { JSONWriter.number(0.99995, into: &$0) } == "0.99995")
        #expect(text { JSONWriter.number(-0.000001, into: &$0) } == "-0.000001")
        #expect(text { JSONWriter.number(0.0000001, into: &$0) } == "1e-07")
        #expect(text { JSONWriter.number(1_234_567.5, into: &$0) } == "1234567.5")
        #expect(text { JSONWriter.number(9_007_199_254_740_992, into: &$0) } == "9007199254740992")
        #expect(text { JSONWriter.number(-.infinity, into: &$0) } == "null")
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
