@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct CSVReaderTests {
    /// One parsed row: its status, starting line and fields as strings.
    struct Row: Equatable, CustomStringConvertible {
        var status: CSVReader.Status
        var line: Int
        var fields: [String]
        var description: String { "\(status)@\(line)\(fields)" }
    }

    static func rows(_ reader: CSVReader) throws -> [Row] {
        var out: [Row] = []
        while let status = try reader.next() {
            out.append(
                Row(status: status, line: reader.line, fields: (0..<reader.fieldCount).map { reader.string($0) }))
        }
        return out
    }

    static func rows(_ text: String, chunkSize: Int = 1 << 20) throws -> [Row] {
        try rows(CSVReader(text: text, chunkSize: chunkSize))
    }

    @Test func quotedFieldsHoldCommasDoubledQuotesAndNewlines() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n"
        let expected = [
            Row(status: .row, line: 1, fields: ["a", "b", "c"]),
            Row(status: .row, line: 2, fields: ["x, y", "say \"hi\"", "two\nlines"]),
            // The previous row spans lines 2 and 3.
            Row(status: .row, line: 4, fields: ["plain", "", "end"]),
        ]
        #expect(try Self.rows(text) == expected)
        // Every chunk size splits rows at a different place; the result must not change.
        for chunk in [1, 2, 3, 5, 7, 16] {
            #expect(try Self.rows(text, chunkSize: chunk) == expected)
        }
    }

    @Test func crlfAndLfEndingsAndAMissingFinalNewline() throws {
        let expected = [
            Row(status: .row, line: 1, fields: ["a", "b"]),
            Row(status: .row, line: 2, fields: ["c", "d"]),
            Row(status: .blank, line: 3, fields: []),
            Row(status: .row, line: 4, fields: ["e", "f"]),
        ]
        for chunk in [1, 2, 3, 64] {
            #expect(try Self.rows("a,b\r\nc,d\n\r\ne,f", chunkSize: chunk) == expected)
            #expect(try Self.rows("a,b\nc,d\n\ne,f\n", chunkSize: chunk) == expected)
        }
        #expect(try Self.rows("x,\"q\"\r\n") == [Row(status: .row, line: 1, fields: ["x", "q"])])
        #expect(try Self.rows("1,2,") == [Row(status: .row, line: 1, fields: ["1", "2", ""])])
    }

    @Test func unterminatedQuoteRejectsItsLineAndReadingResumes() throws {
        let text = "a,b\n\"open,x\nc,d\n"
        for chunk in [1, 4, 64] {
            let reader = CSVReader(text: text, chunkSize: chunk)
            var got: [Row] = []
            var raws: [String] = []
            while let status = try reader.next() {
                got.append(Row(status: status, line: reader.line, fields: (0..<reader.fieldCount).map(reader.string)))
                raws.append(String(decoding: reader.rawRow, as: UTF8.self))
            }
            #expect(
                got == [
                    Row(status: .row, line: 1, fields: ["a", "b"]),
                    Row(status: .unterminatedQuote, line: 2, fields: []),
                    Row(status: .row, line: 3, fields: ["c", "d"]),
                ])
            #expect(raws == ["a,b", "\"open,x", "c,d"])
        }
    }

    @Test func overlongRowIsSkippedToItsLineBreak() throws {
        let long = String(repeating: "z", count: 100)
        let reader = CSVReader(text: "a\n\(long)\nb\n", chunkSize: 8, maxRowBytes: 32)
        let got = try Self.rows(reader)
        #expect(got.map(\.status) == [.row, .tooLong, .row])
        #expect(got.map(\.line) == [1, 2, 3])
        #expect(got.last?.fields == ["b"])
    }

    @Test func textAfterAClosingQuoteIsKeptLiterally() throws {
        #expect(try Self.rows("\"ab\"cd,e\n") == [Row(status: .row, line: 1, fields: ["abcd", "e"])])
        #expect(try Self.rows("ab\"c,d\n") == [Row(status: .row, line: 1, fields: ["ab\"c", "d"])])
    }

    @Test func readsAFileAndRefusesAMissingOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edd-csv-\(UUID()).csv").path
        try "h1,h2\n1,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.rows(CSVReader(path: path)).map(\.fields) == [["h1", "h2"], ["1", "2"]])
        #expect(throws: InputFileError.cannotOpen("/nonexistent/x.csv")) { try CSVReader(path: "/nonexistent/x.csv") }
        #expect(throws: InputFileError.cannotOpen("/tmp")) { try CSVReader(path: "/tmp") }
    }

    /// A small linear congruential generator so the "fuzz" loop is reproducible.
    struct SeededBytes {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
    }

    @Test func randomBytesNeverCrashAndDoNotDependOnChunking() throws {
        var rng = SeededBytes(state: 42)
        // Bias towards the bytes the parser cares about, plus NULs and invalid UTF-8.
        let alphabet: [UInt8] = [44, 34, 10, 13, 0, 0xFF, 0xC3, 97, 98, 32]
        for _ in 0..<3000 {
            let n = Int(rng.next() % 64)
            let bytes = (0..<n).map { _ in
                rng.next() % 2 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(rng.next() % 256)
            }
            let whole = try Self.rows(CSVReader(bytes: bytes))
            let chunked = try Self.rows(CSVReader(bytes: bytes, chunkSize: 3))
            #expect(whole == chunked)
            _ = try Self.rows(CSVReader(bytes: bytes, chunkSize: 2, maxRowBytes: 16))
            // Scan ingestion on the same bytes (after a valid header) must not crash either.
            let scan = Array(ScanCSVWriter.columns.joined(separator: ",").utf8) + [10] + bytes
            _ = try ScanIngestion.read(
                reader: CSVReader(bytes: scan, chunkSize: 5), source: "fuzz", options: IngestOptions(), progress: nil)
        }
    }

    /// What routing a row needs (status, line, field count, one field, the raw row), read with
    /// ``CSVReader/next(locating:)``, equals what a full parse with ``CSVReader/next()`` gives, on rows with
    /// and without quotes, CRLF and lone CR, blank lines, short and long rows, at every chunk size.
    @Test func locatingAFieldAgreesWithTheFullParse() throws {
        let text =
            "id,b,c\nS1,x,y\r\n\n\"S,2\",\"q\"\"\",z\nS3,a\rb,c\r\n\r\n,,\nS4\nS5,only,three,four\n"
            + "S6,\"open,never\nS7,tail,cr\r"
        struct Routed: Equatable {
            var status: CSVReader.Status
            var line: Int
            var count: Int
            var field: [UInt8]
            var raw: [UInt8]
        }
        for wanted in 0..<4 {
            for chunk in [1, 2, 3, 5, 8, 64, 1 << 20] {
                let full = CSVReader(text: text, chunkSize: chunk, maxRowBytes: 24)
                let located = CSVReader(text: text, chunkSize: chunk, maxRowBytes: 24)
                var expected: [Routed] = []
                while let status = try full.next() {
                    expected.append(
                        Routed(
                            status: status, line: full.line, count: full.fieldCount,
                            field: wanted < full.fieldCount ? Array(full.field(wanted)) : [],
                            raw: Array(full.rawRow)))
                }
                var got: [Routed] = []
                while let status = try located.next(locating: wanted) {
                    got.append(
                        Routed(
                            status: status, line: located.line, count: located.locatedFieldCount,
                            field: Array(located.located), raw: Array(located.rawRow)))
                }
                #expect(got == expected, "field \(wanted), chunk \(chunk)")
                #expect(expected.count == 11)
            }
        }
    }
}
