@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// Subcommand names: the longest match wins, and a word that names no subcommand is refused by name.
@Suite struct CommandLineToolTests {
    static var tool: CommandLineTool {
        CommandLineTool(
            name: "t", summary: "test",
            commands: ["import olist", "bench codec", "bench", "fit"].map {
                CommandLineTool.Command(name: $0, summary: "", help: "", run: { _ in })
            })
    }

    static func resolved(_ arguments: [String]) -> String {
        switch tool.resolve(arguments) {
        case .success(let c): return c.name
        case .failure(let e): return "\(ExitCode(for: e).rawValue): \(e.message)"
        }
    }

    @Test func theLongestCommandWins() {
        #expect(Self.resolved(["bench", "codec", "--runs", "1"]) == "bench codec")
        #expect(Self.resolved(["bench", "--connect", "x"]) == "bench")
        #expect(Self.resolved(["import", "olist", "--dir", "d"]) == "import olist")
        #expect(Self.resolved(["fit", "extra"]) == "fit")
    }

    @Test func anUnknownSecondWordIsNamedWithTheChoices() {
        #expect(
            Self.resolved(["import", "foo"]) == "64: unknown command 'import foo'; 'import' is followed by 'olist'")
        #expect(Self.resolved(["import"]) == "64: 'import' needs a subcommand: 'import olist'")
        #expect(
            Self.resolved(["bench", "foo"])
                == "64: unknown command 'bench foo'; 'bench' is followed by 'codec' or by options")
        #expect(Self.resolved(["nope"]) == "64: unknown command 'nope'. Run 't --help' for the list.")
    }
}
