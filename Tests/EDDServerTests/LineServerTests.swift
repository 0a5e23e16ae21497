import Foundation
import Glibc
import Testing

@testable import EDDServer

@Suite struct LineServerTests {
    @Test func answersOnAnEphemeralTCPPort() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        #expect(server.tcpPort != nil && server.tcpPort != 0)
        let c = try client(tcp)
        #expect(try c.request(#"{"op":"health"}"#) == echoed(#"{"op":"health"}"#))
    }

    @Test func answersOnAUnixSocketReplacingAStaleSocketFile() throws {
        let path = temporarySocketPath()
        // Leave a stale socket file behind: bound, never unlinked, nothing listening.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try Socket.withUnixAddress(path) { addr, len in #expect(bind(stale, addr, len) == 0) }
        close(stale)
        let (server, _, _) = try startServer(handler: EchoLineHandler()) {
            $0.tcpAddress = nil
            $0.unixSocketPath = path
        }
        defer { server.shutdown() }
        let c = try client("unix:" + path)
        #expect(try c.request("[1]") == echoed("[1]"))
        let d = try client(path)
        #expect(try d.request("[2]") == echoed("[2]"))
    }

    @Test func pipelinedThousandLinesAreAnsweredInOrder() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let c = try client(tcp)
        var batch = ""
        for i in 0..<1000 { batch += #"{"n":\#(i)}"# + "\n" }
        try c.send(raw: Array(batch.utf8))
        for i in 0..<1000 {
            #expect(try c.readLineString() == echoed(#"{"n":\#(i)}"#))
        }
        #expect(server.counters.snapshot().lines == 1000)
    }

    @Test func clientThatHalfClosesAfterSendingGetsEveryAnswerIncludingAnUnterminatedLastLine() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let c = try client(tcp)
        try c.send(raw: Array("[1]\n[2]\n[3]\n[unterminated".utf8))
        c.finishSending()
        #expect(try c.readLineString() == echoed("[1]"))
        #expect(try c.readLineString() == echoed("[2]"))
        #expect(try c.readLineString() == echoed("[3]"))
        // End of stream ends the last line as a newline would.
        #expect(try c.readLineString() == echoed("[unterminated"))
        #expect(try c.readLine() == nil)
    }

    @Test func anUnterminatedLastLineHeldBackByAFullBacklogIsStillAnsweredAtEndOfStream() throws {
        // 4 KiB answers against a 1-byte backlog bound: every line after the first waits for a flush.
        let (server, tcp, _) = try startServer(handler: BigHandler(size: 4096)) { $0.maxOutputBacklog = 1 }
        defer { server.shutdown() }
        let c = try client(tcp)
        try c.send(raw: Array("a\nb\nc\nlast".utf8))
        c.finishSending()
        for _ in 0..<4 { #expect(try c.readLine()?.count == 4095) }
        #expect(try c.readLine() == nil)
    }

    @Test func countersTrackBytesAndLines() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let c = try client(tcp)
        // 4 bytes in; out: {"ok":true,"echo": (18) + [1] (3) + } (1) + newline (1) = 23 bytes.
        #expect(try c.request("[1]") == echoed("[1]"))
        #expect(eventually { server.counters.snapshot().bytesOut == 23 })
        let stats = server.counters.snapshot()
        #expect(stats.bytesIn == 4)
        #expect(stats.lines == 1)
        #expect(stats.connectionsAccepted == 1)
        #expect(stats.connectionsOpen == 1)
    }

    @Test func carriageReturnBeforeNewlineIsStripped() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let c = try client(tcp)
        try c.send(raw: Array("[1]\r\n[2]\n".utf8))
        #expect(try c.readLineString() == echoed("[1]"))
        #expect(try c.readLineString() == echoed("[2]"))
    }

    @Test func overlongLineIsAnsweredAndTheConnectionStaysUsable() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let c = try client(tcp)
        let limit = String(repeating: "a", count: 65536)
        // 70,000 bytes then a normal line; then a line of exactly 65,536 bytes (+ \r) is still accepted.
        try c.send(raw: Array((String(repeating: "b", count: 70000) + "\n[1]\n" + limit + "\r\n").utf8))
        #expect(
            try c.readLineString()
                == #"{"ok":false,"error":{"code":"line_too_long","message":"line exceeds 65536 bytes"}}"#)
        #expect(try c.readLineString() == echoed("[1]"))
        #expect(try c.readLineString() == echoed(limit))
        #expect(server.counters.snapshot().lineTooLong == 1)
    }

    @Test func overlongLineArrivingInPiecesIsSkippedUpToItsNewline() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler()) { $0.maxLineBytes = 100 }
        defer { server.shutdown() }
        let c = try client(tcp)
        for piece in 1...10 {
            try c.send(raw: Array(repeating: 0x7A, count: 50))
            // The server has read this piece before the next is sent, so the line does arrive in pieces.
            #expect(eventually { server.counters.snapshot().bytesIn >= 50 * piece })
        }
        try c.send(raw: Array("zzz\n[2]\n".utf8))
        #expect(
            try c.readLineString()
                == #"{"ok":false,"error":{"code":"line_too_long","message":"line exceeds 100 bytes"}}"#)
        #expect(try c.readLineString() == echoed("[2]"))
    }

    @Test func connectionOverTheLimitIsAnsweredOverloadedAndClosed() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler()) { $0.maxConnections = 2 }
        defer { server.shutdown() }
        let a = try client(tcp)
        let b = try client(tcp)
        #expect(try a.request("[1]") == echoed("[1]"))
        #expect(try b.request("[2]") == echoed("[2]"))
        let refused = try client(tcp)
        let answer = try refused.readLineString()
        #expect(answer?.hasPrefix(#"{"ok":false,"error":{"code":"overloaded","#) == true)
        #expect(try refused.readLine() == nil)
        #expect(server.counters.snapshot().connectionsRefused == 1)
        #expect(try a.request("[3]") == echoed("[3]"))
    }

    @Test func garbageAndHalfLinesDoNotDisturbAWellBehavedClient() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler()) { $0.maxLineBytes = 1000 }
        defer { server.shutdown() }
        let good = try client(tcp)
        let garbage = try client(tcp)
        var noise: [UInt8] = []
        var seed: UInt32 = 12345
        for _ in 0..<200_000 {
            seed = seed &* 1_103_515_245 &+ 12345
            noise.append(UInt8(truncatingIfNeeded: seed >> 16))
        }
        try garbage.send(raw: noise)
        for i in 0..<20 {
            let quitter = try client(tcp)
            try quitter.send(raw: Array(#"{"half":"#.utf8))
            _ = quitter  // closed at the end of the iteration, mid-line
            #expect(try good.request("[\(i)]") == echoed("[\(i)]"))
        }
        #expect(eventually { server.counters.snapshot().connectionsOpen <= 2 })
        #expect(try good.request("[done]") == echoed("[done]"))
    }

    @Test func clientThatNeverReadsIsHeldToTheBacklogBound() throws {
        let responseSize = 4096
        let bound = 65536
        let (server, tcp, _) = try startServer(handler: BigHandler(size: responseSize)) {
            $0.maxOutputBacklog = bound
        }
        defer { server.shutdown() }
        let stuck = try client(tcp)
        // 20,000 two-byte requests (40 KB, fits in socket buffers) ask for 80 MB of answers, far more
        // than the kernel buffers can absorb, so the server must stop reading.
        try stuck.send(raw: [UInt8](repeating: 0, count: 20000).flatMap { _ in [0x78, 0x0A] })
        #expect(eventually { server.counters.snapshot().readPauses >= 1 })
        let other = try client(tcp)
        #expect(try other.request("[1]").utf8.count == responseSize - 1)
        let stats = server.counters.snapshot()
        #expect(stats.lines < 20000)  // still holding lines back
        #expect(stats.peakConnectionBacklog <= bound + responseSize)
        #expect(stats.outputBuffered <= bound + responseSize)
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler()) { $0.idleTimeout = .milliseconds(200) }
        defer { server.shutdown() }
        let c = try client(tcp)
        #expect(try c.request("[1]") == echoed("[1]"))
        #expect(try c.readLine() == nil)
        #expect(server.counters.snapshot().connectionsIdleClosed == 1)
    }

    @Test func shutdownAnswersLinesAlreadyReceivedThenCloses() throws {
        let handler = SlowHandler(sleepMicros: 20_000)
        let (server, tcp, unix) = try startServer(handler: handler, unix: true)
        let c = try client(tcp)
        try c.send(raw: Array("1\n2\n3\n4\n5\n".utf8))
        #expect(eventually { handler.started.load(ordering: .relaxed) >= 1 })
        #expect(server.shutdown(deadline: .seconds(20)))
        for n in 1...5 {
            #expect(try c.readLineString() == #"{"ok":true,"n":\#(n)}"#)
        }
        #expect(try c.readLine() == nil)
        // The Unix socket file is gone (a TCP port could be reused by a parallel test at once).
        #expect(access(unix!, F_OK) != 0)
        #expect(throws: SystemError.self) { try EDDClient(address: unix!) }
        server.wait()
    }

    @Test func adminIsAllowedOnTheUnixSocketOnlyByDefault() throws {
        let (server, tcp, unix) = try startServer(handler: ContextHandler(), unix: true)
        defer { server.shutdown() }
        #expect(try client(tcp).request("{}") == #"{"admin":false}"#)
        #expect(try client(unix!).request("{}") == #"{"admin":true}"#)
    }

    @Test func adminOnTCPFlagAllowsAdminOverTCP() throws {
        let (server, tcp, _) = try startServer(handler: ContextHandler()) { $0.adminOnTCP = true }
        defer { server.shutdown() }
        #expect(try client(tcp).request("{}") == #"{"admin":true}"#)
    }

    @Test func bindingAPortInUseFailsWithTheAddress() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let second = LineServer(
            configuration: ServerConfiguration(tcpAddress: try SocketAddress(parsing: tcp), logger: .disabled),
            handler: EchoLineHandler())
        #expect(throws: SystemError.self) { try second.start() }
    }
}
