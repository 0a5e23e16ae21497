@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// Every tool and subcommand, run as a user runs it: bad arguments exit 64 before any input is read, bad
/// data 65, a missing input 66, an output that cannot be written 73, each with a sentence naming the fault.
@Suite struct CommandLineExitTests {
    /// Files the cases point at, made once.
    struct Fixture: Sendable {
        let dir: String
        var scans: String { dir + "/scans.csv" }
        var badHeader: String { dir + "/bad-header.csv" }
        var duplicateHeader: String { dir + "/duplicate-header.csv" }
        var missing: String { dir + "/absent.csv" }
        var junk: String { dir + "/junk.model" }
        var model: String { dir + "/edd.model" }
        var out: String { dir + "/out" }
        /// A path in a folder that does not exist: nothing can be created there.
        var unwritable: String { dir + "/no-such-folder/out" }
        var olistBad: String { dir + "/olist-bad" }

        static let shared: Fixture = {
            let f = Fixture(dir: DaemonFixtures.temporaryFolder())
            try! DaemonFixtures.scanCSV(transitDays: 2, orders: 20).write(
                toFile: f.scans, atomically: true, encoding: .utf8)
            try! "shipment_id,carrier\ns1,ups\n".write(toFile: f.badHeader, atomically: true, encoding: .utf8)
            try!
                (DaemonFixtures.scanCSV(transitDays: 2, orders: 1).replacingOccurrences(
                    of: "event_time", with: "event_time,carrier"))
                .write(toFile: f.duplicateHeader, atomically: true, encoding: .utf8)
            try! Data("not a model".utf8).write(to: URL(fileURLWithPath: f.junk))
            let model = try! DaemonFixtures.modelFile()
            try! FileManager.default.copyItem(atPath: model.path, toPath: f.model)
            try! FileManager.default.createDirectory(atPath: f.olistBad, withIntermediateDirectories: true)
            for table in ["orders", "customers", "order_items", "sellers"] {
                try! "nothing,useful\n1,2\n".write(
                    toFile: f.olistBad + "/olist_\(table)_dataset.csv", atomically: true, encoding: .utf8)
            }
            return f
        }()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let tool: String
        let arguments: [String]
        let status: Int32
        let says: String
        var testDescription: String { "\(tool) \(arguments.joined(separator: " ")) → \(status)" }
    }

    static let cases: [Case] = {
        let f = Fixture.shared
        func c(_ tool: String, _ status: Int32, _ says: String, _ arguments: String...) -> Case {
            Case(tool: tool, arguments: arguments, status: status, says: says)
        }
        return [
            // edd-train: commands
            c("edd-train", 64, "Usage:"),
            c("edd-train", 64, "unknown command 'nope'", "nope"),
            c("edd-train", 64, "unknown command 'import foo'", "import", "foo"),
            c("edd-train", 64, "'import' needs a subcommand", "import"),
            // fit
            c("edd-train", 64, "unknown option --bogus", "fit", "--scans", f.scans, "--out", f.out, "--bogus"),
            c(
                "edd-train", 64, "--scans is given 2 times", "fit", "--scans", f.scans, "--scans", f.scans, "--out",
                f.out),
            c("edd-train", 64, "unexpected argument 'extra'", "fit", "--scans", f.scans, "--out", f.out, "extra"),
            c("edd-train", 64, "write '--out x'", "fit", "--scans", f.scans, "--out=x"),
            c("edd-train", 64, "--half-life must be", "fit", "--scans", f.scans, "--out", f.out, "--half-life", "0"),
            c(
                "edd-train", 64, "--lost-after must be", "fit", "--scans", f.scans, "--out", f.out, "--lost-after",
                "100000"),
            c("edd-train", 64, "--out needs a value", "fit", "--scans", f.scans, "--out", "--rejects", f.out),
            // Arguments are checked before any file is opened: the missing files are never looked at.
            c("edd-train", 64, "unknown option --bogus", "fit", "--scans", f.missing, "--out", f.out, "--bogus"),
            c(
                "edd-train", 64, "unknown option --bogus", "fit", "--scans", f.scans, "--out", f.out, "--calendars",
                f.missing, "--bogus"),
            c("edd-train", 66, f.missing, "fit", "--scans", f.missing, "--out", f.out),
            c("edd-train", 65, "no required column", "fit", "--scans", f.badHeader, "--out", f.out),
            c("edd-train", 73, f.unwritable, "fit", "--scans", f.scans, "--out", f.unwritable),
            // timelines
            c("edd-train", 64, "unknown option --bogus", "timelines", "--scans", f.scans, "--bogus"),
            c("edd-train", 64, "--out is given 2 times", "timelines", "--scans", f.scans, "--out", "-", "--out", "-"),
            c("edd-train", 64, "unexpected argument 'extra'", "timelines", "--scans", f.missing, "extra"),
            c("edd-train", 66, f.missing, "timelines", "--scans", f.missing),
            c("edd-train", 65, "names column 'carrier' twice", "timelines", "--scans", f.duplicateHeader),
            c("edd-train", 73, f.unwritable, "timelines", "--scans", f.scans, "--out", f.unwritable),
            c("edd-train", 73, f.unwritable, "timelines", "--scans", f.scans, "--rejects", f.unwritable),
            // import olist
            c("edd-train", 64, "unexpected argument 'x'", "import", "olist", "--dir", f.missing, "--out", f.out, "x"),
            c(
                "edd-train", 64, "unknown option --bogus", "import", "olist", "--dir", f.missing, "--out", f.out,
                "--bogus"),
            c("edd-train", 66, f.missing, "import", "olist", "--dir", f.missing, "--out", f.out),
            c("edd-train", 65, "customer_id", "import", "olist", "--dir", f.olistBad, "--out", f.out),
            // synth
            c(
                "edd-train", 64, "--clean is given 2 times", "synth", "--shipments", "5", "--out", f.out, "--clean",
                "--clean"),
            c("edd-train", 64, "--shipments must be", "synth", "--shipments", "-1", "--out", f.out),
            c("edd-train", 64, "--start must be", "synth", "--shipments", "5", "--start", "9999-12-01", "--out", f.out),
            c("edd-train", 64, "unexpected argument 'extra'", "synth", "--shipments", "5", "--out", f.out, "extra"),
            c("edd-train", 73, f.unwritable, "synth", "--shipments", "5", "--out", f.unwritable),
            // backtest: every argument before the scans are read
            c(
                "edd-train", 64, "--from must not be after --to", "backtest", "--scans", f.missing, "--from", "2018-03",
                "--to", "2018-01"),
            c(
                "edd-train", 64, "unknown time zone", "backtest", "--scans", f.missing, "--from", "2018-01", "--to",
                "2018-02", "--zone", "Mars/Base"),
            c(
                "edd-train", 64, "--step must be", "backtest", "--scans", f.missing, "--from", "2018-01", "--to",
                "2018-02", "--step", "day"),
            c(
                "edd-train", 64, "unknown option --bogus", "backtest", "--scans", f.missing, "--from", "2018-01",
                "--to", "2018-02", "--bogus"),
            c("edd-train", 66, f.missing, "backtest", "--scans", f.missing, "--from", "2018-01", "--to", "2018-02"),
            c(
                "edd-train", 73, "not a directory", "backtest", "--scans", f.missing, "--from", "2018-01", "--to",
                "2018-02", "--report", f.junk),
            c(
                "edd-train", 65, "no required column", "backtest", "--scans", f.badHeader, "--from", "2018-01", "--to",
                "2018-02"),
            // edd
            c("edd", 64, "Usage:"),
            c("edd", 64, "unknown command 'nope'", "nope"),
            c("edd", 64, "unknown command 'bench foo'", "bench", "foo"),
            c("edd", 64, "unknown option --bogus", "predict", "--model", f.missing, "--bogus"),
            c("edd", 64, "--model is given 2 times", "predict", "--model", f.model, "--model", f.model),
            c("edd", 64, "unexpected argument 'stray'", "predict", "--model", f.model, "stray"),
            c("edd", 66, f.missing, "predict", "--model", f.missing),
            c("edd", 65, "not an edd model", "predict", "--model", f.junk),
            c("edd", 66, f.missing, "predict", "--model", f.model, "--input", f.missing),
            c("edd", 73, f.unwritable, "predict", "--model", f.model, "--output", f.unwritable),
            c("edd", 64, "--runs must be", "bench", "codec", "--runs", "0"),
            c("edd", 64, "--connections must be", "bench", "--connect", "127.0.0.1:1", "--connections", "0"),
            c("edd", 64, "--connect is given 2 times", "query", "--connect", "127.0.0.1:1", "--connect", "127.0.0.1:1"),
            c("edd", 64, "unknown option --bogus", "bench", "ingest", "--scans", f.missing, "--bogus"),
            c("edd", 66, f.missing, "bench", "ingest", "--scans", f.missing),
            c("edd", 65, "no required column", "bench", "ingest", "--scans", f.badHeader),
            c("edd", 66, f.missing, "bench", "--connect", "127.0.0.1:1", "--queries", f.missing),
            c("edd", 64, "--lanes must be", "bench", "predict", "--lanes", "0"),
            c("edd", 66, f.missing, "bench", "predict", "--model", f.missing),
            c("edd", 65, "not an edd model", "bench", "predict", "--model", f.junk),
            c("edd", 64, "--workers must be", "serve-echo", "--workers", "0"),
            c("edd", 64, "unexpected argument 'stray'", "serve-echo", "stray"),
            // eddd
            c("eddd", 64, "--max-line must be", "--max-line", "10"),
            c("eddd", 64, "--workers is given 2 times", "--workers", "2", "--workers", "3"),
            c("eddd", 64, "unexpected argument 'stray'", "stray"),
            c("eddd", 64, "unknown option --bogus", "--model", f.missing, "--bogus"),
            c("eddd", 64, "--idle-timeout must be", "--model", f.missing, "--idle-timeout", "0"),
            c("eddd", 64, "--log-level must be", "--model", f.missing, "--log-level", "loud"),
            c("eddd", 66, f.missing, "--model", f.missing, "--log-level", "warn"),
            c("eddd", 66, f.missing, "--model", f.missing, "--log-level", "warning"),
            c("eddd", 65, "not an edd model", "--model", f.junk),
        ]
    }()

    @Test(arguments: cases)
    func exitsWithItsStatusAndSaysWhy(_ c: Case) throws {
        let run = try ToolProcess(c.tool, c.arguments)
        #expect(run.status == c.status, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(c.says), "stderr: \(run.stderr)")
        // One sentence, not a trace (the no-argument usage text is the exception).
        if !c.arguments.isEmpty { #expect(run.stderr.split(separator: "\n").count == 1, "stderr: \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: Fixture.shared.unwritable))
    }

    @Test func nothingIsWrittenWhenTheArgumentsAreRefused() throws {
        let out = DaemonFixtures.temporaryFolder() + "/model"
        let run = try ToolProcess(
            "edd-train", ["fit", "--scans", Fixture.shared.scans, "--out", out, "--half-life", "-1"])
        #expect(run.status == 64)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
