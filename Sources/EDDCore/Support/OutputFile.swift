#if canImport(Glibc)
    import Glibc
#endif

/// An output of a command-line tool: a file replaced atomically, a device or FIFO written in place, or
/// standard output for `-`.
///
/// What happens depends on what the path names, as decided by ``strategy(fileType:)``:
/// - nothing yet, or a regular file: the bytes go to a temporary sibling, which is fsynced, renamed over the
///   path, and the directory fsynced, so a reader sees the old file or the new one and a crash loses neither;
///   a replaced file keeps its permission bits;
/// - a character device or a FIFO: it is opened and written in place (a rename would replace the device node
///   or the pipe with a regular file);
/// - a symbolic link: the link is resolved and its target is treated as above (the link itself stays), as
///   `cp` and editors do; a link whose target does not exist is refused;
/// - a directory, a block device or a socket: refused.
///
/// Dropped without ``finish()``, a temporary file is removed and the path is left as it was.
public final class OutputFile {
    /// How an output path is written, given what it names now.
    public enum Strategy: Equatable, Sendable {
        /// Write a temporary sibling and rename it over the path.
        case replace
        /// Open the path and write straight through it.
        case writeThrough
        /// Do not write; the reason completes "cannot write 'PATH': …".
        case refuse(String)
    }

    /// The strategy for a path whose `stat` file type (`st_mode & S_IFMT`) is `fileType`, or nil when the
    /// path does not exist. Symbolic links are resolved before this is asked.
    public static func strategy(fileType: UInt32?) -> Strategy {
        guard let fileType else { return .replace }
        switch fileType {
        case UInt32(S_IFREG): return .replace
        case UInt32(S_IFCHR), UInt32(S_IFIFO): return .writeThrough
        case UInt32(S_IFDIR): return .refuse("it is a directory")
        case UInt32(S_IFBLK): return .refuse("it is a block device")
        case UInt32(S_IFSOCK): return .refuse("it is a socket")
        default: return .refuse("it is not a regular file, a character device or a FIFO")
        }
    }

    /// Where `path` really leads and how to write it: symbolic links resolved, the strategy for the target.
    ///
    /// - Returns: the path to write (the link's target for a link) and its strategy.
    public static func plan(for path: String) -> (target: String, strategy: Strategy) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return (path, .replace) }
        guard (st.st_mode & S_IFMT) == S_IFLNK else { return (path, strategy(fileType: UInt32(st.st_mode & S_IFMT))) }
        guard let resolved = realpath(path, nil) else {
            return (path, .refuse("it is a symbolic link whose target does not exist"))
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        guard stat(target, &st) == 0 else { return (target, .replace) }
        return (target, strategy(fileType: UInt32(st.st_mode & S_IFMT)))
    }

    /// Checks, without creating or opening anything, that `path` could be written: not refused, and for a
    /// replaced file a folder that exists and is writable. Tools call it before a long read so that a typo
    /// in an output path costs nothing.
    ///
    /// - Throws: ``OutputFileError`` saying why not.
    public static func preflight(_ path: String) throws {
        guard path != "-" else { return }
        let (target, strategy) = plan(for: path)
        switch strategy {
        case .refuse(let why): throw OutputFileError(path, why)
        case .writeThrough: return
        case .replace:
            let dir = split(target).dir
            guard access(dir, W_OK | X_OK) == 0 else {
                throw OutputFileError(path, "its folder '\(dir)': \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The path as given (used in messages).
    public let path: String
    private let target: String
    private let tempPath: String?
    private let fd: Int32
    private var finished = false

    /// Opens `path` for writing as its strategy says, or standard output for `-`.
    ///
    /// Opening a FIFO waits for a reader, as any writer of a FIFO does.
    /// - Throws: ``OutputFileError`` when the path is refused or cannot be opened.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            target = path
            tempPath = nil
            fd = 1
            return
        }
        let (target, strategy) = OutputFile.plan(for: path)
        self.target = target
        switch strategy {
        case .refuse(let why):
            throw OutputFileError(path, why)
        case .writeThrough:
            var opened: Int32
            repeat { opened = open(target, O_WRONLY | O_CLOEXEC) } while opened < 0 && errno == EINTR
            guard opened >= 0 else { throw OutputFileError(path, String(cString: strerror(errno))) }
            fd = opened
            tempPath = nil
        case .replace:
            let (dir, base) = OutputFile.split(target)
            var existing = stat()
            let mode: mode_t = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
            var attempt = 0
            while true {
                let temp = dir + "/." + base + ".tmp-\(getpid())-\(attempt)"
                let opened = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                if opened >= 0 {
                    // Only an existing file's bits are copied; a new file keeps 0644 less the umask.
                    if mode != 0o644 { _ = fchmod(opened, mode) }
                    fd = opened
                    tempPath = temp
                    break
                }
                guard errno == EEXIST || errno == EINTR, attempt < 1000 else {
                    throw OutputFileError(path, String(cString: strerror(errno)))
                }
                attempt += 1
            }
        }
    }

    deinit {
        guard !finished, fd != 1 else { return }
        close(fd)
        if let tempPath { unlink(tempPath) }
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    ///
    /// - Throws: ``OutputFileError`` naming the path when a write fails.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try OutputFile.writeAll(bytes, to: fd, path: path)
    }

    /// Writes every byte of an array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Completes the output: for a replaced file, fsync, rename into place and fsync the directory.
    ///
    /// - Throws: ``OutputFileError`` when any step fails (the temporary file is then removed).
    public func finish() throws {
        guard !finished else { return }
        finished = true
        guard fd != 1 else { return }
        guard let tempPath else {
            guard close(fd) == 0 else { throw OutputFileError(path, String(cString: strerror(errno))) }
            return
        }
        // fsync before rename: otherwise a crash can leave the new name pointing at an empty file.
        let synced = fsync(fd) == 0
        let why = synced ? "" : String(cString: strerror(errno))
        let closed = close(fd) == 0
        guard synced, closed, rename(tempPath, target) == 0 else {
            let reason = !synced ? why : String(cString: strerror(errno))
            unlink(tempPath)
            throw OutputFileError(path, reason)
        }
        // The rename is durable only once the directory entry is on disk.
        let dir = open(OutputFile.split(target).dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    /// Writes `bytes` to `path` with the strategy of ``init(path:)`` in one go.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let output = try OutputFile(path: path)
        try output.write(bytes)
        try output.finish()
    }

    /// Writes every byte to `fd`, retrying short writes and interrupted calls.
    ///
    /// - Throws: ``OutputFileError`` naming `path` when a write fails.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(path, String(cString: strerror(errno)))
            }
            done += n
        }
    }

    /// The directory (`.` when none) and the last component of a path.
    static func split(_ path: String) -> (dir: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }
}
