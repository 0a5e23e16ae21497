/// A model file that cannot be used: not a model, a version this build does not read, cut short, corrupted,
/// or with content this build does not know. (A file that is not there is an ``InputFileError``.)
public typealias ModelFileError = CodedError<ModelFileReason>

/// What is wrong with a model file; every reason is bad input.
public enum ModelFileReason: String, ErrorReason {
    /// It does not start with the magic bytes.
    case badMagic = "model_bad_magic"
    /// A format version this build does not read.
    case unsupportedVersion = "model_unsupported_version"
    /// It ends before its sections say it should.
    case truncated = "model_truncated"
    /// Bytes follow the checksum, or the checksum does not match the bytes.
    case corrupted = "model_corrupted"
    /// Its header, body or tables are not what this build writes.
    case malformed = "model_malformed"
    /// It is not a regular file, too large, or reading it failed.
    case unreadable = "model_unreadable"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .badInput }
}

extension CodedError where Reason == ModelFileReason {
    static func badMagic(_ source: String) -> ModelFileError {
        ModelFileError(.badMagic, "\(source) is not an edd model file (bad magic)")
    }

    static func newerVersion(_ source: String, _ version: UInt32) -> ModelFileError {
        ModelFileError(
            .unsupportedVersion,
            "\(source) has model format version \(version); this build reads versions up to \(ModelFile.formatVersion)")
    }

    static func truncated(_ source: String, _ size: Int) -> ModelFileError {
        ModelFileError(.truncated, "\(source) is truncated (\(size) bytes)")
    }

    static func trailingBytes(_ source: String) -> ModelFileError {
        ModelFileError(.corrupted, "\(source) has trailing bytes after its checksum")
    }

    static func malformed(_ message: String) -> ModelFileError { ModelFileError(.malformed, message) }
}
