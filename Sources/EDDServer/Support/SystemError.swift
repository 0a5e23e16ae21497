import EDDCore
import EDDProtocol
import Glibc

/// A failed system call, with the operation that failed and the errno text.
///
/// `description` is one sentence an executable can print as is, e.g.
/// `bind 127.0.0.1:7433: Address already in use`.
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What was attempted, including the address or path involved.
    public var operation: String
    /// The errno value (0 when the failure was not a system call, e.g. a bad address).
    public var errno: Int32
    /// Extra text used when `errno` is 0.
    public var detail: String

    /// Creates an error from a failed call's errno.
    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
        self.detail = ""
    }

    /// Creates an error that is not an errno (a bad address, a resolver failure).
    public init(_ operation: String, detail: String) {
        self.operation = operation
        self.errno = 0
        self.detail = detail
    }

    public var description: String {
        if errno == 0 { return "\(operation): \(detail)" }
        return "\(operation): \(String(cString: strerror(errno)))"
    }

    /// Captures the calling thread's current errno.
    static func last(_ operation: String) -> SystemError { SystemError(operation, errno: Glibc.errno) }
}
