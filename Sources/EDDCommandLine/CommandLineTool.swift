import EDDCore
import Foundation

/// The shared shell of the three executables: subcommand dispatch, `--help`, and errors as one sentence on
/// stderr with a sysexits-style status. The executables hand it their arguments; it never reads argv itself.
public struct CommandLineTool {
    /// One subcommand: its name (possibly two words, `import olist`), a one-line summary, its help text and
    /// its body.
    public struct Command {
        public var name: String
        public var summary: String
        public var help: String
        public var run: (inout ArgumentList) throws -> Void

        public init(name: String, summary: String, help: String, run: @escaping (inout ArgumentList) throws -> Void) {
            self.name = name
            self.summary = summary
            self.help = help
            self.run = run
        }
    }

    public var name: String
    public var summary: String
    public var commands: [Command]

    public init(name: String, summary: String, commands: [Command]) {
        self.name = name
        self.summary = summary
        self.commands = commands
    }

    /// The usage text listing every subcommand.
    public var usage: String {
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        let lines = commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
        return "\(name): \(summary)\n\nUsage: \(name) <command> [options]\n\nCommands:\n"
            + lines.joined(separator: "\n") + "\n\nRun '\(name) <command> --help' for a command's options.\n"
    }

    /// Runs the subcommand named by the arguments (without the program name) and returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            print(usage, terminator: "")
            return arguments.isEmpty ? 64 : 0
        }
        let match = commands.first { c in
            let words = c.name.split(separator: " ").map(String.init)
            return arguments.count >= words.count && Array(arguments.prefix(words.count)) == words
        }
        guard let command = match else {
            Self.printError("\(name): unknown command '\(first)'. Run '\(name) --help' for the list.")
            return 64
        }
        var args = ArgumentList(Array(arguments.dropFirst(command.name.split(separator: " ").count)))
        if args.wantsHelp {
            print(command.help)
            return 0
        }
        do {
            try command.run(&args)
            return 0
        } catch let error as ToolError {
            Self.printError("\(name) \(command.name): \(error.message)")
            return error.exitCode
        } catch {
            Self.printError("\(name) \(command.name): \(error)")
            return 1
        }
    }

    /// Writes one line to standard error.
    public static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
