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
        future[8] = UInt8(ModelFile.formatVersion + 1)  // format version (little-endian u32 after the 8-byte magic)
        #expect(message(future).contains("version \(ModelFile.formatVersion + 1)"))
        #expect(message(Array("not a model".utf8)).contains("not an edd model"))
        #expect(message(bytes + [0]).contains("trailing"))
        // Every prefix is refused (none crashes or is accepted).
        for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(message(Array(bytes.prefix(n))) != "accepted")
        }
    }

    /// An older file is this build's file without the body's later sections and the header's later keys, with
    /// its version (in the framing and the header) set back and the framing redone.
    static func olderFile(_ model: EDDModel, version: UInt8) throws -> [UInt8] {
        try reframed(model, version: version) { header in
            if version < 5 { header["late_in_day"] = nil }
        }
    }

    /// This build's file of `model` with its header edited, as version `version` (the body's sections a
    /// version before 10 lacks dropped, its milestone table without the service level), the framing redone.
    static func reframed(_ model: EDDModel, version: UInt8, _ edit: (inout [String: Any]) -> Void) throws
        -> [UInt8]
    {
        var written = model
        if version < 10 {
            let m = model.milestones
            written.milestones = StageTable(
                levels: Milestone.levelsBeforeServices, strengths: Array(m.strengths.dropFirst()),
                nodes: Array(m.nodes.dropFirst()), buckets: m.buckets)
        }
        var body = ByteWriter()
        ModelCodec.write(written, to: &body)
        var dropped = ByteWriter()
        if version < 3 { ModelCodec.writeRisk(model, to: &dropped) }
        if version < 4 { ModelCodec.writeDates(model, to: &dropped) }
        if version < 6 { ModelCodec.writeSameDay(model.sameDay, to: &dropped) }
        if version < 7 { ModelCodec.writePickup(model.pickup, to: &dropped) }
        if version < 8 { ModelCodec.writeHandlingHazards(model.handlingHazards, to: &dropped) }
        if version < 9 { ModelCodec.writeRiskBends(model.riskCalibration.bends, to: &dropped) }
        let kept = Array(body.bytes.dropLast(dropped.bytes.count))
        let current = ModelFile.encode(model)
        // magic (8), version (4), header length (4), header, body length (8), body, checksum (8).
        let headerLength = Int(current[12]) | Int(current[13]) << 8 | Int(current[14]) << 16 | Int(current[15]) << 24
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(current[16..<16 + headerLength])) as? [String: Any])
        #expect(object["format_version"] as? Int == Int(ModelFile.formatVersion))
        object["format_version"] = Int(version)
        edit(&object)
        let header = Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        var out = ByteWriter()
        out.bytes = Array(current[0..<8])
        out.u32(UInt32(version))
        out.u32(UInt32(header.count))
        out.bytes += header
        out.u64(UInt64(kept.count))
        out.bytes += kept
        out.u64(fnv1a64(out.bytes))
        return out.bytes
    }

    @Test(arguments: [UInt8(2), 3, 4, 5, 6, 7, 8, 9])
    func anOlderVersionStillLoadsWithNothingLearned(version: UInt8) throws {
        var model = Self.smallModel()
        model.orderEffects.lateInDay = OrderEffects.LateInDay(byOrigin: ["wh-1": 11 * 3600], feedWide: 15 * 3600)
        model.dateValidation = DateValidation(
            chosen: .laneEmpirical,
            figures: [
                .laneEmpirical: DateValidation.Figures(shipments: 300, pinball: 1, coverage80: 0.8, coverage90: 0.9)
            ])
        model.riskCalibration = RiskCalibration(
            lines: RiskCalibration.View.allCases.map { _ in RiskCalibration.Line(intercept: 0.5, slope: 2) },
            bends: [.none, .none, .none, RiskCalibration.Bend(knots: [(x: -1, z: -0.5), (x: 2, z: 3)])],
            figures: .none)
        var cell = SameDayShares.Cell()
        cell.today[8] = 3
        cell.later[13] = 5
        model.sameDay = SameDayShares(cells: ["in_transit": cell], days: ["": .init(today: 3, later: 9)])
        var pickup = PickupShares.Cell()
        pickup.placed[15] = 4
        pickup.waiting[15] = 3
        model.pickup = PickupShares(cells: ["": pickup, "wh-1": pickup])
        var hazard = HandlingHazards.Cell()
        hazard.waiting[HandlingHazards.index(late: true, day: 1, weekday: 2)] = 6
        hazard.picked[HandlingHazards.index(late: true, day: 1, weekday: 2)] = 5
        model.handlingHazards = HandlingHazards(cells: ["": hazard, "wh-1": hazard], carriers: ["ups"])
        let node = StageTable.Node(
            distribution: .point(2, buckets: model.milestones.buckets), effectiveShipments: 5, shipments: 5)
        model.milestones.nodes[0]["ups|ground|in_transit"] = node
        model.milestones.nodes[1]["ups|in_transit"] = node
        model.milestones.strengths[0] = 3
        let current = try ModelFile.decode(ModelFile.encode(model))
        #expect(current.dateValidation == model.dateValidation && current.riskCalibration == model.riskCalibration)
        #expect(current.orderEffects.lateInDay == model.orderEffects.lateInDay)
        #expect(current.sameDay == model.sameDay && current.pickup == model.pickup)
        #expect(current.handlingHazards == model.handlingHazards && current.milestones == model.milestones)
        let back = try ModelFile.decode(try Self.olderFile(model, version: version))
        #expect(back.transit == model.transit)
        // Before version 5 no cut-off was learned: late from 14:00, as such a model was fitted.
        #expect(back.orderEffects.lateInDay == (version >= 5 ? model.orderEffects.lateInDay : .none))
        #expect(back.orderEffects.coefficients == model.orderEffects.coefficients)
        // Before version 6 no same-day shares: risk in whole days, whatever the hour; before 7 no pickup
        // shares: handling in whole days; before 8 no handling hazards: handling moved by the order's timing.
        #expect(back.sameDay == (version >= 6 ? model.sameDay : .none))
        #expect(back.pickup == (version >= 7 ? model.pickup : .none))
        #expect(back.handlingHazards == (version >= 8 ? model.handlingHazards : .none))
        // Before version 10 the milestone hierarchy had no service level: it is there, empty.
        var perCarrier = model.milestones
        perCarrier.nodes[0] = [:]
        perCarrier.strengths[0] = 0
        #expect(back.milestones == perCarrier)
        #expect(back.milestones.lookup(Milestone.inTransit.chain(carrier: "ups", service: "ground"))?.level == 1)
        // Version 4 has the order-time check; earlier ones answer staged.
        #expect(back.dateValidation == (version >= 4 ? model.dateValidation : .none))
        if version < 4 {
            #expect(back.empirical.nodes.allSatisfy { $0.isEmpty })
        } else {
            #expect(back.empirical == model.empirical)
        }
        // Version 9 has the risk bends, 3 to 8 the lines alone; version 2 answers risk as stated and learned nothing.
        var lines = model.riskCalibration
        lines.bends = RiskCalibration.View.allCases.map { _ in .none }
        #expect(back.riskCalibration == (version >= 9 ? model.riskCalibration : version >= 3 ? lines : .identity))
        if version == 2 { #expect(back.calendars.learned.isEmpty) }
    }

    @Test func aLateInDayCutOffThatIsNoTimeOfDayIsRefused() throws {
        let model = Self.smallModel()
        func message(_ lateInDay: Any) throws -> String {
            let bytes = try Self.reframed(model, version: UInt8(ModelFile.formatVersion)) {
                $0["late_in_day"] = lateInDay
            }
            do {
                _ = try ModelFile.decode(bytes)
                return "accepted"
            } catch let e as ModelFileError { return e.message }
        }
        #expect(try message(["feed_s": 11 * 3600, "origins_s": ["wh-1": 9 * 3600]]) == "accepted")
        for bad: Any in [["feed_s": 90_000], ["feed_s": -1], ["origins_s": ["wh-1": "noon"]], "11:00"] {
            #expect(try message(bad) == "model file's late-in-day cut-off is not a time of day")
        }
    }

    @Test func handlingHazardsThatAreNotCountsAreRefused() throws {
        // More orders picked up on a day than were waiting at its start, or a negative count: not counts.
        for (waiting, picked) in [(2.0, 3.0), (-1, 0)] {
            var model = Self.smallModel()
            var cell = HandlingHazards.Cell()
            cell.waiting[0] = waiting
            cell.picked[0] = picked
            model.handlingHazards = HandlingHazards(cells: ["wh-1": cell], carriers: ["ups"])
            #expect(throws: ModelFileError.self) { try ModelFile.decode(ModelFile.encode(model)) }
            do {
                _ = try ModelFile.decode(ModelFile.encode(model))
            } catch let e as ModelFileError {
                #expect(e.message == "model file's handling hazard counts for 'wh-1' are not counts")
            }
        }
    }

    @Test func aRiskBendThatIsNotIncreasingIsRefused() throws {
        // Knots out of order in x, or a bend that falls: either would reorder a view's answers.
        for knots in [[(x: 1.0, z: 0.0), (x: 0.5, z: 1.0)], [(x: 0.0, z: 1.0), (x: 1.0, z: 0.5)]] {
            var model = Self.smallModel()
            model.riskCalibration = RiskCalibration(
                lines: RiskCalibration.View.allCases.map { _ in .identity },
                bends: [.none, .none, RiskCalibration.Bend(knots: knots), .none], figures: .none)
            do {
                _ = try ModelFile.decode(ModelFile.encode(model))
                Issue.record("a bend \(knots) was accepted")
            } catch let e as ModelFileError {
                #expect(e.message == "model file's risk calibration has a bend that is not increasing")
            }
        }
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
