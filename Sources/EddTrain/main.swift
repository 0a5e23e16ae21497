import EDD
import Foundation

let tool = CommandLineTool(
    name: "edd-train", summary: "learn delivery-time models from carrier scans",
    commands: [
        .init(name: "fit", summary: "learn a model from scans and write a model file", help: FitCommand.help, run: FitCommand.run),
    ])
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
