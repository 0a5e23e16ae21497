@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct JSONReaderTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONDocument { try JSONReader.parse(text) }

    func error(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONReader.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func error(_ text: String) -> JSONParseError? { error(Array(text.utf8)) }

    @Test func parsesNestedObjectsAndArraysInDocumentOrder() throws {
        let doc = try parse(#" { "a" : [1, {"b": null}, "x"], "c": true, "d": false } "#)
        #expect(doc.kind(doc.root) == .object)
        #expect(doc.count(doc.root) == 3)
        let a = try #require(doc.member(doc.root, "a"))
        #expect(doc.kind(a) == .array)
        let elements = Array(doc.elements(a))
        #expect(elements.count == 3)
        #expect(doc.double(elements[0]) == 1)
        #expect(doc.kind(elements[1]) == .object)
        #expect(doc.kind(doc.member(elements[1], "b")!) == .null)
        #expect(doc.string(elements[2]) == "x")
        #expect(doc.kind(doc.member(doc.root, "c")!) == .true)
        #expect(doc.kind(doc.member(doc.root, "d")!) == .false)
        #expect(doc.member(doc.root, "zz") == nil)
        #expect(Array(doc.members(doc.root)).count == 3)
    }

    @Test func emptyContainersAndScalarsAtTopLevelParse() throws {
        #expect(try parse("{}").count(0) == 0)
        #expect(try parse("[ ]").count(0) == 0)
        #expect(try parse("null").kind(0) == .null)
        #expect(try parse(" \"s\" ").string(0) == "s")
        #expect(try parse("-0").double(0) == 0)
    }

    @Test func duplicateKeysResolveToTheLastOne() throws {
        let doc = try parse(#"{"a":1,"a":2}"#)
        #expect(doc.double(doc.member(0, "a")!) == 2)
    }

    @Test func simpleEscapesDecode() throws {
        let doc = try parse(#""q\"b\\s\/b\bf\fn\nr\rt\t""#)
        #expect(doc.string(0) == "q\"b\\s/b\u{8}f\u{C}n\nr\rt\t")
    }

    @Test func unicodeEscapesAndSurrogatePairsDecode() throws {
        #expect(try parse(#""\u00e9""#).string(0) == "é")
        #expect(try parse(#""\u20AC""#).string(0) == "€")
        #expect(try parse(#""\u0041\u0000z""#).string(0) == "A\u{0}z")
        // U+1F600 is D83D DE00 in UTF-16.
        #expect(try parse(#""x\uD83D\uDE00y""#).string(0) == "x\u{1F600}y")
        #expect(try parse(#""\uDBFF\uDFFF""#).string(0) == "\u{10FFFF}")
    }

    @Test func invalidSurrogatesAreRejected() {
        #expect(error(#""\uD83D""#)?.reason == .invalidSurrogate)
        #expect(error(#""\uDE00""#)?.reason == .invalidSurrogate)
        #expect(error(#""\uD83Dxx""#)?.reason == .invalidSurrogate)
        #expect(error(#""\uD83D\u0041""#)?.reason == .invalidSurrogate)
        #expect(error(#""\uD83D\uD83D""#)?.reason == .invalidSurrogate)
        #expect(error(#""\uD83D\n""#)?.reason == .invalidSurrogate)
    }

    @Test func invalidEscapesAreRejectedAtTheBackslash() {
        #expect(error(#""ab\x""#) == JSONParseError(offset: 3, reason: .invalidEscape))
        #expect(error(#""\u12G4""#) == JSONParseError(offset: 1, reason: .invalidEscape))
        #expect(error(#""\u12""#) == JSONParseError(offset: 1, reason: .invalidEscape))
        #expect(error(#""\"#)?.reason == .unterminatedString)
    }

    @Test func rawUTF8IsAcceptedAndInvalidUTF8Rejected() throws {
        #expect(
            try JSONReader.parse([0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22]).string(0)
                == "é€\u{1F600}")
        // A lead byte followed by a non-continuation byte: reported at the bad continuation.
        #expect(error([0x22, 0xC3, 0x28, 0x22]) == JSONParseError(offset: 2, reason: .invalidUTF8))
        // Overlong encodings of '/' (C0 AF and E0 80 AF).
        #expect(error([0x22, 0xC0, 0xAF, 0x22]) == JSONParseError(offset: 1, reason: .invalidUTF8))
        #expect(error([0x22, 0xE0, 0x80, 0xAF, 0x22]) == JSONParseError(offset: 2, reason: .invalidUTF8))
        // An encoded surrogate (ED A0 80 = U+D800) and a scalar above U+10FFFF (F4 90 80 80).
        #expect(error([0x22, 0xED, 0xA0, 0x80, 0x22]) == JSONParseError(offset: 2, reason: .invalidUTF8))
        #expect(error([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == JSONParseError(offset: 2, reason: .invalidUTF8))
        // A lone continuation byte, a truncated sequence, and bytes never valid in UTF-8.
        #expect(error([0x22, 0x80, 0x22]) == JSONParseError(offset: 1, reason: .invalidUTF8))
        #expect(error([0x22, 0xE2, 0x82]) == JSONParseError(offset: 1, reason: .invalidUTF8))
        #expect(error([0x22, 0xFF, 0x22]) == JSONParseError(offset: 1, reason: .invalidUTF8))
        // Outside strings any non-ASCII byte is simply unexpected.
        #expect(error([0xC3, 0xA9]) == JSONParseError(offset: 0, reason: .unexpectedByte))
    }

    @Test func controlCharactersInsideStringsMustBeEscaped() {
        #expect(error("\"a\nb\"") == JSONParseError(offset: 2, reason: .controlCharacter))
        #expect(error("\"\u{0}\"") == JSONParseError(offset: 1, reason: .controlCharacter))
        #expect(error("\"abc") == JSONParseError(offset: 0, reason: .unterminatedString))
    }

    @Test func longStringsAreScannedCorrectlyAroundSpecialBytes() throws {
        // Special bytes well past the first eight of a string, where the reader skips ASCII in blocks.
        #expect(try parse(#""abcdefghijklmnop\"qrstuvwx""#).string(0) == "abcdefghijklmnop\"qrstuvwx")
        #expect(try parse("\"abcdefghijklé mnopqrstuvwxyz\"").string(0) == "abcdefghijklé mnopqrstuvwxyz")
        #expect(error("\"abcdefghijklmnopq\u{1}rst\"") == JSONParseError(offset: 18, reason: .controlCharacter))
        #expect(
            error([0x22] + Array("abcdefghijklmnop".utf8) + [0xFF, 0x22])
                == JSONParseError(offset: 17, reason: .invalidUTF8))
        #expect(error("\"abcdefghijklmnopqrstuvwxyz") == JSONParseError(offset: 0, reason: .unterminatedString))
        #expect(try parse(#"{"abcdefghijklmnop":"qrstuvwxyz0123456789"}"#).member(0, "abcdefghijklmnop") == 2)
    }

    @Test func everyPositionOfASpecialByteIsFoundWhateverTheStringLength() throws {
        // The reader skips plain ASCII eight bytes at a time and jumps to the first special byte it sees;
        // put each kind of special byte at every position of strings of every length up to 24.
        for length in 1...24 {
            for position in 0..<length {
                var plain = Array(repeating: UInt8(ascii: "a"), count: length)
                plain[position] = UInt8(ascii: "b")
                let padded = Array(#"{"k":""#.utf8)
                func text(_ content: [UInt8]) -> [UInt8] { padded + content + Array(#"","z":1}"#.utf8) }
                var escaped = plain
                escaped.replaceSubrange(position...position, with: Array(#"\""#.utf8))
                var accented = plain
                accented.replaceSubrange(position...position, with: Array("é".utf8))
                var control = plain
                control[position] = 0x01
                for (content, expected) in [
                    (plain, String(decoding: plain, as: UTF8.self)),
                    (
                        escaped,
                        String(repeating: "a", count: position) + "\""
                            + String(repeating: "a", count: length - position - 1)
                    ),
                    (accented, String(decoding: accented, as: UTF8.self)),
                ] {
                    let doc = try JSONReader.parse(text(content))
                    #expect(doc.string(try #require(doc.member(0, "k"))) == expected, "length \(length) at \(position)")
                    #expect(doc.member(0, "z") != nil)
                }
                #expect(
                    error(text(control)) == JSONParseError(offset: padded.count + position, reason: .controlCharacter))
                // A string cut short at the special byte's place, at the very end of the input.
                #expect(
                    error(Array(#"""#.utf8) + plain[..<position])
                        == JSONParseError(offset: 0, reason: .unterminatedString))
            }
        }
    }

    @Test func unclosedContainersFailWithoutOverflowingTheTokenStorage() {
        // Every byte opens a container: as many tokens as bytes, the most any input can produce.
        #expect(error("[[[[[[") == JSONParseError(offset: 6, reason: .unexpectedEnd))
        #expect(error("[{\"a\":[") == JSONParseError(offset: 7, reason: .unexpectedEnd))
        #expect(error("[") == JSONParseError(offset: 1, reason: .unexpectedEnd))
    }

    @Test func numbersParseToTheirValues() throws {
        #expect(try parse("0").double(0) == 0)
        #expect(try parse("12").double(0) == 12)
        #expect(try parse("-12.5").double(0) == -12.5)
        #expect(try parse("0.1").double(0) == 0.1)
        #expect(try parse("0.9").double(0) == 0.9)
        #expect(try parse("1e10").double(0) == 10_000_000_000)
        #expect(try parse("1E+2").double(0) == 100)
        #expect(try parse("0.5e-3").double(0) == 0.0005)
        #expect(try parse("25e-2").double(0) == 0.25)
        #expect(try parse("1.7976931348623157e308").double(0) == Double.greatestFiniteMagnitude)
        #expect(try parse("5e-324").double(0) == Double.leastNonzeroMagnitude)
        #expect(try parse("123456789012345678901234").double(0) == 1.2345678901234568e23)
        #expect(try parse("0.000000000000000000000000000001").double(0) == 1e-30)
        #expect(try parse("1e400").double(0) == .infinity)
        #expect(try parse("-1e400").double(0) == -.infinity)
        #expect(try parse("1e-400").double(0) == 0)
    }

    @Test func malformedNumbersAreRejected() {
        #expect(error("01") == JSONParseError(offset: 1, reason: .leadingZero))
        #expect(error("-01") == JSONParseError(offset: 2, reason: .leadingZero))
        #expect(error("-") == JSONParseError(offset: 1, reason: .invalidNumber))
        #expect(error("-x") == JSONParseError(offset: 1, reason: .invalidNumber))
        #expect(error("1.") == JSONParseError(offset: 2, reason: .invalidNumber))
        #expect(error("1.e5") == JSONParseError(offset: 2, reason: .invalidNumber))
        #expect(error("1e") == JSONParseError(offset: 2, reason: .invalidNumber))
        #expect(error("1e+") == JSONParseError(offset: 3, reason: .invalidNumber))
        #expect(error(".5") == JSONParseError(offset: 0, reason: .unexpectedByte))
        #expect(error("+1") == JSONParseError(offset: 0, reason: .unexpectedByte))
        #expect(error("0x10") == JSONParseError(offset: 1, reason: .trailingData))
        #expect(error("NaN") == JSONParseError(offset: 0, reason: .unexpectedByte))
    }

    @Test func literalsMustBeSpelledExactly() {
        #expect(error("tru") == JSONParseError(offset: 0, reason: .invalidLiteral))
        #expect(error("nul1") == JSONParseError(offset: 3, reason: .invalidLiteral))
        #expect(error("falsey") == JSONParseError(offset: 5, reason: .trailingData))
        #expect(error("True") == JSONParseError(offset: 0, reason: .unexpectedByte))
    }

    @Test func structuralErrorsPointAtTheOffendingByte() {
        #expect(error("") == JSONParseError(offset: 0, reason: .empty))
        #expect(error(" \r\n") == JSONParseError(offset: 3, reason: .empty))
        #expect(error("{1:2}") == JSONParseError(offset: 1, reason: .expectedKey))
        #expect(error(#"{"a" 1}"#) == JSONParseError(offset: 5, reason: .expectedColon))
        #expect(error(#"{"a":1,}"#) == JSONParseError(offset: 7, reason: .expectedKey))
        #expect(error(#"{"a":1 "b":2}"#) == JSONParseError(offset: 7, reason: .expectedCommaOrBrace))
        #expect(error("[1 2]") == JSONParseError(offset: 3, reason: .expectedCommaOrBracket))
        #expect(error("[1,]") == JSONParseError(offset: 3, reason: .unexpectedByte))
        #expect(error("[1,") == JSONParseError(offset: 3, reason: .unexpectedEnd))
        #expect(error(#"{"a":"#) == JSONParseError(offset: 5, reason: .unexpectedEnd))
    }

    @Test func trailingDataAfterTheValueIsRejectedButWhitespaceIsNot() throws {
        #expect(error("{} x") == JSONParseError(offset: 3, reason: .trailingData))
        #expect(error("{}{}") == JSONParseError(offset: 2, reason: .trailingData))
        #expect(error("1 2") == JSONParseError(offset: 2, reason: .trailingData))
        #expect(try parse("{} \t\r\n").kind(0) == .object)
    }

    @Test func nestingIsLimitedToSixtyFourLevels() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(ok).count(0) == 1)
        // The 65th opening bracket (offset 64) is one level too deep.
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(error(deep) == JSONParseError(offset: 64, reason: .tooDeep))
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(error(objects) == JSONParseError(offset: 5 * 64, reason: .tooDeep))
        // Far deeper input fails the same way instead of exhausting the stack.
        #expect(error(String(repeating: "[", count: 100_000))?.reason == .tooDeep)
    }

    @Test func rawTextKeepsStringsAndNumbersAsWritten() throws {
        let doc = try parse(#"{"s":"c-\u0031","n":1.50}"#)
        #expect(String(decoding: doc.rawText(doc.member(0, "s")!), as: UTF8.self) == #""c-\u0031""#)
        #expect(doc.string(doc.member(0, "s")!) == "c-1")
        #expect(String(decoding: doc.rawText(doc.member(0, "n")!), as: UTF8.self) == "1.50")
    }

    @Test func escapedKeysMatchTheirUnescapedName() throws {
        let doc = try parse(#"{"c\u0061rrier":"x"}"#)
        #expect(doc.member(0, "carrier") != nil)
    }

    @Test func parsingFromARawBufferMatchesParsingFromAnArray() throws {
        let bytes = Array(#"{"k":[true,"v"]}"#.utf8)
        let doc = try bytes.withUnsafeBytes { buffer throws(JSONParseError) in try JSONReader.parse(buffer) }
        #expect(doc.bytes == bytes)
        #expect(doc.string(Array(doc.elements(doc.member(0, "k")!))[1]) == "v")
    }

    @Test func randomBytesNeverCrashTheReader() {
        var rng = SplitMix64(seed: 0x5EED)
        // Mostly JSON punctuation so the parser gets deep into its states, plus arbitrary bytes.
        let alphabet = Array(#"{}[]":,\u0123456789-+.eEtruefalsnl "#.utf8) + [0xC3, 0xA9, 0xED, 0xF4, 0x80, 0xFF, 0x0A]
        var parsed = 0
        for _ in 0..<4000 {
            let length = Int(rng.next() % 48)
            let bytes = (0..<length).map { _ in
                rng.next() % 4 == 0
                    ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            if let doc = try? JSONReader.parse(bytes) {
                parsed += 1
                visit(doc, 0)
            }
        }
        #expect(parsed > 0)
    }

    /// Touches every value so decoding paths run too.
    func visit(_ doc: JSONDocument, _ index: Int) {
        switch doc.kind(index) {
        case .string: _ = doc.string(index)
        case .number: _ = doc.double(index)
        case .array: for e in doc.elements(index) { visit(doc, e) }
        case .object:
            for (k, v) in doc.members(index) {
                _ = doc.string(k)
                visit(doc, v)
            }
        default: break
        }
    }
}
