import Glibc

/// Who may reach the admin socket: anyone who can connect to it may `reload`, so its file is created
/// owner-only and it is refused in a directory where other users could swap it.
enum UnixSocketSafety {
    /// Refuses a parent directory that every user may write to without the sticky bit (there anyone could
    /// unlink the socket and put their own in its place).
    /// - Throws: ``SystemError`` naming the directory.
    static func checkParentDirectory(of path: String) throws {
        let directory = parentDirectory(of: path)
        var info = stat()
        guard stat(directory, &info) == 0 else { throw SystemError.last("bind unix:\(path): directory '\(directory)'") }
        if info.st_mode & S_IWOTH != 0 && info.st_mode & S_ISVTX == 0 {
            throw SystemError(
                "bind unix:\(path)",
                detail: "directory '\(directory)' is writable by every user and lacks the sticky bit; "
                    + "use a directory only the daemon's user can write (or one with mode 1777)")
        }
    }

    /// The directory part of `path` ("." for a bare name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// Runs `body` with umask 0177, so that a socket bound in it is never reachable by others, not even
    /// between bind(2) and the chmod(2) that sets the configured mode.
    ///
    /// The umask is process-wide; the daemon binds before it starts serving, when no other thread creates
    /// files.
    static func withOwnerOnlyUmask<T>(_ body: () throws -> T) rethrows -> T {
        let previous = umask(0o177)
        defer { umask(previous) }
        return try body()
    }
}
