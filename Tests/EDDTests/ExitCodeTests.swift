@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDSweep
@testable import EDDTraining
import Foundation
import Testing

/// Errors carry a kind, a stable code and a message; only the command line turns the kind into the exit
/// statuses of CONTEXT and the README (64 usage, 65 bad data, 66 missing input, 73 unwritable output, 1 else).
@Suite struct ExitCodeTests {
    @Test func eachKindEndsWithItsSysexitsStatus() {
        let expected: [ErrorKind: Int32] = [
            .usage: 64, .badInput: 65, .missingInput: 66, .unwritableOutput: 73, .failure: 1,
        ]
        for kind in ErrorKind.allCases { #expect(ExitCode(for: kind).rawValue == expected[kind], "\(kind)") }
    }

    @Test func anErrorOfNoLayerEndsWithStatusOne() {
        struct Foreign: Error {}
        #expect(ExitCode(for: Foreign()) == .failure)
        #expect(ExitCode(for: JSONParseError(offset: 3, reason: .invalidNumber)).rawValue == 1)
    }

    /// One error of every type and reason, with the kind and code it must have.
    static let samples: [(error: any EDDError, kind: ErrorKind, code: String)] = [
        (InputFileError.cannotOpen("/x"), .missingInput, "input_cannot_open"),
        (InputFileError.readFailed(errno: EIO), .failure, "input_read_failed"),
        (OutputFileError("/x", "why"), .unwritableOutput, "output_cannot_write"),
        (ModelFileError.badMagic("m"), .badInput, "model_bad_magic"),
        (ModelFileError.newerVersion("m", 9), .badInput, "model_unsupported_version"),
        (ModelFileError.truncated("m", 3), .badInput, "model_truncated"),
        (ModelFileError.trailingBytes("m"), .badInput, "model_corrupted"),
        (ModelFileError.malformed("m"), .badInput, "model_malformed"),
        (ModelFileError(.unreadable, "m"), .badInput, "model_unreadable"),
        (CalendarSpecError(.malformedRow, path: "c", line: 1, "x"), .badInput, "calendar_malformed_row"),
        (CalendarSpecError(.unknownHolidays, path: "c", line: 1, "x"), .badInput, "calendar_unknown_holidays"),
        (CalendarSpecError(.badCutoff, path: "c", line: 1, "x"), .badInput, "calendar_bad_cutoff"),
        (IngestionError(.noHeader, "x"), .badInput, "ingest_no_header"),
        (IngestionError(.missingColumn, "x"), .badInput, "ingest_missing_column"),
        (IngestionError(.duplicateColumn, "x"), .badInput, "ingest_duplicate_column"),
        (IngestionError(.badAlias, "x"), .badInput, "ingest_bad_alias"),
        (OlistImportError(.noHeader, "x"), .badInput, "olist_no_header"),
        (OlistImportError(.missingColumn, "x"), .badInput, "olist_missing_column"),
        (SyntheticError(.badCount, "x"), .usage, "synthetic_bad_count"),
        (SyntheticError(.unsupportedDates, "x"), .usage, "synthetic_unsupported_dates"),
        (SyntheticError(.missingTimeZone, "x"), .failure, "synthetic_missing_time_zone"),
        (ReportError(.reversedRange, "x"), .usage, "report_reversed_range"),
        (ReportError(.encodingFailed, "x"), .failure, "report_encoding_failed"),
        (SweepError(.badHistory, "x"), .badInput, "sweep_bad_history"),
        (SweepError(.nowBeforeFeed, "x"), .usage, "sweep_now_before_feed"),
        (QueryServiceError.noModelPath, .usage, "service_no_model_path"),
        (UsageError("x"), .usage, "usage"),
        (CommandError.badInput("x"), .badInput, "command_bad_input"),
        (CommandError.failure("x"), .failure, "command_failed"),
    ]

    @Test func everyErrorHasItsKindAndCodeAndTheCodesAreDistinct() {
        for s in Self.samples {
            #expect(s.error.kind == s.kind, "\(s.code)")
            #expect(s.error.code == s.code)
        }
        #expect(Set(Self.samples.map(\.code)).count == Self.samples.count)
    }

    @Test func anErrorPrintsAsItsMessageAlone() {
        let error: any Error = OutputFileError("/tmp/x", "No space left on device")
        #expect("\(error)" == "cannot write '/tmp/x': No space left on device")
        #expect("\(InputFileError.cannotOpen("a.csv"))" == "cannot open 'a.csv': no such file or not readable")
        #expect(
            CalendarSpecError(.badCutoff, path: "c.csv", line: 4, "cut-off must be HH:MM, got '25:00'").message
                == "c.csv:4: cut-off must be HH:MM, got '25:00'")
    }

    @Test func theToolPrintsTheMessageAndExitsByKind() {
        func tool(_ error: any Error) -> CommandLineTool {
            CommandLineTool(
                name: "t", summary: "s",
                commands: [.init(name: "go", summary: "", help: "") { _ in throw error }])
        }
        #expect(tool(InputFileError.cannotOpen("/none")).run(["go"]) == 66)
        #expect(tool(OutputFileError("/x", "y")).run(["go"]) == 73)
        #expect(tool(ModelFileError.truncated("m", 3)).run(["go"]) == 65)
        #expect(tool(UsageError("bad")).run(["go"]) == 64)
        #expect(tool(CommandError.failure("down")).run(["go"]) == 1)
    }
}
