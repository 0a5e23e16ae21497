import EDDCore

#if canImport(Glibc)
    import Glibc
#endif

/// A buffered CSV output to a file or standard output.
///
/// The bytes go through an ``OutputFile``: a regular file is written to a temporary sibling and renamed into
/// place by ``finish()``, so a reader never sees half a file, and a device or FIFO is written in place; if
/// the output is dropped without `finish()` the temporary file is removed.
public final class CSVOutput {
    private let output: OutputFile
    private var buffer: [UInt8] = []
    private var finished = false
    private static let flushThreshold = 1 << 20

    /// Opens `path` for writing, or standard output when `path` is `-`.
    ///
    /// - Throws: ``OutputFileError`` when the output is refused or cannot be opened.
    public init(path: String) throws {
        buffer.reserveCapacity(CSVOutput.flushThreshold + 4096)
        output = try OutputFile(path: path)
    }

    /// Appends one row: fields are quoted when they hold a comma, a quote, CR or LF.
    public func writeRow(_ fields: [String]) throws {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(44) }
            appendField(f)
        }
        try endRow()
    }

    /// Appends one field (quoting as needed) to the current row; call ``endRow()`` after the last.
    public func appendField(_ field: String) {
        var s = field
        s.withUTF8 { appendField(bytes: $0) }
    }

    /// Appends one field given as bytes (quoting as needed).
    public func appendField(bytes: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        for c in bytes where c == 44 || c == 34 || c == 10 || c == 13 {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(34)
        for c in bytes {
            if c == 34 { buffer.append(34) }
            buffer.append(c)
        }
        buffer.append(34)
    }

    /// Appends a field separator.
    public func appendComma() { buffer.append(44) }

    /// Appends raw text that needs no quoting (numbers, timestamps, codes).
    public func appendRaw(_ text: String) {
        var s = text
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Appends bytes as they are (whole lines encoded elsewhere), flushing the buffer when it is large.
    public func appendRaw(bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= CSVOutput.flushThreshold { try flush() }
    }

    /// Ends the current row with LF, flushing the buffer when it is large.
    public func endRow() throws {
        buffer.append(10)
        if buffer.count >= CSVOutput.flushThreshold { try flush() }
    }

    /// Writes buffered bytes out.
    public func flush() throws {
        try buffer.withUnsafeBytes { try output.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte to `fd`, retrying short writes and interrupted calls.
    ///
    /// - Throws: ``OutputFileError`` naming `path` when a write fails.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        try OutputFile.writeAll(bytes, to: fd, path: path)
    }

    /// Flushes and completes the output (for a file, fsync and rename into place).
    public func finish() throws {
        guard !finished else { return }
        try flush()
        finished = true
        try output.finish()
    }
}
