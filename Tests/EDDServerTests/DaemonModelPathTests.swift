@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Glibc
import Testing

/// `--model` is resolved against the working directory once, at start, and the start line says which file.
@Suite struct DaemonModelPathTests {
    @Test func aRelativeModelPathIsShownAbsoluteInTheStartLine() throws {
        let model = try DaemonFixtures.modelFile()
        let cwd = FileManager.default.currentDirectoryPath
        let depth = cwd.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + model.path.dropFirst()
        let daemon = try DaemonProcess(model: relative, unix: false)
        let start = try #require(daemon.events("start").first)
        #expect(start.contains(" model_path=\(model.path)"), "\(start)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }
}
