@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct ModelFileTests {
    /// A small model: 60 shipments on one lane, each 1 day of handling and 2 of transit.
    static func smallModel() -> EDDModel {
        var timelines: [ShipmentTimeline] = []
        let monday = CivilDate(year: 2026, month: 9, day: 14)!
        for i in 0..<60 {
            let order = Instant(
                date: monday.adding(days: 7 * (i / 5) + i % 5), secondOfDay: 10 * 3600, utcOffset: -4 * 3600)
            let cal = BusinessCalendar.standard(country: "US")
            let shipDay = cal.addingWorkingDays(1, to: order.adding(seconds: -4 * 3600).utcDate)
            let ship = Instant(date: shipDay, secondOfDay: 12 * 3600, utcOffset: -4 * 3600)
            let delivered = Instant(
                date: cal.addingWorkingDays(2, to: shipDay), secondOfDay: 15 * 3600, utcOffset: -4 * 3600)
            timelines.append(
                ShipmentTimeline(
                    id: "s\(i)", carrier: "ups", service: "ground", origin: Place(postal: "10001", id: "wh-1"),
                    destination: Place(postal: "02110"),
                    events: [
                        .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: ship),
                        .init(code: .delivered, time: delivered),
                    ],
                    orderTime: order, shipTime: ship, deliveryTime: delivered))
        }
        var options = FitOptions()
        options.calendars = CarrierCalendars().completed(from: timelines)
        return ModelFitter.fit(timelines: timelines, options: options).0
    }

    @Test func aModelSurvivesARoundTripAndEncodesIdentically() throws {
        let model = Self.smallModel()
        let bytes = ModelFile.encode(model)
        #expect(bytes == ModelFile.encode(model))
        let back = try ModelFile.decode(bytes)
        #expect(back.handling == model.handling && back.transit == model.transit && back.milestones == model.milestones)
        #expect(back.calendars == model.calendars && back.orderEffects == model.orderEffects)
        #expect(back.totalCalibration == model.totalCalibration)
        #expect(!back.metadata.id.isEmpty)
        #expect(ModelFile.encode(back) == bytes)
    }

    @Test func truncatedCorruptedAndFutureFilesAreRefusedWithAReason() throws {
        let bytes = ModelFile.encode(Self.smallModel())
        func message(_ b: [UInt8]) -> String {
            do {
                _ = try ModelFile.decode(b)
                return "accepted"
            } catch let e as ModelFileError { return e.message } catch { return "\(error)" }
        }
        #expect(message(Array(bytes.prefix(bytes.count / 2))).contains("truncated"))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(message(flipped).contains("corrupted"))
        var future = bytes
        future[8] = 9  // format version (little-endian u32 after the 8-byte magic)
        #expect(message(future).contains("version 9"))
        #expect(message(Array("not a model".utf8)).contains("not an edd model"))
        #expect(message(bytes + [0]).contains("trailing"))
        // Every prefix is refused (none crashes or is accepted).
        for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(message(Array(bytes.prefix(n))) != "accepted")
        }
    }

    @Test func aVersionTwoFileStillLoadsWithNothingLearned() throws {
        // Version 3 only added calendar keys to the header, so a version-2 file is this build's file with
        // the version field set back and the checksum redone.
        let model = Self.smallModel()
        var bytes = ModelFile.encode(model)
        #expect(bytes[8] == 3)
        bytes[8] = 2
        bytes.removeLast(8)
        var sum = ByteWriter()
        sum.u64(fnv1a64(bytes))
        let back = try ModelFile.decode(bytes + sum.bytes)
        #expect(back.transit == model.transit && back.calendars.learned.isEmpty)
    }

    @Test func savingIsAtomicAndLoadingAMissingFileSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edd-model-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/m.model"
        let id = try ModelFile.save(Self.smallModel(), path: path)
        #expect(try ModelFile.load(path: path).metadata.id == id)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["m.model"])  // no temporary left
        #expect(throws: InputFileError.cannotOpen(dir + "/none")) { try ModelFile.load(path: dir + "/none") }
    }
}
