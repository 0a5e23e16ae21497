import EDD
import Foundation

// Interim dispatch for trying the ingestion commands; the lead merges the real one.
var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? ""
if !arguments.isEmpty { arguments.removeFirst() }
if command == "import", arguments.first == "olist" { arguments.removeFirst() }
var args = ArgumentList(arguments)
do {
    switch command {
    case "timelines":
        if args.wantsHelp { print(TimelinesCommand.help) } else { try TimelinesCommand.run(&args) }
    case "import":
        if args.wantsHelp { print(ImportOlistCommand.help) } else { try ImportOlistCommand.run(&args) }
    default:
        throw ToolError.usage("usage: edd-train timelines|import olist ...")
    }
} catch let error as ToolError {
    FileHandle.standardError.write(Data("edd-train: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("edd-train: \(error)\n".utf8))
    exit(1)
}
