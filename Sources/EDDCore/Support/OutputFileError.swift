/// An output that cannot be created or written: a refused path, a missing folder, a failed write.
public struct OutputFileError: EDDError, Equatable {
    /// The path as given.
    public let path: String
    /// Why not, e.g. `No space left on device`.
    public let why: String

    /// Creates the error for `path`.
    public init(_ path: String, _ why: String) {
        self.path = path
        self.why = why
    }

    /// Always `output_cannot_write`.
    public var code: String { "output_cannot_write" }
    /// `cannot write 'PATH': WHY`.
    public var message: String { "cannot write '\(path)': \(why)" }
    /// Always an unwritable output.
    public var kind: ErrorKind { .unwritableOutput }
}
