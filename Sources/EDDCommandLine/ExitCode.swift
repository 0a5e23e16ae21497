import EDDCore

/// The sysexits-style status an executable ends with; the only place an error's kind becomes a number.
public struct ExitCode: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Success.
    public static let success = ExitCode(rawValue: 0)
    /// Anything else went wrong.
    public static let failure = ExitCode(rawValue: 1)
    /// EX_USAGE: bad command-line arguments.
    public static let usage = ExitCode(rawValue: 64)
    /// EX_DATAERR: input data that cannot be used.
    public static let badInput = ExitCode(rawValue: 65)
    /// EX_NOINPUT: an input file that does not exist or cannot be read.
    public static let missingInput = ExitCode(rawValue: 66)
    /// EX_CANTCREAT: an output that cannot be created.
    public static let unwritableOutput = ExitCode(rawValue: 73)

    /// The status for a kind of failure.
    public init(for kind: ErrorKind) {
        switch kind {
        case .usage: self = .usage
        case .badInput: self = .badInput
        case .missingInput: self = .missingInput
        case .unwritableOutput: self = .unwritableOutput
        case .failure: self = .failure
        }
    }

    /// The status for an error: by its kind for the package's own errors, 1 for any other.
    public init(for error: any Error) {
        self = (error as? any EDDError).map { ExitCode(for: $0.kind) } ?? .failure
    }
}
