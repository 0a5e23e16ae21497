@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// The argument parser is strict: every mistake is a usage error (exit 64) with a sentence naming it.
@Suite struct ArgumentListTests {
    /// The usage message `body` throws, or nil when it succeeds.
    static func usage(_ arguments: [String], _ body: (inout ArgumentList) throws -> Void) -> String? {
        var args = ArgumentList(arguments)
        do {
            try body(&args)
            return nil
        } catch let error as UsageError {
            #expect(ExitCode(for: error) == .usage)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aRepeatedFlagIsNamedAsRepeatedNotUnknown() {
        let message = Self.usage(["--out", "a", "--out", "b"]) { args in
            _ = try args.value("--out")
            try args.rejectUnknown()
        }
        #expect(message == "--out is given 2 times; give it once")
        #expect(
            Self.usage(["--clean", "--clean"]) { _ = try $0.flag("--clean") }
                == "--clean is given 2 times; give it once")
    }

    @Test func aStrayWordIsRefusedUnlessTheCommandTakesWords() {
        let body: (inout ArgumentList) throws -> Void = { args in
            _ = try args.value("--out")
            try args.rejectUnknown()
        }
        #expect(Self.usage(["--out", "a", "stray"], body) == "unexpected argument 'stray'")
        #expect(Self.usage(["-"], body) == "unexpected argument '-'")
        #expect(Self.usage(["-x"], body) == "unknown option -x")
        #expect(Self.usage(["--bogus"], body) == "unknown option --bogus")
        #expect(Self.usage(["--out=a"], body) == "write '--out a', not '--out=a'")
        var args = ArgumentList(["--connect", "h:1", "{}", "{\"op\":\"health\"}"])
        #expect((try? args.value("--connect")) == "h:1")
        #expect((try? args.rejectUnknown(allowingPositionals: true)) != nil)
        #expect(args.positionals == ["{}", "{\"op\":\"health\"}"])
    }

    @Test func aFlagFollowedByAnotherFlagHasNoValue() {
        #expect(Self.usage(["--out", "--rejects", "r"]) { _ = try $0.value("--out") } == "--out needs a value")
        #expect(Self.usage(["--out"]) { _ = try $0.value("--out") } == "--out needs a value")
        // A lone dash is a value: standard input or output.
        var args = ArgumentList(["--out", "-"])
        #expect((try? args.value("--out")) == "-")
    }

    @Test func numbersOutsideTheirRangeAreRefusedWithTheRange() {
        let message = Self.usage(["--max-line", "10"]) {
            _ = try $0.integer("--max-line", in: 128...67_108_864, "bytes")
        }
        #expect(message == "--max-line must be a whole number of bytes from 128 to 67108864, got '10'")
        let seconds = Self.usage(["--idle-timeout", "0"]) {
            _ = try $0.number("--idle-timeout", in: 0...1_000_000, above: true, "seconds")
        }
        #expect(seconds == "--idle-timeout must be a number of seconds more than 0 and at most 1000000, got '0'")
        #expect(Self.usage(["--t", "nan"]) { _ = try $0.number("--t", in: 0...10, "seconds") } != nil)
        var args = ArgumentList(["--max-line", "128", "--t", "0.5"])
        #expect((try? args.integer("--max-line", in: 128...256)) == 128)
        #expect((try? args.number("--t", in: 0...1, above: true, "seconds")) == 0.5)
    }

    @Test func aRepeatableFlagCollectsEveryValue() {
        var args = ArgumentList(["--q", "0.1", "--q", "0.9"])
        #expect((try? args.values("--q")) == ["0.1", "0.9"])
        #expect((try? args.rejectUnknown()) != nil)
    }
}
