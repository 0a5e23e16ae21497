@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Glibc
import Testing

/// Outputs never destroy what they must not: an input named as an output is refused (exit 64) before
/// anything is read or written, a FIFO is written through, a symbolic link keeps pointing at its target.
@Suite struct OutputSafetyTests {
    static func fileType(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    static func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

    /// A scan file of three shipments in a fresh folder.
    static func scans() throws -> (dir: String, path: String, bytes: [UInt8]) {
        let dir = DaemonFixtures.temporaryFolder()
        let path = dir + "/scans.csv"
        try DaemonFixtures.scanCSV(transitDays: 2, orders: 3).write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path, bytes(path)!)
    }

    @Test func rejectsOrOutEqualToScansIsRefusedAndTheInputKept() throws {
        let s = try Self.scans()
        for flag in ["--rejects", "--out"] {
            let run = try ToolProcess("edd-train", ["timelines", "--scans", s.path, flag, s.path])
            #expect(run.status == 64, "\(flag): \(run.stderr)")
            #expect(run.stderr.contains("same file as --scans"))
            #expect(Self.bytes(s.path) == s.bytes)
        }
        let fit = try ToolProcess("edd-train", ["fit", "--scans", s.path, "--out", s.dir + "/m", "--rejects", s.path])
        #expect(fit.status == 64)
        #expect(!FileManager.default.fileExists(atPath: s.dir + "/m"))
        #expect(Self.bytes(s.path) == s.bytes)
    }

    @Test func theSameFileThroughASymlinkAHardLinkOrAnotherSpellingIsRefused() throws {
        let s = try Self.scans()
        try FileManager.default.createSymbolicLink(atPath: s.dir + "/soft.csv", withDestinationPath: s.path)
        #expect(link(s.path, s.dir + "/hard.csv") == 0)
        for other in [s.dir + "/soft.csv", s.dir + "/hard.csv", s.dir + "/./scans.csv"] {
            let run = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", other])
            #expect(run.status == 64, "\(other): \(run.stderr)")
        }
        // Read from standard input redirected from the file: still the same file.
        let stdin = try ToolProcess("edd-train", ["timelines", "--scans", "-", "--rejects", s.path], stdin: s.path)
        #expect(stdin.status == 64)
        #expect(Self.bytes(s.path) == s.bytes)
    }

    @Test func twoOutputsNamingOneFileAreRefused() throws {
        let s = try Self.scans()
        let run = try ToolProcess(
            "edd-train", ["timelines", "--scans", s.path, "--out", s.dir + "/t", "--rejects", s.dir + "/t"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("name the same file"))
    }

    @Test func predictOutputEqualToItsInputOrModelIsRefused() throws {
        let model = try DaemonFixtures.modelFile()
        let before = Self.bytes(model.path)
        let run = try ToolProcess("edd", ["predict", "--model", model.path, "--output", model.path])
        #expect(run.status == 64)
        #expect(Self.bytes(model.path) == before)
    }

    /// The test holds the FIFO open for reading and writing itself (Linux opens a FIFO O_RDWR without
    /// waiting), so the tool's open never waits and the bytes wait in the pipe; the output is far below the
    /// pipe's 64 KiB, so no write blocks either.
    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let s = try Self.scans()
        let fifo = s.dir + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let expected = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", "-"]).stdout
        let run = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", fifo])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.fileType(fifo) == S_IFIFO)
        var got: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            got += chunk[0..<n]
        }
        #expect(!expected.isEmpty)
        #expect(String(decoding: got, as: UTF8.self) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir).sorted() == ["out.fifo", "scans.csv"])
    }

    @Test func aSymlinkKeepsPointingAtItsTargetWhichGetsTheNewBytes() throws {
        let s = try Self.scans()
        let target = s.dir + "/real.csv"
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        let linkPath = s.dir + "/out.csv"
        try FileManager.default.createSymbolicLink(atPath: linkPath, withDestinationPath: "real.csv")
        let expected = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", "-"]).stdout
        let run = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", linkPath])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.fileType(linkPath) == S_IFLNK)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath)) == "real.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == expected)
    }

    @Test func aDanglingSymlinkIsRefusedWithExit73() throws {
        let s = try Self.scans()
        let linkPath = s.dir + "/out.csv"
        try FileManager.default.createSymbolicLink(atPath: linkPath, withDestinationPath: "nowhere/real.csv")
        let run = try ToolProcess("edd-train", ["timelines", "--scans", s.path, "--out", linkPath])
        #expect(run.status == 73)
        #expect(run.stderr.contains("symbolic link"))
        #expect(Self.fileType(linkPath) == S_IFLNK)
    }
}
