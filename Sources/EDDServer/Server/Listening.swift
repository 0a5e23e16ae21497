import EDDCore
import EDDProtocol
import Glibc

/// Creating non-blocking listening sockets.
enum Listening {
    /// Binds and listens on `address`; for a Unix path, a stale socket file is replaced but a live one
    /// (something accepts connections on it) or a non-socket file is an error, and the socket gets
    /// `unixMode` whatever the umask (see ``UnixSocketSafety``).
    /// With `reusePort`, a TCP listener sets SO_REUSEPORT, so a second daemon can bind the same port while
    /// this one drains (the kernel spreads new connections over every listener on the port).
    static func bind(_ address: SocketAddress, unixMode: UInt32 = 0o600, reusePort: Bool = false) throws -> Int32 {
        let type = Socket.streamType | Socket.nonBlockCloexec
        switch address {
        case .tcp(let host, let port):
            return try Socket.withResolved(host: host, port: port, passive: true) { ai -> Int32? in
                let fd = socket(ai.pointee.ai_family, type, 0)
                guard fd >= 0 else { throw SystemError.last("socket") }
                Socket.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
                if reusePort { Socket.setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
                guard Glibc.bind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0, listen(fd, 1024) == 0 else {
                    let error = SystemError.last("bind \(address)")
                    close(fd)
                    throw error
                }
                return fd
            }
        case .unix(let path):
            try UnixSocketSafety.checkParentDirectory(of: path)
            try removeStaleSocket(path)
            let fd = socket(AF_UNIX, type, 0)
            guard fd >= 0 else { throw SystemError.last("socket") }
            do {
                try Socket.withUnixAddress(path) { addr, len in
                    try UnixSocketSafety.withOwnerOnlyUmask {
                        guard Glibc.bind(fd, addr, len) == 0 else { throw SystemError.last("bind \(address)") }
                    }
                    guard chmod(path, mode_t(unixMode)) == 0, listen(fd, 1024) == 0 else {
                        let error = SystemError.last("bind \(address)")
                        unlink(path)
                        throw error
                    }
                }
            } catch {
                close(fd)
                throw error
            }
            return fd
        }
    }

    private static func removeStaleSocket(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw SystemError("bind unix:\(path)", detail: "a file that is not a socket is in the way")
        }
        if let fd = try? Socket.connect(to: .unix(path: path)) {
            close(fd)
            throw SystemError("bind unix:\(path)", detail: "another server is listening there")
        }
        unlink(path)
    }
}
