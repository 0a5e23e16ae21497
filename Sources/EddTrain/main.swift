import EDD
import Foundation

let tool = CommandLineTool(
    name: "edd-train", summary: "learn delivery-time models from carrier scans",
    commands: [
        .init(name: "timelines", summary: "turn scans into one clean timeline row per shipment", help: TimelinesCommand.help, run: TimelinesCommand.run),
        .init(name: "import olist", summary: "map the Olist public tables to scans", help: ImportOlistCommand.help, run: ImportOlistCommand.run),
        .init(name: "synth", summary: "write a deterministic synthetic scan feed with known ground truth", help: SynthCommand.help, run: SynthCommand.run),
    ])
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
