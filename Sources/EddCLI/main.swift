import EDD
import Foundation

// Interim dispatch for trying `edd bench ingest`; the lead merges the real one.
var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.prefix(2).joined(separator: " ")
arguments.removeFirst(min(2, arguments.count))
var args = ArgumentList(arguments)
do {
    guard command == "bench ingest" else { throw ToolError.usage("usage: edd bench ingest --scans FILE [--runs N]") }
    if args.wantsHelp { print(BenchIngestCommand.help) } else { try BenchIngestCommand.run(&args) }
} catch let error as ToolError {
    FileHandle.standardError.write(Data("edd: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("edd: \(error)\n".utf8))
    exit(1)
}
