import EDDCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private directory for one run's temporary files, removed with everything in it.
///
/// A spilled read (``ScanIngestion/readSpilled(path:options:spill:memory:progress:)``) writes its partitions
/// and per-shipment records here. ``remove()`` is idempotent and also runs on deinit, so every exit path
/// that unwinds (success, a thrown error) leaves nothing behind; a command removes it from its signal
/// handler too. The lock makes ``remove()`` safe to call from that handler's thread while the run goes on.
public final class SpillDirectory: @unchecked Sendable {
    /// The directory's path.
    public let path: String
    /// The parent it was made in (named in errors: that is what the user chose with `--tmp-dir`).
    public let parent: String
    private let lock = NSLock()
    private var removed = false
    private var live = 0
    private var peak = 0
    private var named = 0

    /// Makes a fresh directory `edd-spill-XXXXXX` under `parent`.
    ///
    /// - Throws: an ``OutputFileError`` naming `parent` when it cannot be made.
    public init(parent: String) throws {
        self.parent = parent
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast())
        template += Array("edd-spill-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw OutputFileError(
                parent, "cannot make a temporary directory: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    /// The system's temporary directory: `TMPDIR` when set, else `/tmp`.
    public static var systemDefault: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    deinit { remove() }

    /// A file name starting with `prefix` that no other call returned (fits over the same shipments, as a
    /// backtest's folds are, may write files at once).
    func uniqueName(_ prefix: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        named += 1
        return "\(prefix)\(named)"
    }

    /// A path for a new file in the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Bytes written to the directory's files and not yet deleted, and the most there ever were.
    public var bytes: (live: Int, peak: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (live, peak)
    }

    func wrote(_ n: Int) {
        lock.lock()
        live += n
        peak = max(peak, live)
        lock.unlock()
    }

    /// Deletes a file of the directory, counting its bytes as gone.
    func delete(_ file: String, bytes: Int) {
        unlink(file)
        lock.lock()
        live -= bytes
        lock.unlock()
    }

    /// Deletes every file in the directory and the directory itself; later calls do nothing.
    public func remove() {
        lock.lock()
        defer { lock.unlock() }
        guard !removed else { return }
        removed = true
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names { unlink(path + "/" + name) }
        }
        rmdir(path)
    }
}

/// An append-only binary file in a ``SpillDirectory``, buffered.
final class SpillWriter {
    let path: String
    private let directory: SpillDirectory
    private var fd: Int32
    private var buffer: [UInt8] = []
    private(set) var written = 0
    private static let flushThreshold = 1 << 16

    init(_ directory: SpillDirectory, name: String) throws {
        self.directory = directory
        path = directory.file(name)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpillWriter.failure(directory) }
        buffer.reserveCapacity(SpillWriter.flushThreshold + 4096)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The error for a failed write: named by the directory the user chose, with the system's reason.
    static func failure(_ directory: SpillDirectory) -> OutputFileError {
        OutputFileError(
            directory.parent, "temporary files cannot be written there: \(String(cString: strerror(errno)))")
    }

    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }
    @inline(__always) func append(_ byte: UInt8) { buffer.append(byte) }
    @inline(__always) func append(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }
    @inline(__always) func append(_ v: Int64) { append(UInt64(bitPattern: v)) }
    @inline(__always) func append(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }

    /// Writes the buffer out when it is large.
    @inline(__always) func flushIfFull() throws { if buffer.count >= SpillWriter.flushThreshold { try flush() } }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SpillWriter.failure(directory)
                }
                done += n
            }
        }
        directory.wrote(buffer.count)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func finish() throws {
        try flush()
        // A finished file keeps no buffer: a spilled read holds one writer per partition until the merge.
        buffer = []
        if fd >= 0 {
            let failed = close(fd) != 0
            fd = -1
            if failed { throw SpillWriter.failure(directory) }
        }
    }
}

/// Reads a ``SpillWriter``'s file back sequentially, buffered.
final class SpillReader {
    private var fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false

    init(path: String, bufferSize: Int = 1 << 16) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SpillError(.cannotReopen, "cannot reopen temporary file '\(path)'") }
        capacity = bufferSize
        buffer = .allocate(capacity: bufferSize)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Whether every byte has been read.
    var atEnd: Bool {
        get throws {
            if start < end { return false }
            try fill(1)
            return start == end
        }
    }

    private func fill(_ need: Int) throws {
        precondition(need <= capacity)
        if end - start >= need || eof { return }
        if start > 0 {
            let live = end - start
            if live > 0 { buffer.update(from: buffer + start, count: live) }
            start = 0
            end = live
        }
        while end - start < need && !eof {
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw SpillError(.readFailed, "reading a temporary file failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true } else { end += n }
        }
    }

    /// The next `n` bytes (valid until the next call).
    func bytes(_ n: Int) throws -> UnsafeBufferPointer<UInt8> {
        try fill(n)
        guard end - start >= n else { throw SpillError(.readFailed, "a temporary file ended early") }
        defer { start += n }
        return UnsafeBufferPointer(start: buffer + start, count: n)
    }

    /// The next `n` bytes copied out, for fields that may exceed the buffer.
    func array(_ n: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var left = n
        while left > 0 {
            let k = min(left, capacity)
            out.append(contentsOf: try bytes(k))
            left -= k
        }
        return out
    }

    func byte() throws -> UInt8 { try bytes(1)[0] }
    func uint64() throws -> UInt64 {
        let b = try bytes(8)
        return UInt64(littleEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt64.self))
    }
    func int64() throws -> Int64 { Int64(bitPattern: try uint64()) }
    func uint32() throws -> UInt32 {
        let b = try bytes(4)
        return UInt32(littleEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt32.self))
    }
}
