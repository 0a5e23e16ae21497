import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

/// `edd predict`: answers protocol request lines offline from a model file, one response line each, in order.
enum PredictCommand {
    static let help = """
        edd predict [--model FILE] [--input FILE|-] [--output FILE|-] [--now TIME]

        Answers PROTOCOL.md request lines (edd, risk, health, model, stats) from a model file without a daemon:
        one response line per request line, in order. This is how the data team scores a model offline.

        Options:
          --model FILE    model file (default Models/edd.model)
          --input FILE    request lines; '-' or absent reads standard input
          --output FILE   response lines; '-' or absent writes standard output
          --now TIME      RFC 3339 instant used where a request leaves order_time/now out (default: the clock)
        """

    static func run(_ args: inout ArgumentList) throws {
        let modelPath = try args.value("--model") ?? "Models/edd.model"
        let input = try args.value("--input") ?? "-"
        let output = try args.value("--output") ?? "-"
        let now = try args.value("--now", "an RFC 3339 timestamp with an offset") { RFC3339.parse($0)?.instant }
        try args.rejectUnknown()
        try FileIdentity.requireDistinct(
            outputs: [("--output", output)], inputs: [("--input", input), ("--model", modelPath)])
        try OutputFile.preflight(output)
        let model = try ModelFile.load(path: modelPath)
        var clock = QueryService.systemNow
        if let fixed = now { clock = { fixed } }
        let service = QueryService(model: model, path: modelPath, clock: clock)
        let reader = try LineInput(path: input)
        let writer = try OutputFile(path: output)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        var lines = 0
        while let line = try reader.next() {
            // Admin ops make no sense offline: reload is refused like on a daemon's TCP port.
            _ = line.withUnsafeBytes { service.respond(line: $0, adminAllowed: false, into: &out) }
            lines += 1
            if out.count >= 1 << 16 {
                try writer.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try writer.write(out)
        try writer.finish()
        CommandLineTool.printError("answered \(lines) request lines with model \(model.metadata.id)")
    }
}
