import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining

/// `edd bench codec`: times the protocol codec alone (decode a typical request, encode a typical answer).
enum BenchCodecCommand {
    static let help = """
        usage: edd bench codec [--iterations N] [--runs R]

        Times decoding PROTOCOL.md's example `edd` request and encoding its response, in ns per operation
        (median of R runs of N operations each). Build with -c release for meaningful figures.

          --iterations N   operations per run (default 100000)
          --runs R         runs; the median is reported (default 7)
        """

    static func run(_ args: inout ArgumentList) throws {
        let iterations = try args.value("--iterations", "a positive integer", positive) ?? 100_000
        let runs = try args.value("--runs", "a positive integer", positive) ?? 7
        try args.rejectUnknown()
        print(CodecBenchmark.run(iterations: iterations, runs: runs))
    }

    private static func positive(_ text: String) -> Int? {
        guard let n = Int(text), n > 0 else { return nil }
        return n
    }
}
