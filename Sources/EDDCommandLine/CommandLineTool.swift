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
            // Asked for, the usage is the output; given nothing, it is the error message.
            if arguments.isEmpty {
                FileHandle.standardError.write(Data(usage.utf8))
                return ExitCode.usage.rawValue
            }
            print(usage, terminator: "")
            return 0
        }
        let command: Command
        switch resolve(arguments) {
        case .success(let c): command = c
        case .failure(let error):
            Self.printError("\(name): \(error.message)")
            return ExitCode.usage.rawValue
        }
        var args = ArgumentList(Array(arguments.dropFirst(command.name.split(separator: " ").count)))
        if args.wantsHelp {
            print(command.help)
            return 0
        }
        do {
            try command.run(&args)
            return 0
        } catch {
            // The package's errors print their message; any other error its description.
            Self.printError("\(name) \(command.name): \(error)")
            return ExitCode(for: error).rawValue
        }
    }

    /// The command the arguments name: the longest command whose words begin them, refusing a word that
    /// names no command where one is expected (`import foo`, `bench foo`).
    func resolve(_ arguments: [String]) -> Result<Command, UsageError> {
        let ranked = commands.sorted { $0.name.split(separator: " ").count > $1.name.split(separator: " ").count }
        let match = ranked.first { c in
            let words = c.name.split(separator: " ").map(String.init)
            return arguments.count >= words.count && Array(arguments.prefix(words.count)) == words
        }
        let first = arguments.first ?? ""
        let second = arguments.dropFirst().first
        // The sub-subcommands that begin with the same word (`import olist`, `bench codec`).
        let family = commands.map { $0.name.split(separator: " ").map(String.init) }.filter {
            $0.count > 1 && $0[0] == first
        }.map { $0.joined(separator: " ") }
        let chosenLength = match.map { $0.name.split(separator: " ").count } ?? 0
        if let second, !second.hasPrefix("-"), !family.isEmpty, chosenLength < 2 {
            return .failure(
                UsageError(
                    "unknown command '\(first) \(second)'; '\(first)' is followed by "
                        + family.map { "'\($0.split(separator: " ").dropFirst().joined(separator: " "))'" }.joined(
                            separator: ", ")
                        + (match == nil ? "" : " or by options")))
        }
        guard let match else {
            if !family.isEmpty {
                return .failure(
                    UsageError(
                        "'\(first)' needs a subcommand: "
                            + family.map { "'\($0)'" }.joined(separator: ", ")))
            }
            return .failure(UsageError("unknown command '\(first)'. Run '\(name) --help' for the list."))
        }
        return .success(match)
    }

    /// Writes one line to standard error.
    public static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
