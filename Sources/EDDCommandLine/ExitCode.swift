import EDDCore

/// The sysexits-style status an executable ends with; the only place an error's kind becomes a number.
public struct ExitCode: RawRepresentable, Hashable, Sendable {
    /// The status the process exits with.
    public let rawValue: Int32

    /// The status `rawValue`.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Success.
    public static let success = ExitCode(rawValue: 0)
    /// Anything else went wrong.
    public static let failure = ExitCode(for: .failure)
    /// EX_USAGE: bad command-line arguments.
    public static let usage = ExitCode(for: .usage)
    /// EX_DATAERR: input data that cannot be used.
    public static let badInput = ExitCode(for: .badInput)
    /// EX_NOINPUT: an input file that does not exist or cannot be read.
    public static let missingInput = ExitCode(for: .missingInput)
    /// EX_CANTCREAT: an output that cannot be created.
    public static let unwritableOutput = ExitCode(for: .unwritableOutput)

    /// The status for a kind of failure (sysexits.h's numbers).
    public init(for kind: ErrorKind) {
        switch kind {
        case .usage: rawValue = 64
        case .badInput: rawValue = 65
        case .missingInput: rawValue = 66
        case .unwritableOutput: rawValue = 73
        case .failure: rawValue = 1
        }
    }

    /// The status for an error: by its kind for the package's own errors, 1 for any other.
    public init(for error: any Error) {
        self = (error as? any EDDError).map { ExitCode(for: $0.kind) } ?? .failure
    }
}
