import EDDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Which file a path names: its device and inode once symbolic links are followed, so two names of one file
/// (a link, a hard link, `./x` and `x`) compare equal.
public struct FileIdentity: Equatable, Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// The identity of an existing path (links followed), or nil when it names nothing.
    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The identity of an open descriptor's file when it is a regular file (stdin or stdout redirected to a
    /// file), else nil: a terminal or pipe shared by both ends is no conflict.
    public init?(regularFileOn fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// Refuses outputs that would overwrite an input or each other, before anything is read or written.
    ///
    /// Each entry is a flag and its path; `-` stands for standard input (inputs) or standard output
    /// (outputs) and is compared only when redirected to a regular file. Outputs that do not exist yet are
    /// compared by absolute path with each other.
    /// - Throws: ``UsageError`` naming both flags and the path.
    public static func requireDistinct(outputs: [(flag: String, path: String)], inputs: [(flag: String, path: String)])
        throws
    {
        func identity(_ path: String, fd: Int32) -> FileIdentity? {
            path == "-" ? FileIdentity(regularFileOn: fd) : FileIdentity(path: path)
        }
        let sources = inputs.compactMap { input in identity(input.path, fd: 0).map { (input, $0) } }
        var earlier: [(flag: String, path: String, key: String)] = []
        for output in outputs {
            let id = identity(output.path, fd: 1)
            if let id, let (input, _) = sources.first(where: { $0.1 == id }) {
                throw UsageError(
                    "\(output.flag) \(describe(output.path)) is the same file as \(input.flag) \(describe(input.path)); "
                        + "writing it would destroy the input")
            }
            let key = id.map { "\($0.device):\($0.inode)" } ?? (output.path == "-" ? "-" : absolute(output.path))
            if let other = earlier.first(where: { $0.key == key }) {
                throw UsageError(
                    "\(output.flag) \(describe(output.path)) and \(other.flag) \(describe(other.path)) name the same "
                        + "file; one would overwrite the other")
            }
            earlier.append((output.flag, output.path, key))
        }
    }

    private static func describe(_ path: String) -> String { path == "-" ? "-" : "'\(path)'" }

    /// The path made absolute against the working directory, with `.` and `..` components resolved by name
    /// (symbolic links are left alone).
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            if let cwd = getcwd(nil, 0) {
                full = String(cString: cwd) + "/" + path
                free(cwd)
            }
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
