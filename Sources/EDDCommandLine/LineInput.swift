import EDDCore
import Foundation

/// Reads a file or standard input line by line (`\n`, with a trailing `\r` dropped), in large chunks.
public final class LineInput {
    private let fd: Int32
    private let closeAtEnd: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``InputFileError`` when the file cannot be opened.
    public init(path: String) throws {
        if path == "-" {
            fd = STDIN_FILENO
            closeAtEnd = false
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw InputFileError.cannotOpen(path) }
            closeAtEnd = true
        }
    }

    deinit { if closeAtEnd { close(fd) } }

    /// The next line without its terminator, or nil at the end of the input.
    public func next() throws -> [UInt8]? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = nl
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[start..<end])
                start = nl + 1
                return line
            }
            if atEOF {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError.readFailed(errno: errno)
            }
            if n == 0 { atEOF = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }
}
