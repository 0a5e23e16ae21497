import Glibc

extension ModelFile {
    /// The largest model file `load(path:)` accepts (256 MiB; the Olist model is a few MiB): a reload can never
    /// make the daemon allocate more than this for the file, whatever sits at the path.
    public static let maxFileBytes = 256 << 20

    /// Reads a model file after checking, from its first bytes and its size alone, that it is a regular file
    /// of a known format version whose sections add up to its length.
    ///
    /// Only then is the file read whole, so a huge or sparse file is refused having read a few bytes.
    /// - Parameters:
    ///   - path: the file.
    ///   - maxBytes: the largest file accepted.
    /// - Returns: the file's bytes, for ``decode(_:source:)``.
    /// - Throws: ``InputFileError`` when missing, ``ModelFileError`` when not a model or too big.
    static func readChecked(path: String, maxBytes: Int = maxFileBytes) throws -> [UInt8] {
        let source = "model file '\(path)'"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw InputFileError.cannotOpen(path) }
            throw ModelFileError(.unreadable, "\(source) cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ModelFileError(.unreadable, "\(source) is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw ModelFileError(
                .unreadable, "\(source) is \(size) bytes, over the \(maxBytes)-byte limit for a model file")
        }
        // magic (8), version (u32), header length (u32): enough to refuse anything that is not a model.
        let prefix = try readExactly(fd, count: min(size, magic.count + 8), at: 0)
        guard prefix.count >= magic.count + 4, Array(prefix[0..<magic.count]) == magic else {
            throw ModelFileError.badMagic(source)
        }
        var reader = ByteReader(prefix, offset: magic.count)
        let version = try reader.u32()
        guard version <= formatVersion, version >= 1 else {
            throw ModelFileError.newerVersion(source, version)
        }
        guard let headerLength = try? Int(reader.u32()) else {
            throw ModelFileError.truncated(source, size)
        }
        // The body length follows the header; header + body + both lengths + checksum must be the file.
        let bodyLengthAt = magic.count + 8 + headerLength
        guard bodyLengthAt + 16 <= size else { throw ModelFileError.truncated(source, size) }
        var bodyReader = ByteReader(try readExactly(fd, count: 8, at: bodyLengthAt))
        let bodyLength = try bodyReader.u64()
        guard bodyLength <= UInt64(size) else { throw ModelFileError.truncated(source, size) }
        let expected = bodyLengthAt + 8 + Int(bodyLength) + 8
        guard expected <= size else { throw ModelFileError.truncated(source, size) }
        guard expected == size else { throw ModelFileError.trailingBytes(source) }
        return try readExactly(fd, count: size, at: 0)
    }

    /// `count` bytes at `offset`, or fewer when the file ends first (it may shrink while being read).
    private static func readExactly(_ fd: Int32, count: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                throw ModelFileError(.unreadable, "cannot read the model file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        if done < count { bytes.removeLast(count - done) }
        return bytes
    }
}
