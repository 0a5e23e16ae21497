import EDDCore

#if canImport(Glibc)
    import Glibc
#endif

/// A streaming RFC 4180 CSV reader that hands out fields as byte slices.
///
/// It reads a file (or standard input for `-`) in large chunks with `read(2)` and parses rows in place,
/// so the hot path allocates nothing per row or per field. Quoted fields may hold commas, doubled quotes
/// and line breaks; rows end with LF or CRLF. Any byte sequence is accepted: a quote that never closes
/// makes the row that opened it an ``Status/unterminatedQuote`` row and reading resumes on the next line,
/// and a row longer than `maxRowBytes` is reported as ``Status/tooLong`` and skipped.
///
/// Fields and ``rawRow`` are valid until the next call to ``next()``.
public final class CSVReader {
    /// What ``next()`` found.
    public enum Status: Sendable, Equatable {
        /// A row; its fields are available.
        case row
        /// An empty line (no fields).
        case blank
        /// A quoted field opened on this row never closes; only the first physical line is consumed.
        case unterminatedQuote
        /// The row exceeds `maxRowBytes`; it was skipped up to the next line break.
        case tooLong
    }

    enum Source {
        case descriptor(Int32, closeWhenDone: Bool)
        case memory([UInt8], offset: Int)
    }

    // The reader is used from one thread at a time and never re-entered, so the per-access exclusivity
    // checks Swift adds to class properties (a quarter of the ingestion time) are switched off below.
    @exclusivity(unchecked) private var source: Source
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// Unescaped copies of fields that held doubled quotes (or text after a closing quote).
    @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var eof = false
    private let chunkSize: Int
    /// Rows longer than this are rejected rather than buffered without limit.
    public let maxRowBytes: Int
    @exclusivity(unchecked) private var nextLine = 1
    @exclusivity(unchecked) private var rowStart = 0
    @exclusivity(unchecked) private var rowEnd = 0
    @exclusivity(unchecked) private var fieldBases: [UnsafePointer<UInt8>] = []
    @exclusivity(unchecked) private var fieldCounts: [Int] = []

    /// The 1-based line on which the current row starts.
    @exclusivity(unchecked) public private(set) var line = 0

    /// Opens a file, or standard input when `path` is `-`.
    ///
    /// - Throws: ``InputFileError`` when the file does not exist, is a directory or cannot be read.
    public convenience init(path: String, chunkSize: Int = 1 << 20, maxRowBytes: Int = 1 << 20) throws {
        if path == "-" {
            self.init(source: .descriptor(0, closeWhenDone: false), chunkSize: chunkSize, maxRowBytes: maxRowBytes)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFileError.cannotOpen(path) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw InputFileError.cannotOpen(path)
        }
        self.init(source: .descriptor(fd, closeWhenDone: true), chunkSize: chunkSize, maxRowBytes: maxRowBytes)
    }

    /// Reads from bytes in memory, handed over `chunkSize` bytes at a time (small chunks exercise refills).
    public convenience init(bytes: [UInt8], chunkSize: Int = 1 << 20, maxRowBytes: Int = 1 << 20) {
        self.init(source: .memory(bytes, offset: 0), chunkSize: chunkSize, maxRowBytes: maxRowBytes)
    }

    /// Reads from a string in memory.
    public convenience init(text: String, chunkSize: Int = 1 << 20, maxRowBytes: Int = 1 << 20) {
        self.init(bytes: Array(text.utf8), chunkSize: chunkSize, maxRowBytes: maxRowBytes)
    }

    init(source: Source, chunkSize: Int, maxRowBytes: Int) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.maxRowBytes = max(16, maxRowBytes)
        self.capacity = max(2 * self.chunkSize, 64)
        self.buffer = .allocate(capacity: capacity)
        self.scratch = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
        if case .descriptor(let fd, true) = source { close(fd) }
    }

    /// The number of fields of the current row.
    @inline(__always) public var fieldCount: Int { fieldCounts.count }

    /// The bytes of field `i` (unquoted and unescaped) of the current row.
    @inline(__always) public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: fieldBases[i], count: fieldCounts[i])
    }

    /// Field `i` as a string (invalid UTF-8 repaired); for headers and cold paths.
    public func string(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }

    /// The current row's bytes as they appear in the input, without the line break.
    public var rawRow: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + rowStart, count: rowEnd - rowStart)
    }

    /// Advances to the next row, or returns nil at the end of the input.
    ///
    /// - Throws: ``InputFileError`` when reading the file fails.
    public func next() throws -> Status? {
        while true {
            fieldBases.removeAll(keepingCapacity: true)
            fieldCounts.removeAll(keepingCapacity: true)
            if start == end {
                if eof { return nil }
                try refill()
                continue
            }
            switch parseRow() {
            case .done(let status): return status
            case .needMore:
                if end - start > maxRowBytes { return try skipLongRow() }
                if eof { return finishUnterminated() }
                try refill()
            }
        }
    }

    /// The number of fields of the row ``next(locating:)`` found.
    @exclusivity(unchecked) private(set) var locatedFieldCount = 0
    /// The field ``next(locating:)`` was asked for (unquoted and unescaped), empty when the row has fewer.
    @exclusivity(unchecked) private(set) var located = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// ``next()`` for a reader that needs only each row's field count, one field and ``rawRow`` (routing
    /// rows to partitions): a row without a quote byte, whole in the buffer, has its commas counted instead
    /// of its fields parsed; any other row is parsed as ``next()`` parses it. The statuses, lines and raw rows
    /// are those ``next()`` gives; ``field(_:)`` and ``fieldCount`` are not valid after it.
    func next(locating wanted: Int) throws -> Status? {
        if start < end {
            let b = buffer
            let first = b[start]
            if first != 10 && first != 13 && first != 34,
                let nl = memchr(b + start, 10, end - start)?.assumingMemoryBound(to: UInt8.self)
            {
                var rowLast = nl - b
                if rowLast > start && b[rowLast - 1] == 13 { rowLast -= 1 }
                let length = rowLast - start
                if memchr(b + start, 34, length) == nil {
                    // Every comma ends a field; a CR not before the LF is a field's byte, as in parseRow.
                    var commas = 0
                    var fieldStart = start
                    var fieldEnd = rowLast
                    var p = start
                    while p < rowLast {
                        if b[p] == 44 {
                            commas += 1
                            if commas == wanted { fieldStart = p + 1 }
                            if commas == wanted + 1 { fieldEnd = p }
                        }
                        p += 1
                    }
                    locatedFieldCount = commas + 1
                    located =
                        wanted <= commas
                        ? UnsafeBufferPointer(start: b + fieldStart, count: fieldEnd - fieldStart)
                        : UnsafeBufferPointer(start: nil, count: 0)
                    rowStart = start
                    rowEnd = rowLast
                    line = nextLine
                    nextLine += 1
                    start = nl - b + 1
                    return .row
                }
            }
        }
        let status = try next()
        locatedFieldCount = fieldCounts.count
        located = wanted < fieldCounts.count ? field(wanted) : UnsafeBufferPointer(start: nil, count: 0)
        return status
    }

    private enum ParseOutcome {
        case done(Status)
        case needMore
    }

    /// Parses one row starting at `start`; on success advances `start` past its line break.
    private func parseRow() -> ParseOutcome {
        let b = buffer
        var p = start
        var newlines = 0
        var used = 0
        // A line holding nothing but a line break.
        if b[p] == 10 || (b[p] == 13 && p + 1 < end && b[p + 1] == 10) {
            rowStart = p
            rowEnd = p
            line = nextLine
            nextLine += 1
            start = p + (b[p] == 10 ? 1 : 2)
            return .done(.blank)
        }
        if b[p] == 13 && p + 1 == end && !eof { return .needMore }
        while true {
            if p < end && b[p] == 34 {
                // Quoted field: find the closing quote, unescaping doubled quotes into scratch when needed.
                var q = p + 1
                var segment = q
                var copied = false
                let fieldScratchBegin = used
                while true {
                    while q < end && b[q] != 34 {
                        if b[q] == 10 { newlines += 1 }
                        q += 1
                    }
                    if q == end { return .needMore }
                    if q + 1 == end && !eof { return .needMore }
                    if q + 1 < end && b[q + 1] == 34 {
                        // A doubled quote: keep one, copying what precedes it.
                        copied = true
                        (scratch + used).update(from: b + segment, count: q + 1 - segment)
                        used += q + 1 - segment
                        q += 2
                        segment = q
                        continue
                    }
                    break
                }
                // q is the closing quote; anything up to the next delimiter is kept literally.
                var r = q + 1
                while r < end && b[r] != 44 && b[r] != 10 && !(b[r] == 13 && r + 1 < end && b[r + 1] == 10) {
                    r += 1
                }
                if r == end && !eof { return .needMore }
                if r == end - 1 && b[r] == 13 && !eof { return .needMore }
                if copied || r > q + 1 {
                    (scratch + used).update(from: b + segment, count: q - segment)
                    used += q - segment
                    (scratch + used).update(from: b + q + 1, count: r - q - 1)
                    used += r - q - 1
                    fieldBases.append(UnsafePointer(scratch + fieldScratchBegin))
                    fieldCounts.append(used - fieldScratchBegin)
                } else {
                    fieldBases.append(UnsafePointer(b + p + 1))
                    fieldCounts.append(q - p - 1)
                }
                p = r
            } else {
                var r = p
                while r < end {
                    let c = b[r]
                    if c == 44 || c == 10 { break }
                    if c == 13 {
                        if r + 1 == end && !eof { return .needMore }
                        if r + 1 < end && b[r + 1] == 10 { break }
                    }
                    r += 1
                }
                if r == end && !eof { return .needMore }
                fieldBases.append(UnsafePointer(b + p))
                fieldCounts.append(r - p)
                p = r
            }
            // p is at a delimiter, a line break or the end of the input.
            if p < end && b[p] == 44 {
                p += 1
                if p == end && !eof { return .needMore }
                continue
            }
            rowStart = start
            rowEnd = p
            line = nextLine
            nextLine += newlines + 1
            if p < end { p += b[p] == 13 ? 2 : 1 }
            start = p
            return .done(.row)
        }
    }

    /// The input ended inside a quoted field: reject the line that opened it and resume after it.
    private func finishUnterminated() -> Status {
        rejectFirstLine()
        return .unterminatedQuote
    }

    private func rejectFirstLine() {
        var p = start
        while p < end && buffer[p] != 10 { p += 1 }
        rowStart = start
        rowEnd = p > start && p < end && buffer[p - 1] == 13 ? p - 1 : p
        line = nextLine
        nextLine += 1
        start = p < end ? p + 1 : p
        fieldBases.removeAll(keepingCapacity: true)
        fieldCounts.removeAll(keepingCapacity: true)
    }

    /// The row outgrew `maxRowBytes`: an open quote is treated as unterminated (resume on the next line);
    /// a single very long line is skipped up to its line break.
    private func skipLongRow() throws -> Status {
        var p = start
        while p < end && buffer[p] != 10 { p += 1 }
        if p < end && p - start <= maxRowBytes {
            rejectFirstLine()
            return .unterminatedQuote
        }
        rowStart = start
        line = nextLine
        // Drop the line up to its break, reading on as needed; keep only a prefix for the rejects file
        // (at most half the buffer, so a chunk still fits after it).
        let keep = min(end - start, 256, capacity / 2)
        buffer.update(from: buffer + start, count: keep)
        rowStart = 0
        rowEnd = keep
        start = keep
        end = keep
        while true {
            if start == end {
                if eof { break }
                try refillDiscarding(from: keep)
                continue
            }
            if let nl = (start..<end).first(where: { buffer[$0] == 10 }) {
                start = nl + 1
                break
            }
            start = end
        }
        nextLine += 1
        // The prefix kept at the front stays visible through `rawRow` until the next call.
        return .tooLong
    }

    private func refillDiscarding(from keep: Int) throws {
        start = keep
        end = keep
        try readChunk()
    }

    /// Moves unread bytes to the front, grows the buffer when one row needs it, then reads a chunk.
    private func refill() throws {
        if start > 0 {
            let live = end - start
            if live > 0 { buffer.update(from: buffer + start, count: live) }
            start = 0
            end = live
        }
        if capacity - end < chunkSize {
            let newCapacity = max(capacity * 2, end + chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            scratch.deallocate()
            scratch = .allocate(capacity: newCapacity)
            capacity = newCapacity
        }
        try readChunk()
    }

    private func readChunk() throws {
        switch source {
        case .memory(let bytes, let offset):
            let n = min(chunkSize, bytes.count - offset, capacity - end)
            if n <= 0 {
                eof = true
                return
            }
            bytes.withUnsafeBufferPointer { (buffer + end).update(from: $0.baseAddress! + offset, count: n) }
            end += n
            source = .memory(bytes, offset: offset + n)
        case .descriptor(let fd, _):
            while true {
                let n = read(fd, buffer + end, min(chunkSize, capacity - end))
                if n > 0 {
                    end += n
                    return
                }
                if n == 0 {
                    eof = true
                    return
                }
                if errno == EINTR { continue }
                throw InputFileError.readFailed(errno: errno)
            }
        }
    }
}
