import EDD
import Foundation

// Dispatch for the commands this branch provides; the final dispatch is merged on main.
let usage = """
    usage: edd <command> [options]

    commands:
      query   send request lines to a running daemon and print the answers
      bench   measure a daemon's throughput and latency
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}
var list = ArgumentList(Array(arguments.dropFirst()))
let commands: [String: (help: String, run: (inout ArgumentList) throws -> Void)] = [
    "query": (QueryCommand.help, QueryCommand.run),
    "bench": (BenchCommand.help, BenchCommand.run),
    "serve-echo": (ServeEchoCommand.help, ServeEchoCommand.run),
]
guard let entry = commands[command] else {
    FileHandle.standardError.write(Data("edd: unknown command '\(command)'\n\(usage)\n".utf8))
    exit(64)
}
if list.wantsHelp {
    print(entry.help)
    exit(0)
}
do {
    try entry.run(&list)
} catch let error as ToolError {
    FileHandle.standardError.write(Data("edd \(command): \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("edd \(command): \(error)\n".utf8))
    exit(1)
}
