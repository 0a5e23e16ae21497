import EDDCore
import EDDProtocol
import Glibc

/// A blocking client for the line protocol: send request lines, read response lines.
///
/// Not thread-safe: use one client per thread. Responses arrive in request order, so a caller may send
/// several lines before reading (pipelining).
public final class EDDClient {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var closed = false

    /// Connects to `address` (`HOST:PORT`, `unix:/path` or `/path`).
    /// - Parameters:
    ///   - address: where the server listens.
    ///   - timeout: how long a read may wait before failing; nil waits forever.
    /// - Throws: ``SystemError`` when the address is malformed or the connection fails.
    public convenience init(address: String, timeout: Duration? = nil) throws {
        try self.init(address: SocketAddress(parsing: address), timeout: timeout)
    }

    /// Connects to a parsed address.
    public init(address: SocketAddress, timeout: Duration? = nil) throws {
        fd = try Socket.connect(to: address)
        if let timeout {
            let ns = timeout.nanoseconds
            var tv = timeval(tv_sec: Int(ns / 1_000_000_000), tv_usec: Int(ns % 1_000_000_000 / 1000))
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    deinit { close(fd) }

    /// Sends raw bytes as they are (the caller includes the newlines).
    /// - Throws: ``SystemError`` when the connection is broken.
    public func send(raw bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try Socket.writeAll(fd, $0) }
    }

    /// Sends one request line, adding the `\n`.
    public func send(line: String) throws {
        try send(raw: Array(line.utf8) + [0x0A])
    }

    /// Reads the next response line without its newline, or nil at end of stream.
    /// - Throws: ``SystemError`` on a read error or timeout.
    public func readLine() throws -> [UInt8]? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    start = 0
                }
                return line
            }
            if closed { return nil }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.last("read")
            }
            if n == 0 {
                closed = true
                if buffer.count > start { return nil }
                return nil
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads the next response line as a string.
    public func readLineString() throws -> String? {
        try readLine().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sends one request and waits for its response.
    /// - Throws: ``SystemError`` on I/O failure or when the server closes the connection first.
    public func request(_ line: String) throws -> String {
        try send(line: line)
        guard let answer = try readLineString() else { throw SystemError("read", detail: "connection closed") }
        return answer
    }

    /// Half-closes the connection: the server sees end of input but can still answer.
    public func finishSending() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }
}
