import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

/// `edd bench predict`: the in-process request path and model loading, without sockets.
enum BenchPredictCommand {
    static let help = """
        edd bench predict [--model FILE] [--queries FILE] [--iterations N] [--runs N] [--lanes N]

        Times request lines decoded, predicted and encoded in process (ns per request), and model file loads
        (ms per load), reporting the median of several runs. Build with -c release for meaningful figures.

        Options:
          --model FILE      model to use (default Models/edd.model)
          --queries FILE    request lines to cycle through (default: a typical edd request for the model)
          --iterations N    requests per run (default 200000)
          --runs N          runs (default 5)
          --lanes N         instead of --model, build a model with N lane nodes (e.g. 100000) in a temporary
                            file, to time loading a large model
        """

    static func run(_ args: inout ArgumentList) throws {
        var modelPath = try args.value("--model") ?? "Models/edd.model"
        let queriesPath = try args.value("--queries")
        let iterations = try args.integer("--iterations", in: 1...1_000_000_000) ?? 200_000
        let runs = try args.integer("--runs", in: 1...1000) ?? 5
        let lanes = try args.integer("--lanes", in: 1...10_000_000)
        try args.rejectUnknown()
        if let lanes {
            modelPath = NSTemporaryDirectory() + "edd-bench-\(getpid()).model"
            try ModelFile.save(PredictBenchmark.syntheticModel(lanes: lanes), path: modelPath)
        }
        defer { if lanes != nil { unlink(modelPath) } }
        var queries: [[UInt8]] = []
        if let queriesPath {
            let input = try LineInput(path: queriesPath)
            while let line = try input.next() {
                if !line.isEmpty { queries.append(line) }
            }
            guard !queries.isEmpty else { throw CommandError.badInput("\(queriesPath) has no request lines") }
        } else {
            queries = [
                Array(
                    #"{"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107","id":"wh-sfo-1"},"destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00","confidence":0.9,"quantiles":[0.1,0.5,0.9]}"#
                        .utf8)
            ]
        }
        // Loaded once first so that a missing or unusable file exits 66 or 65 with the loader's sentence.
        _ = try ModelFile.load(path: modelPath)
        print(try PredictBenchmark.run(modelPath: modelPath, queries: queries, iterations: iterations, runs: runs))
    }
}
