import EDDCore
import EDDProtocol
import Glibc

/// Where a server listens or a client connects: `HOST:PORT`, `[v6]:PORT`, `unix:/path` or `/path`.
public enum SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// A TCP host (name or numeric address) and port; port 0 asks the kernel for a free port.
    case tcp(host: String, port: UInt16)
    /// A Unix-domain stream socket path.
    case unix(path: String)

    /// Parses an address as written on the command line.
    /// - Throws: ``SystemError`` naming the text when it is not one of the accepted forms.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw SystemError("address '\(text)'", detail: "empty Unix socket path") }
            self = .unix(path: path)
            return
        }
        if text.hasPrefix("/") {
            self = .unix(path: text)
            return
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw SystemError("address '\(text)'", detail: "expected HOST:PORT, unix:/path or /path")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw SystemError("address '\(text)'", detail: "port must be a number from 0 to 65535")
        }
        self = .tcp(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}

/// Low-level socket calls shared by the server and the clients.
enum Socket {
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let nonBlockCloexec = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)

    /// Resolves a TCP address and calls `body` with each candidate until one succeeds.
    static func withResolved<T>(
        host: String, port: UInt16, passive: Bool, _ body: (UnsafePointer<addrinfo>) throws -> T?
    ) throws -> T {
        var hints = addrinfo()
        hints.ai_socktype = streamType
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SystemError("resolve \(host)", detail: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(first) }
        var lastError = SystemError("resolve \(host)", detail: "no usable address")
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            do {
                if let value = try body(ai) { return value }
            } catch let error as SystemError {
                lastError = error
            }
            cursor = ai.pointee.ai_next
        }
        throw lastError
    }

    /// Fills a `sockaddr_un` for `path`.
    static func withUnixAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T) throws -> T
    {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else {
            throw SystemError("unix socket '\(path)'", detail: "path longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return try withUnsafePointer(to: &addr) {
            try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The port a bound TCP socket ended up on (for port 0).
    static func boundPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return 0 }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { ptr -> UInt16 in
            if family == sa_family_t(AF_INET6) {
                return ptr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            }
            return ptr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// Opens a blocking, connected stream socket to `address` (used by the clients).
    static func connect(to address: SocketAddress) throws -> Int32 {
        switch address {
        case .unix(let path):
            let fd = socket(AF_UNIX, streamType | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError.last("socket") }
            do {
                try withUnixAddress(path) { addr, len in
                    guard Glibc.connect(fd, addr, len) == 0 else { throw SystemError.last("connect \(address)") }
                }
            } catch {
                close(fd)
                throw error
            }
            return fd
        case .tcp(let host, let port):
            return try withResolved(host: host, port: port, passive: false) { ai -> Int32? in
                let fd = socket(ai.pointee.ai_family, streamType | Int32(SOCK_CLOEXEC.rawValue), 0)
                guard fd >= 0 else { throw SystemError.last("socket") }
                guard Glibc.connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 else {
                    let error = SystemError.last("connect \(address)")
                    close(fd)
                    throw error
                }
                setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return fd
            }
        }
    }

    /// Writes all of `bytes`, retrying on short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.last("write")
            }
            offset += n
        }
    }
}
