@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Glibc
import Testing

/// Which outputs are replaced atomically, which written through and which refused, and that each is.
@Suite struct OutputFileTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edd-output-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func fileType(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test func regularFilesAndNewPathsAreReplacedDevicesAndFIFOsWrittenThroughTheRestRefused() {
        #expect(OutputFile.strategy(fileType: nil) == .replace)
        #expect(OutputFile.strategy(fileType: UInt32(S_IFREG)) == .replace)
        #expect(OutputFile.strategy(fileType: UInt32(S_IFCHR)) == .writeThrough)
        #expect(OutputFile.strategy(fileType: UInt32(S_IFIFO)) == .writeThrough)
        #expect(OutputFile.strategy(fileType: UInt32(S_IFDIR)) == .refuse("it is a directory"))
        #expect(OutputFile.strategy(fileType: UInt32(S_IFBLK)) == .refuse("it is a block device"))
        #expect(OutputFile.strategy(fileType: UInt32(S_IFSOCK)) == .refuse("it is a socket"))
    }

    /// Inspection only: `plan` stats the path and opens nothing.
    @Test func theSystemsNullDeviceWouldBeWrittenThroughNeverReplaced() {
        let plan = OutputFile.plan(for: "/dev/null")
        #expect(plan.target == "/dev/null")
        #expect(plan.strategy == .writeThrough)
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        let dir = try Self.folder()
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held open for reading (and writing, so the open does not wait): the bytes stay in the pipe.
        let reader = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try OutputFile.write(Array("a,b\n1,2\n".utf8), to: fifo)
        #expect(Self.fileType(fifo) == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
        #expect(n == 8)
        #expect(Array(buffer[0..<max(0, n)]) == Array("a,b\n1,2\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["pipe"])
    }

    @Test func aSymlinksTargetIsReplacedAndTheLinkKept() throws {
        let dir = try Self.folder()
        try "old".write(toFile: dir + "/real", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "real")
        try OutputFile.write(Array("new".utf8), to: dir + "/link")
        #expect(Self.fileType(dir + "/link") == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link") == "real")
        #expect(try String(contentsOfFile: dir + "/real", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link", "real"])
    }

    @Test func aDanglingSymlinkOrADirectoryIsRefusedWithExit73() throws {
        let dir = try Self.folder()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "missing")
        for path in [dir + "/link", dir] {
            #expect(throws: OutputFileError.self) { try OutputFile.write([1], to: path) }
            do {
                try OutputFile.write([1], to: path)
            } catch let error as OutputFileError {
                #expect(ExitCode(for: error) == .unwritableOutput)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["link"])
    }

    @Test func aReplacedFileKeepsItsPermissionsAndNoTemporaryFileRemains() throws {
        let dir = try Self.folder()
        let path = dir + "/model"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
        try OutputFile.write(Array("new".utf8), to: path)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model"])
    }

    @Test func anOutputDroppedBeforeFinishLeavesTheOldFileAndNoTemporary() throws {
        let dir = try Self.folder()
        let path = dir + "/out.csv"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let output = try OutputFile(path: path)
            try output.write(Array("half a fi".utf8))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }
}
