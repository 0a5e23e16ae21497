import EDDCore
import EDDProtocol

/// A trivial handler answering `{"ok":true,"echo":<line>}` (the line embedded as is).
///
/// A development aid: `edd serve-echo` uses it to benchmark the socket layer without a model, and tests use
/// it to see exactly which line a response belongs to. Embedding the line verbatim yields valid JSON only
/// when the line is JSON; the socket layer does not care.
public struct EchoLineHandler: LineHandler {
    private static let prefix = Array(#"{"ok":true,"echo":"#.utf8)

    public init() {}

    public func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        output.append(contentsOf: EchoLineHandler.prefix)
        if line.isEmpty {
            output.append(contentsOf: "null".utf8)
        } else {
            output.append(contentsOf: line)
        }
        output.append(0x7D)
        output.append(0x0A)
    }
}
