import EDDCommandLine
import EDDCore
import EDDTraining
import Foundation

let tool = CommandLineTool(
    name: "edd-train", summary: "learn delivery-time models from carrier scans",
    commands: [
        .init(
            name: "fit", summary: "learn a model from scans and write a model file", help: FitCommand.help,
            run: FitCommand.run),
        .init(
            name: "merge", summary: "combine shard partial fits ('fit --partial') into one model",
            help: MergeCommand.help, run: MergeCommand.run),
        .init(
            name: "backtest", summary: "score the model on history, fold by fold, with a report",
            help: BacktestCommand.help, run: BacktestCommand.run),
        .init(
            name: "report", summary: "the delivery performance report: transit times, promises, scorecards, changes",
            help: ReportCommand.help, run: ReportCommand.run),
        .init(
            name: "timelines", summary: "turn scans into one clean timeline row per shipment",
            help: TimelinesCommand.help, run: TimelinesCommand.run),
        .init(
            name: "import olist", summary: "map the Olist public tables to scans", help: ImportOlistCommand.help,
            run: ImportOlistCommand.run),
        .init(
            name: "synth", summary: "write a deterministic synthetic scan feed with known ground truth",
            help: SynthCommand.help, run: SynthCommand.run),
    ])
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
