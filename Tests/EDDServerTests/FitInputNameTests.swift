@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// A model depends on the scans' content and the options, never on how the scans were handed over.
@Suite struct FitInputNameTests {
    @Test func fittingAFileOrTheSameBytesOnStandardInputGivesAByteIdenticalModel() throws {
        let dir = DaemonFixtures.temporaryFolder()
        let scans = dir + "/some-name.csv"
        try DaemonFixtures.scanCSV(transitDays: 3, orders: 120).write(toFile: scans, atomically: true, encoding: .utf8)
        let fromFile = try ToolProcess("edd-train", ["fit", "--scans", scans, "--out", dir + "/a.model"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fromStdin = try ToolProcess("edd-train", ["fit", "--scans", "-", "--out", dir + "/b.model"], stdin: scans)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let a = try #require(FileManager.default.contents(atPath: dir + "/a.model"))
        let b = try #require(FileManager.default.contents(atPath: dir + "/b.model"))
        #expect(a == b)
        #expect(!a.isEmpty)
    }
}
