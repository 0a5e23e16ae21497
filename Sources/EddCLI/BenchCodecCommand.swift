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
        let iterations = try args.integer("--iterations", in: 1...1_000_000_000) ?? 100_000
        let runs = try args.integer("--runs", in: 1...1000) ?? 7
        try args.rejectUnknown()
        print(CodecBenchmark.run(iterations: iterations, runs: runs))
    }

}
