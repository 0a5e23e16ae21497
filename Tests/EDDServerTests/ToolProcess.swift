@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Glibc

/// One run of a built executable (`edd-train`, `edd`, `eddd`) the way a user runs it: arguments, a given
/// standard input, standard output and error captured in files, the exit status.
struct ToolProcess {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Where a built product is: next to the test bundle (same build directory), else under .build/debug.
    static func executable(_ name: String) -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs `tool` with `arguments` to completion in `directory` (default: a fresh scratch folder). Standard
    /// input is the file at `stdin`, else empty.
    @discardableResult
    init(_ tool: String, _ arguments: [String], stdin: String? = nil, in directory: String? = nil) throws {
        let folder = DaemonFixtures.temporaryFolder()
        let outPath = folder + "/stdout"
        let errPath = folder + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = ToolProcess.executable(tool)
        process.arguments = arguments
        // A scratch working directory unless told otherwise: a relative path a broken tool writes lands there.
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? folder)
        // Never the test runner's own stdin: a tool that wrongly reads it would wait forever.
        let emptyPath = folder + "/stdin"
        _ = FileManager.default.createFile(atPath: emptyPath, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin ?? emptyPath))
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        // A tool that wrongly keeps running (a daemon that should have refused its arguments) is killed after
        // a generous minute, so the test fails instead of hanging the suite.
        if !eventually(60, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: folder)
    }
}
