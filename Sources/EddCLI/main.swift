import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

let tool = CommandLineTool(
    name: "edd", summary: "query an eddd daemon, predict offline from a model file, benchmark",
    commands: [
        .init(
            name: "predict", summary: "answer request lines offline from a model file", help: PredictCommand.help,
            run: PredictCommand.run),
        .init(
            name: "sweep", summary: "delay risk for every parcel in flight in a scan feed, flagged once",
            help: SweepCommand.help, run: SweepCommand.run),
        .init(
            name: "query", summary: "send request lines to a daemon and print the answers", help: QueryCommand.help,
            run: QueryCommand.run),
        .init(
            name: "bench codec", summary: "measure the protocol codec (decode and encode ns/op)",
            help: BenchCodecCommand.help, run: BenchCodecCommand.run),
        .init(
            name: "bench ingest", summary: "measure scan ingestion speed and memory", help: BenchIngestCommand.help,
            run: BenchIngestCommand.run),
        .init(
            name: "bench predict", summary: "time the in-process request path and model loading",
            help: BenchPredictCommand.help, run: BenchPredictCommand.run),
        .init(
            name: "bench", summary: "measure a daemon's throughput and latency", help: BenchCommand.help,
            run: BenchCommand.run),
        .init(
            name: "serve-echo", summary: "development aid: the socket layer with an echo handler",
            help: ServeEchoCommand.help, run: ServeEchoCommand.run),
    ])
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
