import EDDCore
import EDDProtocol
import Glibc

/// systemd's readiness protocol (`sd_notify(3)`), without libsystemd: one datagram per state change to the
/// Unix socket systemd names in `$NOTIFY_SOCKET`, so a `Type=notify` unit is "active" only once the
/// listeners accept, and "deactivating" as soon as a drain begins.
///
/// A path starting with `@` is in the abstract namespace. Sending never blocks and failures are ignored:
/// readiness reporting must not be able to stop the daemon.
public struct SystemdNotifier: Sendable {
    /// The socket path, as `$NOTIFY_SOCKET` gives it.
    public let path: String

    /// Creates a notifier for `path`, or nil when there is none (not started by systemd).
    public init?(path: String?) {
        guard let path, !path.isEmpty, path.hasPrefix("/") || path.hasPrefix("@") else { return nil }
        self.path = path
    }

    /// Sends `state` (newline-separated `KEY=VALUE` assignments such as `READY=1`).
    /// - Returns: true when the datagram was sent.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in raw.copyBytes(from: bytes) }
        // An abstract name is exactly its bytes; a path gets its terminating NUL (already zero).
        let length = MemoryLayout<sa_family_t>.size + bytes.count + (bytes[0] == 0 ? 0 : 1)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &addr) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                message.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, socklen_t(length))
                }
            }
        }
        return sent == message.count
    }
}
