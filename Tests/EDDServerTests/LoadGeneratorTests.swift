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
            address: tcp, connections: 2, pipeline: 4, duration: .seconds(120),
            queries: [Array(#"{"op":"health"}"#.utf8)], requestsPerConnection: 25)
        #expect(report.responses == 50)
        #expect(report.errorResponses == 0)
        #expect(report.connectionErrors == 0)
        #expect(report.latency.count == report.responses)
        #expect(server.counters.snapshot().lines >= Int(report.responses))
    }

    @Test func severalEventLoopsShareTheConnections() throws {
        let (server, tcp, _) = try startServer(handler: EchoLineHandler())
        defer { server.shutdown() }
        let report = try LoadGenerator.run(
            address: tcp, connections: 5, pipeline: 3, duration: .seconds(120),
            queries: [Array(#"{"op":"health"}"#.utf8), Array(#"{"op":"model"}"#.utf8)], threads: 2,
            requestsPerConnection: 10)
        #expect(report.connections == 5)
        #expect(report.threads == 2)
        #expect(report.responses == 50)
        #expect(report.connectionErrors == 0)
        #expect(report.latency.count == report.responses)
        #expect(server.counters.snapshot().connectionsAccepted == 5)
    }

    @Test func aServerThatHangsUpCountsAsAConnectionError() throws {
        // One connection allowed: the other two are answered `overloaded` and closed.
        let (server, tcp, _) = try startServer(handler: EchoLineHandler()) { $0.maxConnections = 1 }
        defer { server.shutdown() }
        let report = try LoadGenerator.run(
            address: tcp, connections: 3, pipeline: 1, duration: .seconds(120),
            queries: [Array(#"{"op":"health"}"#.utf8)], requestsPerConnection: 20)
        // The accepted connection's 20 answers and one `overloaded` line on each of the others.
        #expect(report.connectionErrors == 2)
        #expect(report.errorResponses == 2)
        #expect(report.responses == 22)
    }

    @Test func errorResponsesAreCounted() throws {
        let (server, tcp, _) = try startServer(handler: FailingHandler())
        defer { server.shutdown() }
        let report = try LoadGenerator.run(
            address: tcp, connections: 1, pipeline: 2, duration: .seconds(120), queries: [Array("x".utf8)],
            requestsPerConnection: 7)
        #expect(report.responses == 7)
        #expect(report.errorResponses == report.responses)
    }
}
