import Testing

@testable import EDDServer

/// Answers every line with an error response.
private struct FailingHandler: LineHandler {
    func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        output.append(contentsOf: #"{"ok":false,"error":{"code":"invalid_json","message":"x"}}"#.utf8)
        output.append(0x0A)
    }
}

@Suite struct LoadGeneratorTests {
    @Test func countsResponsesAndRecordsOneLatencyEach() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let report = try LoadGenerator.run(
            address: tcp, connections: 2, pipeline: 4, duration: .milliseconds(300),
            queries: [Array(#"{"op":"health"}"#.utf8)])
        #expect(report.responses > 0)
        #expect(report.errorResponses == 0)
        #expect(report.connectionErrors == 0)
        #expect(report.latency.count == report.responses)
        #expect(server.counters.snapshot().lines >= Int(report.responses))
    }

    @Test func errorResponsesAreCounted() throws {
        let (server, tcp, _) = try startServer(handler: FailingHandler())
        defer { server.shutdown() }
        let report = try LoadGenerator.run(
            address: tcp, connections: 1, pipeline: 2, duration: .milliseconds(100), queries: [Array("x".utf8)])
        #expect(report.responses > 0)
        #expect(report.errorResponses == report.responses)
    }
}
