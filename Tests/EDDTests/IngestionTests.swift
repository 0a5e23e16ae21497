@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct IngestionTests {
    /// Columns in an unusual order, an extra column, header names in odd case, and one row of each kind of
    /// dirt. Unix times below come from `date -u -d <time> +%s`.
    static let dirty = """
         Event ,notes,SHIPMENT_ID,event_time,Carrier,service,origin_country,origin_postal,destination_country,\
        destination_postal,event_postal,promised_date
        DELIVERED,"late, but fine",A1,2026-03-04T14:00:00-05:00,ups,ground,us,94107,US,10001,10001,2026-03-04
        ORDER_PLACED,,A1,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US,10001,,
        in_transit,,A1,2026-03-02T10:30:00-08:00,ups,ground,US,94107,US,10001,94107,
        IN_TRANSIT,dup,A1,2026-03-02T18:30:00Z,UPS,GROUND,US,94107,US,10001,94107,
        Out_For_Delivery,,A1,2026-03-04T09:15:00-05:00,ups,ground,US,94107,US,10001,10001,
        DELIVERED,,A1,2026-03-05T12:00:00Z,ups,ground,US,94107,US,10001,10001,
        ORDER_PLACED,"multi
        line note",B2,2026-03-02T08:00:00-05:00,fedex,home,US,30301,US,60601,,
        XD,,B2,2026-03-03T06:00:00Z,FedEx,home,US,30301,US,60601,,
        PICKED_UP,,B2,2026-03-02T10:30:00-08:00,fedex,home,US,99999,US,60601,,
        PICKED_UP,,C3,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US
        PICKED_UP,,C3,2026-03-02T08:00:00-05:00,,ground,US,94107,US,10001,,
        TELEPORTED,,C3,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US,10001,,
        PICKED_UP,,C3,2026-03-02 08:00,ups,ground,US,94107,US,10001,,
        PICKED_UP,,C3,1989-12-31T23:59:59Z,ups,ground,US,94107,US,10001,,
        PICKED_UP,,C3,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US,10001,,2026-02-30
        PICKED_UP,,C3,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US,10001,,
        "oops,,D4,2026-03-02T08:00:00-05:00,ups,ground,US,94107,US,10001,,

        """

    static let aliases = AliasTable([(carrier: "FEDEX", code: "xd", event: .exception)])

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("edd-\(UUID())-\(name)").path
    }

    @Test func dirtyFileGivesTheRightTimelinesAndCounts() throws {
        let result = try ScanIngestion.read(text: Self.dirty, options: IngestOptions(aliases: Self.aliases))
        let s = result.summary
        // 17 data rows (lines 8-9 are one row); 10 accepted, one rejected for each of 7 reasons.
        #expect(s.rowsRead == 17)
        #expect(s.accepted == 10)
        #expect(
            s.rejected == [
                .wrongFieldCount: 1, .missingValue: 1, .unknownEvent: 1, .badTimestamp: 1,
                .implausibleTimestamp: 1, .badPromisedDate: 1, .unterminatedQuote: 1,
            ])
        #expect(s.duplicatesDropped == 1)
        #expect(s.conflictingRows == 1)
        #expect(s.shipments == 3)
        #expect(s.delivered == 1)
        #expect(s.censored == 2)
        // The latest accepted scan is 2026-03-05T12:00:00Z = 1772712000; the cut-off is one second later.
        #expect(s.cutoff == Instant(seconds: 1_772_712_001))

        #expect(result.timelines.map(\.id) == ["A1", "B2", "C3"])
        let a = result.timelines[0]
        #expect(a.carrier == "ups" && a.service == "ground")
        #expect(a.origin == Place(country: "US", postal: "94107"))
        #expect(a.promisedDate == CivilDate(year: 2026, month: 3, day: 4))
        #expect(a.events.map(\.code) == [.orderPlaced, .inTransit, .outForDelivery, .delivered, .delivered])
        #expect(
            a.events.map(\.time.seconds) == [1_772_456_400, 1_772_476_200, 1_772_633_700, 1_772_650_800, 1_772_712_000])
        #expect(a.events[1].utcOffset == -8 * 3600 && a.events[1].postal == "94107")
        #expect(a.orderTime?.seconds == 1_772_456_400)
        // No PICKED_UP: the first movement scan is the ship time.
        #expect(a.shipTime?.seconds == 1_772_476_200)
        // Two DELIVERED scans: the first counts.
        #expect(a.deliveryTime?.seconds == 1_772_650_800)
        #expect(a.censoredAt == nil)

        let b = result.timelines[1]
        #expect(b.carrier == "fedex")
        #expect(b.origin.postal == "30301")  // the conflicting row's 99999 is not taken
        #expect(b.events.map(\.code) == [.orderPlaced, .pickedUp, .exception])
        #expect(b.exceptionCount == 1)
        #expect(b.shipTime?.seconds == 1_772_476_200)
        #expect(b.censoredAt == Instant(seconds: 1_772_712_001))
        #expect(b.state(at: Instant(seconds: 1_772_712_001)) == .exception)
    }

    @Test func rejectedRowsAreWrittenWithLineReasonDetailAndRawText() throws {
        let path = Self.temporaryPath("rejects.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ScanIngestion.read(
            reader: CSVReader(text: Self.dirty), source: "dirty",
            options: IngestOptions(aliases: Self.aliases, rejectsPath: path), progress: nil)
        let rows = try CSVReaderTests.rows(CSVReader(path: path)).map(\.fields)
        #expect(rows.first == ["line", "reason", "detail", "raw"])
        #expect(
            rows.dropFirst().map { [$0[0], $0[1], $0[2]] } == [
                ["12", "wrong_field_count", "9 fields, header has 12"],
                ["13", "missing_value", "carrier"],
                ["14", "unknown_event", "TELEPORTED"],
                ["15", "bad_timestamp", "2026-03-02 08:00"],
                ["16", "implausible_timestamp", "1989-12-31T23:59:59Z"],
                ["17", "bad_promised_date", "2026-02-30"],
                ["19", "unterminated_quote", "a quoted field does not close"],
            ])
        #expect(rows[2][3] == "PICKED_UP,,C3,2026-03-02T08:00:00-05:00,,ground,US,94107,US,10001,,")
    }

    @Test func withoutTheAliasTheCarrierCodeIsUnknown() throws {
        let result = try ScanIngestion.read(text: Self.dirty)
        #expect(result.summary.rejected[.unknownEvent] == 2)
        #expect(result.timelines[1].exceptionCount == 0)
    }

    @Test func aliasFileIsReadWithOrWithoutHeaderCaseInsensitively() throws {
        let path = Self.temporaryPath("aliases.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "carrier,code,event\nDHL,pu,picked_up\ndhl, OFD ,OUT_FOR_DELIVERY\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let table = try AliasTable.load(path: path)
        #expect(table.count == 2)
        #expect(table.lookup(carrier: "dhl", code: "PU") == .pickedUp)
        #expect(table.lookup(carrier: "Dhl", code: "ofd") == .outForDelivery)
        #expect(table.lookup(carrier: "ups", code: "PU") == nil)
        try "dhl,x1,delivered\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try AliasTable.load(path: path).lookup(carrier: "DHL", code: "X1") == .delivered)
        try "dhl,x1,beamed\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: IngestionError.self) { try AliasTable.load(path: path) }
    }

    @Test func missingRequiredColumnIsADataErrorNamingIt() throws {
        let text = "shipment_id,carrier,service,origin_country,origin_postal,destination_country,event,event_time\n"
        let error = #expect(throws: IngestionError.self) { try ScanIngestion.read(text: text) }
        #expect(error?.reason == .missingColumn && error.map { ExitCode(for: $0) } == .badInput)
        #expect(error?.message.contains("destination_postal") == true)
    }

    @Test func missingFileIsNoInput() throws {
        let error = #expect(throws: InputFileError.self) { try ScanIngestion.read(path: "/nonexistent/scans.csv") }
        #expect(error.map { ExitCode(for: $0) } == .missingInput)
    }

    @Test func asOfHidesEventsAtOrAfterTheCutoffAndCensorsOpenShipments() throws {
        // 2026-03-03T00:00:00Z = 1772496000.
        let t = Instant(seconds: 1_772_496_000)
        let result = try ScanIngestion.read(text: Self.dirty, options: IngestOptions(aliases: Self.aliases, asOf: t))
        #expect(result.summary.shipments == 3)
        #expect(result.summary.censored == 3)
        // Accepted rows at or after T: A1's two DELIVERED and OUT_FOR_DELIVERY, B2's exception.
        #expect(result.summary.afterAsOf == 4)
        for timeline in result.timelines {
            #expect(timeline.events.allSatisfy { $0.time < t })
            #expect(timeline.censoredAt == t)
            #expect(timeline.deliveryTime == nil)
        }
        #expect(result.timelines[0].events.map(\.code) == [.orderPlaced, .inTransit])

        // At exactly the earliest event (2026-03-02T13:00:00Z = 1772456400) nothing is visible yet.
        let early = try ScanIngestion.read(
            text: Self.dirty, options: IngestOptions(aliases: Self.aliases, asOf: Instant(seconds: 1_772_456_400)))
        #expect(early.timelines.isEmpty)
    }

    @Test func mixedOffsetsGiveTheSameInstant() throws {
        let header =
            "shipment_id,carrier,service,origin_country,origin_postal,destination_country,"
            + "destination_postal,event,event_time\n"
        // Three spellings of 2026-03-02T18:30:00Z (1772476200) and one a minute later.
        let text =
            header + "S,ups,ground,US,1,US,2,IN_TRANSIT,2026-03-02T10:30:00-08:00\n"
            + "S,ups,ground,US,1,US,2,IN_TRANSIT,2026-03-03T00:00:00+05:30\n"
            + "S,ups,ground,US,1,US,2,IN_TRANSIT,2026-03-02T18:30:00Z\n"
            + "S,ups,ground,US,1,US,2,DELIVERED,2026-03-02T13:31:00-05:00\n"
        let result = try ScanIngestion.read(text: text)
        #expect(result.summary.duplicatesDropped == 2)
        let t = try #require(result.timelines.first)
        #expect(t.events.map(\.time.seconds) == [1_772_476_200, 1_772_476_260])
        #expect(t.shipTime?.seconds == 1_772_476_200)
        #expect(t.deliveryTime?.seconds == 1_772_476_260)
    }

    @Test func scanWriterQuotesWhatNeedsItAndReadsBack() throws {
        let path = Self.temporaryPath("written.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ScanCSVWriter(path: path)
        // 2017-01-15T10:00:00-02:00 = 1484481600.
        try writer.write(
            ScanRow(
                shipmentId: "he said \"hi\", twice", carrier: "olist", service: "standard",
                origin: Place(country: "BR", postal: "01310", region: "SP", id: "s,1"),
                destination: Place(country: "BR", postal: "20031"), event: .pickedUp,
                time: Instant(seconds: 1_484_481_600), utcOffset: -7200, promisedDate: CivilDate("2017-02-10")))
        try writer.finish()
        #expect(writer.rowsWritten == 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected =
            "\"he said \"\"hi\"\", twice\",olist,standard,BR,01310,SP,\"s,1\",BR,20031,,PICKED_UP,"
            + "2017-01-15T10:00:00-02:00,,2017-02-10"
        #expect(text.split(separator: "\n").last.map(String.init) == expected)
        let t = try #require(try ScanIngestion.read(path: path).timelines.first)
        #expect(t.id == "he said \"hi\", twice")
        #expect(t.origin == Place(country: "BR", postal: "01310", region: "SP", id: "s,1"))
        #expect(t.shipTime?.seconds == 1_484_481_600)
        #expect(t.events.first?.utcOffset == -7200)
    }

    /// Bytes that are not text are `invalid_utf8` whatever they happen to split into: 0xFF and 0xFE never
    /// occur in UTF-8, and a lone 0x80 is a continuation byte without a lead.
    @Test func binaryGarbageIsCountedAsInvalidUTF8() throws {
        let header = Array(
            "shipment_id,carrier,service,origin_country,origin_postal,destination_country,destination_postal,event,event_time\n"
                .utf8)
        let good = Array("s1,ups,ground,US,94107,US,10001,PICKED_UP,2026-03-02T08:00:00Z\n".utf8)
        let garbage: [[UInt8]] = [
            [0xFF, 0xFE, 0x00, 0x01, 0x0A],  // one field
            [0x80, 0x2C, 0xC3, 0x28, 0x2C, 0xFF, 0x0A],  // three fields
            Array("s2,ups,ground,US,94107,US,10001,PICKED_UP,".utf8) + [0xFF, 0x0A],  // nine fields, bad time
        ]
        let bytes = header + good + garbage.joined()
        let result = try ScanIngestion.read(
            reader: CSVReader(bytes: bytes), source: "input", options: IngestOptions(), progress: nil)
        #expect(result.summary.rejected == [.invalidUTF8: 3])
        #expect(result.summary.accepted == 1)
        // A text row with the wrong number of fields is still that.
        let text = try ScanIngestion.read(text: String(decoding: header, as: UTF8.self) + "s3,ups\n")
        #expect(text.summary.rejected == [.wrongFieldCount: 1])
    }
}
