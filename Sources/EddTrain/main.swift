import EDD
import Foundation

let usage = """
    usage: edd-train <command> [options]

    commands:
      synth   write a deterministic synthetic scan feed (edd-train synth --help)
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    guard let command = arguments.first else { throw ToolError.usage("missing command\n" + usage) }
    var rest = ArgumentList(Array(arguments.dropFirst()))
    switch command {
    case "synth": try SynthCommand.run(&rest)
    case "--help", "-h", "help": print(usage)
    default: throw ToolError.usage("unknown command '\(command)'\n" + usage)
    }
} catch let error as ToolError {
    FileHandle.standardError.write(Data("edd-train: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("edd-train: \(error)\n".utf8))
    exit(1)
}
