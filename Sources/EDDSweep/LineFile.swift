import EDDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file one physical line at a time (without the LF or a CR before it), in 1 MiB chunks.
final class LineFile {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    /// The number of the line last returned, from 1.
    private(set) var line = 0

    /// - Throws: ``InputFileError`` when the file cannot be opened.
    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFileError.cannotOpen(path) }
    }

    /// Reads lines from memory (tests).
    init(bytes: [UInt8]) {
        fd = -1
        buffer = bytes
        eof = true
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Calls `body` with the next line, or returns false at the end of the file.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if let lf = buffer[start...].firstIndex(of: 10) {
                try emit(start..<lf, body)
                start = lf + 1
                return true
            }
            if eof {
                guard start < buffer.count else { return false }
                try emit(start..<buffer.count, body)
                start = buffer.count
                return true
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 1 << 20))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 1 << 20) }
            if n < 0 && errno == EINTR {
                buffer.removeSubrange(old...)
                continue
            }
            buffer.removeSubrange((old + max(0, n))...)
            if n <= 0 { eof = true }
        }
    }

    private func emit(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        line += 1
        var end = range.upperBound
        if end > range.lowerBound, buffer[end - 1] == 13 { end -= 1 }
        try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range.lowerBound..<end])) }
    }
}
