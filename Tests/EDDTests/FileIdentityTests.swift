@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Glibc
import Testing

/// Outputs that are an input, or each other, are told apart by device and inode, not by spelling.
@Suite struct FileIdentityTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edd-identity-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "x".write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)
        return dir
    }

    static func refusal(_ outputs: [(flag: String, path: String)], _ inputs: [(flag: String, path: String)])
        -> UsageError?
    {
        do {
            try FileIdentity.requireDistinct(outputs: outputs, inputs: inputs)
            return nil
        } catch {
            return error as? UsageError
        }
    }

    @Test func everyNameOfAnInputIsRefusedAsAnOutputWithExit64() throws {
        let dir = try Self.folder()
        try FileManager.default.createSymbolicLink(atPath: dir + "/soft", withDestinationPath: "in.csv")
        #expect(link(dir + "/in.csv", dir + "/hard") == 0)
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        for name in ["/in.csv", "/soft", "/hard", "/./in.csv", "/sub/../in.csv"] {
            let error = Self.refusal([("--rejects", dir + name)], [("--scans", dir + "/in.csv")])
            #expect(error.map { ExitCode(for: $0) } == .usage, "\(name)")
            #expect(error?.message.contains("--rejects") == true)
            #expect(error?.message.contains("--scans") == true)
        }
    }

    @Test func distinctFilesAndStandardStreamsOnATerminalOrPipePass() throws {
        let dir = try Self.folder()
        try "y".write(toFile: dir + "/other", atomically: true, encoding: .utf8)
        #expect(
            Self.refusal([("--out", dir + "/other"), ("--rejects", dir + "/new")], [("--scans", dir + "/in.csv")])
                == nil)
        #expect(Self.refusal([("--out", dir + "/new")], [("--scans", dir + "/missing")]) == nil)
    }

    @Test func twoOutputsOfOneNameAreRefusedEvenBeforeTheyExist() throws {
        let dir = try Self.folder()
        let error = Self.refusal([("--out", dir + "/new"), ("--rejects", dir + "/./new")], [])
        #expect(error.map { ExitCode(for: $0) } == .usage)
        #expect(error?.message.contains("name the same file") == true)
    }

    @Test func absolutePathsResolveDotAndDotDotByName() {
        #expect(FileIdentity.absolute("/a/./b/../c") == "/a/c")
        #expect(FileIdentity.absolute("x").hasSuffix("/x"))
        #expect(FileIdentity.absolute("x").hasPrefix("/"))
    }
}
