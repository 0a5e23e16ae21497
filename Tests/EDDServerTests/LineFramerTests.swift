import Testing

@testable import EDDServer

@Suite struct LineFramerTests {
    enum Out: Equatable {
        case line(String)
        case tooLong
    }

    /// Feeds `chunks` the way a connection does (keep the unconsumed tail, append the next chunk).
    func frames(_ chunks: [String], max: Int) -> [Out] {
        var framer = LineFramer(maxLineBytes: max)
        var pending: [UInt8] = []
        var out: [Out] = []
        for chunk in chunks {
            pending += Array(chunk.utf8)
            var pos = 0
            pending.withUnsafeBytes { bytes in
                while let frame = framer.next(in: bytes, at: &pos) {
                    switch frame {
                    case .tooLong: out.append(.tooLong)
                    case .line(let r): out.append(.line(String(decoding: bytes[r], as: UTF8.self)))
                    }
                }
            }
            pending.removeFirst(pos)
        }
        return out
    }

    @Test func splitsOnNewlinesAndDropsACarriageReturnBeforeThem() {
        #expect(frames(["a\nbc\r\n\n"], max: 10) == [.line("a"), .line("bc"), .line("")])
    }

    @Test func aLineSplitAcrossChunksComesOutWhole() {
        #expect(
            frames(["{\"op\":", "\"health\"", "}\nx", "y\n"], max: 100) == [.line(#"{"op":"health"}"#), .line("xy")])
    }

    @Test func aLineOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() {
        #expect(frames(["12345\n123456\n"], max: 5) == [.line("12345"), .tooLong])
        // The `\r` of a CRLF ending does not count toward the limit.
        #expect(frames(["12345\r\n"], max: 5) == [.line("12345")])
    }

    @Test func anOverLongLineIsReportedOnceAndSkippedEvenAcrossManyChunks() {
        let chunks = ["ok\n", "aaaaaaaa", "bbbbbbbb", "cccc", "cc\nnext\n"]
        #expect(frames(chunks, max: 5) == [.line("ok"), .tooLong, .line("next")])
    }

    @Test func aPartialLineIsKeptUntilItsNewlineArrives() {
        #expect(frames(["abc"], max: 10) == [])
        #expect(frames(["abc", "\n"], max: 10) == [.line("abc")])
    }
}
