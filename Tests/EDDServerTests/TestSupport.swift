import Foundation
import Glibc
import Synchronization
import Testing

@testable import EDDServer

/// Answers whether the connection allows admin ops: `{"admin":true}` or `{"admin":false}`.
struct ContextHandler: LineHandler {
    func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        output.append(contentsOf: (context.adminAllowed ? #"{"admin":true}"# : #"{"admin":false}"#).utf8)
        output.append(0x0A)
    }
}

/// Sleeps per line and counts the lines it has started on.
final class SlowHandler: LineHandler {
    let started = Atomic<Int>(0)
    let sleepMicros: UInt32

    init(sleepMicros: UInt32) { self.sleepMicros = sleepMicros }

    func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        started.add(1, ordering: .relaxed)
        usleep(sleepMicros)
        output.append(contentsOf: #"{"ok":true,"n":"#.utf8)
        output.append(contentsOf: line)
        output.append(contentsOf: "}\n".utf8)
    }
}

/// Answers every line with `size - 1` bytes of `x` and a newline.
struct BigHandler: LineHandler {
    let size: Int

    func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(0x78, count: size - 1))
        output.append(0x0A)
    }
}

/// Starts a server on 127.0.0.1 port 0 (and optionally a temporary Unix socket) with a silent logger.
func startServer(
    handler: some LineHandler, unix: Bool = false, workers: Int = 2,
    _ configure: (inout ServerConfiguration) -> Void = { _ in }
) throws -> (server: LineServer, tcp: String, unix: String?) {
    var configuration = ServerConfiguration(
        tcpAddress: .tcp(host: "127.0.0.1", port: 0), workers: workers, logger: .disabled)
    if unix { configuration.unixSocketPath = temporarySocketPath() }
    configure(&configuration)
    let server = LineServer(configuration: configuration, handler: handler)
    try server.start()
    return (server, "127.0.0.1:\(server.tcpPort ?? 0)", configuration.unixSocketPath)
}

func temporarySocketPath() -> String {
    "/tmp/edd-test-\(UUID().uuidString.prefix(8)).sock"
}

/// Polls `condition` until it holds or a generous deadline passes; timing never decides a pass.
func eventually(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

func client(_ address: String) throws -> EDDClient {
    try EDDClient(address: address, timeout: .seconds(20))
}

/// The echo handler's answer for a request line, worked out from its documented format.
func echoed(_ line: String) -> String { #"{"ok":true,"echo":"# + line + "}" }
