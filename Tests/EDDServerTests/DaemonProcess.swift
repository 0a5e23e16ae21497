import EDDServer
import Foundation
import Glibc
import Testing

/// The built `eddd` executable, run the way a user runs it: a child process whose stderr goes to a file.
///
/// It is started on port 0; the test learns the port from the `event=start addr=127.0.0.1:PORT` log line.
final class DaemonProcess {
    let process = Process()
    let logPath: String
    private(set) var tcp = ""
    let unixPath: String?

    /// Where the `eddd` binary is: next to the test bundle (same build directory), else under .build/debug.
    static var executable: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("eddd"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("eddd"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/eddd"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Starts `eddd --model MODEL --listen 127.0.0.1:0 [--unix PATH] EXTRA…` and waits for its start line.
    ///
    /// - Parameters:
    ///   - unixPath: the socket path when `unix` (default: a fresh one under /tmp).
    ///   - shell: commands run by /bin/sh before it execs the daemon (same process), e.g. `ulimit -n 64` or
    ///     `umask 000`, so that limits and masks apply to the daemon alone.
    init(
        model: String, unix: Bool = true, _ extra: [String] = [], unixPath: String? = nil, shell: String? = nil
    ) throws {
        logPath = DaemonFixtures.temporaryFolder() + "/eddd.log"
        self.unixPath = unix ? (unixPath ?? temporarySocketPath()) : nil
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let arguments =
            ["--model", model, "--listen", "127.0.0.1:0", "--workers", "2"]
            + (self.unixPath.map { ["--unix", $0] } ?? []) + extra
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell + #"; exec "$0" "$@""#, DaemonProcess.executable.path] + arguments
        } else {
            process.executableURL = DaemonProcess.executable
            process.arguments = arguments
        }
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let started = eventually(60) { log.contains("event=start") || !process.isRunning }
        guard started, let line = log.split(separator: "\n").first(where: { $0.contains("event=start") }) else {
            process.terminate()
            throw DaemonFailure("eddd did not start; its log:\n\(log)")
        }
        // addr=127.0.0.1:PORT[,unix:/path]
        let addr = line.split(separator: " ").first { $0.hasPrefix("addr=") }!.dropFirst(5)
        tcp = String(addr.split(separator: ",")[0])
    }

    /// A `VmHWM`/`VmRSS`-style line of /proc/PID/status, in KiB.
    func memoryKiB(_ field: String) -> Int? {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap {
            Int($0)
        }
    }

    /// The value of `key=` in a log line.
    static func field(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// Everything the daemon logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The log lines of one event.
    func events(_ name: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains(" event=\(name) ") || $0.hasSuffix(" event=\(name)")
        }
    }

    func tcpClient() throws -> EDDClient { try client(tcp) }
    func unixClient() throws -> EDDClient { try client("unix:" + unixPath!) }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit and returns its status; a daemon still running after a generous minute
    /// is killed (status -9) so that a broken shutdown fails the test instead of hanging the suite.
    func waitForExit() -> Int32 {
        if !eventually(60, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct DaemonFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A response line as a dictionary (tests only; the daemon never uses Foundation JSON on its hot path).
func json(_ line: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsable": line]
}

/// The error code of an error response, or nil.
func errorCode(_ line: String) -> String? { (json(line)["error"] as? [String: Any])?["code"] as? String }

/// The error message of an error response, or "".
func errorMessage(_ line: String) -> String { (json(line)["error"] as? [String: Any])?["message"] as? String ?? "" }
