import Testing

@testable import EDDServer

@Suite struct ResponseScannerTests {
    /// Four whole lines, two of them errors (the third and fourth); the second holds `\"ok\":false` inside its
    /// id string, which is not an error; the unfinished fifth line is no response yet.
    static let stream = Array(
        (#"{"id":"a","ok":true,"x":1}"# + "\n" + #"{"id":"b\"ok\":false","ok":true}"# + "\n"
            + #"{"id":"c","ok":false,"error":{}}"# + "\n" + #"{"ok":false}"# + "\n" + #"{"id":"d","ok":fal"#)
            .utf8)

    private func scan(_ chunks: [ArraySlice<UInt8>]) -> (lines: Int, errors: Int) {
        var scanner = ResponseScanner()
        var total = (lines: 0, errors: 0)
        for chunk in chunks {
            let found = Array(chunk).withUnsafeBytes { scanner.scan($0) }
            total.lines += found.lines
            total.errors += found.errors
        }
        return total
    }

    @Test func countsLinesAndErrorsInOneRead() {
        let found = scan([Self.stream[...]])
        #expect(found.lines == 4)
        #expect(found.errors == 2)
    }

    @Test func aLineSplitAnywhereAcrossTwoReadsCountsOnce() {
        for cut in 0...Self.stream.count {
            let found = scan([Self.stream[..<cut], Self.stream[cut...]])
            #expect(found.lines == 4, "cut at \(cut)")
            #expect(found.errors == 2, "cut at \(cut)")
        }
    }

    @Test func oneByteAtATime() {
        let found = scan(Self.stream.indices.map { Self.stream[$0...$0] })
        #expect(found.lines == 4)
        #expect(found.errors == 2)
    }

    @Test func theEndOfAnUnfinishedErrorLineCompletesIt() {
        var scanner = ResponseScanner()
        _ = Self.stream.withUnsafeBytes { scanner.scan($0) }
        let rest = Array("se}\n\n".utf8)
        let found = rest.withUnsafeBytes { scanner.scan($0) }
        // `{"id":"d","ok":false}` and an empty line (a response line too, not an error).
        #expect(found.lines == 2)
        #expect(found.errors == 1)
    }
}
