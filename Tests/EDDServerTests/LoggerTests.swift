import Synchronization
import Testing

@testable import EDDServer

@Suite struct LoggerTests {
    @Test func linesAreKeyValueWithQuotedValuesWhereNeeded() {
        let lines = Mutex<[String]>([])
        let logger = Logger(sink: { line in lines.withLock { $0.append(line) } })
        logger.info("start", ["addr": "127.0.0.1:7433", "msg": "two words", "path": "a=b"])
        logger.log(.debug, "dropped")
        let got = lines.withLock { $0 }
        #expect(got.count == 1)
        let line = got.first ?? ""
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(#" level=info event=start addr=127.0.0.1:7433 msg="two words" path="a=b""#))
        // ts=YYYY-MM-DDTHH:MM:SS.mmmZ is 24 characters.
        let ts = line.dropFirst(3).prefix { $0 != " " }
        #expect(ts.count == 24 && ts.hasSuffix("Z"))
    }
}
