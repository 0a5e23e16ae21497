import EDDCommandLine
import EDDCore
import Foundation
import Testing

@Suite struct HolidayRegistryTests {
    static var allCodes: [String] {
        HolidayRegistry.countries
            + HolidayRegistry.regions.flatMap { country, regions in regions.map { country + "-" + $0 } }
    }

    static func days(_ code: String, _ year: Int) -> Set<String> {
        Set(HolidayRegistry.holidays(code: code, year: year).map(\.date.description))
    }

    @Test func codesAreReadWhateverTheirCaseAndAliases() {
        #expect(HolidayRegistry.parse("de-by")! == ("DE", "BY"))
        #expect(HolidayRegistry.parse(" GB-SCT ")! == ("GB", "SCT"))
        #expect(HolidayRegistry.parse("UK")! == ("GB", nil))
        #expect(HolidayRegistry.parse("ca")! == ("CA", nil))
    }

    @Test func unknownCountriesAndRegionsAreNotKnown() {
        for code in ["XX", "DE-XX", "US-CA", "GB-", "", "-BY", "DEU"] {
            #expect(!HolidayRegistry.isKnown(code), "\(code)")
        }
        #expect(HolidayRegistry.holidays(code: "DE-XX", year: 2026).isEmpty)
    }

    @Test func everyRuleIsTotalAndStaysInItsYear() {
        for code in Self.allCodes {
            // The US and Brazilian rules (HolidayRules.swift) are made total for such years separately.
            for year in [Int.min, -10_000, -9999, 0, 1582, 1583, 9999, 10_000, Int.max]
            where code != "US" && code != "BR" {
                _ = HolidayRegistry.holidays(code: code, year: year)
            }
            for year in 1900...2199 {
                let list = HolidayRegistry.holidays(code: code, year: year)
                #expect(!list.isEmpty, "\(code) \(year)")
                #expect(list.allSatisfy { $0.date.year == year }, "\(code) \(year)")
            }
        }
    }

    // The expectations below were worked out by hand from the cited rules and a calendar.

    @Test func britishWeekendHolidaysGetTheNextFreeWeekdays() {
        // 2021: Christmas on a Saturday, Boxing Day on the Sunday → Monday 27th and Tuesday 28th.
        #expect(Self.days("GB-ENG", 2021).isSuperset(of: ["2021-12-27", "2021-12-28"]))
        // 2022 in Scotland: 1 January a Saturday, 2 January a Sunday → Monday 3rd and Tuesday 4th.
        #expect(Self.days("GB-SCT", 2022).isSuperset(of: ["2022-01-03", "2022-01-04"]))
        // Easter Monday is not a Scottish bank holiday; the Scottish summer one is the first Monday of August.
        #expect(!Self.days("GB-SCT", 2026).contains("2026-04-06"))
        #expect(Self.days("GB-SCT", 2026).contains("2026-08-03"))
        #expect(Self.days("GB-ENG", 2026).contains("2026-08-31"))
    }

    @Test func japanesesubstituteAndCitizensHolidays() {
        // 2025-11-23 (Labour Thanksgiving) is a Sunday → Monday 24th.
        #expect(Self.days("JP", 2025).contains("2025-11-24"))
        // 2026: Respect for the Aged Day Monday 21 September, equinox Wednesday 23rd → Tuesday 22nd between.
        #expect(Self.days("JP", 2026).isSuperset(of: ["2026-09-21", "2026-09-22", "2026-09-23"]))
    }

    @Test func germanRegionalDays() {
        // Easter 2026 is 5 April: Corpus Christi is 4 June, in Bavaria but not in Hamburg or nationally.
        #expect(Self.days("DE-BY", 2026).contains("2026-06-04"))
        #expect(!Self.days("DE-HH", 2026).contains("2026-06-04"))
        #expect(!Self.days("DE", 2026).contains("2026-06-04"))
        // Saxony's day of repentance: the Wednesday before 23 November (a Monday in 2026) → 18 November.
        #expect(Self.days("DE-SN", 2026).contains("2026-11-18"))
    }

    @Test func aRegionalCodeMakesABusinessCalendarSkipTheRegionalDay() {
        let bavaria = BusinessCalendar(holidayCountry: "DE-BY")
        let germany = BusinessCalendar(holidayCountry: "DE")
        let wednesday = CivilDate(year: 2026, month: 6, day: 3)!
        #expect(!bavaria.isWorkingDay(CivilDate(year: 2026, month: 6, day: 4)!))
        #expect(bavaria.addingWorkingDays(1, to: wednesday).description == "2026-06-05")
        #expect(germany.addingWorkingDays(1, to: wednesday).description == "2026-06-04")
    }

    @Test func aCountryCalendarTakesTheDestinationsRegionalDays() {
        let calendars = CarrierCalendars(carriers: ["dhl": .standard(country: "DE")])
        let corpusChristi = CivilDate(year: 2026, month: 6, day: 4)!
        let munich = ResolvedPlace(country: "DE", region: "BY")
        let hamburg = ResolvedPlace(country: "DE", region: "HH")
        #expect(!calendars.calendar(for: "dhl", destination: munich).isWorkingDay(corpusChristi))
        #expect(calendars.calendar(for: "dhl", destination: hamburg).isWorkingDay(corpusChristi))
        // Another country's regions do not change a calendar, nor does a region without rules.
        #expect(
            calendars.calendar(for: "dhl", destination: ResolvedPlace(country: "AT", region: "BY")).holidayCountry
                == "DE")
        #expect(calendars.calendar(for: "other", destination: munich).holidayCountry == "US")
    }

    @Test func aCalendarsFileNamingAnUnknownCalendarIsBadData() throws {
        let path = NSTemporaryDirectory() + "edd-calendars-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "carrier,working_days,holidays,cutoff\ndhl,mon-sat,DE-BY,\npost,mon-fri,DE-XX,\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try CarrierCalendars.load(path: path)
        } throws: { error in
            guard let e = error as? CalendarSpecError else { return false }
            return e.reason == .unknownHolidays && ExitCode(for: e) == .badInput && e.message.contains("'DE-XX'")
                && e.message.contains(":3:")
        }
        try "dhl,mon-sat,de-by,\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CarrierCalendars.load(path: path).carriers["dhl"]?.holidayCountry == "DE-BY")
    }

    @Test func carriersWithoutACalendarTakeTheirMainDestinationCountrysHolidays() {
        let t = Instant(date: CivilDate(year: 2026, month: 9, day: 15)!, secondOfDay: 12 * 3600, utcOffset: 0)
        let timelines = (0..<10).map { i in
            ShipmentTimeline(
                id: "s\(i)", carrier: i < 6 ? "dhl" : "zz-post", service: "parcel",
                origin: Place(country: "DE", postal: "10115"),
                destination: Place(country: i < 6 ? (i < 4 ? "DE" : "AT") : "ZZ", postal: "80331"), deliveryTime: t)
        }
        let calendars = CarrierCalendars().completed(from: timelines)
        #expect(calendars.calendar(for: "dhl").holidayCountry == "DE")
        #expect(calendars.calendar(for: "zz-post").holidayCountry == nil)
    }

    @Test func eddTrainExitsWithBadDataNamingAnUnknownCalendar() throws {
        let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/edd-train")
        let bundled = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("edd-train")
        let executable = FileManager.default.isExecutableFile(atPath: bundled.path) ? bundled : binary
        let directory = NSTemporaryDirectory() + "edd-holidays-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "carrier,working_days,holidays,cutoff\ndhl,mon-fri,GB-XYZ,\n".write(
            toFile: directory + "/calendars.csv", atomically: true, encoding: .utf8)
        try
            "shipment_id,carrier,service,origin_country,origin_postal,origin_region,destination_country,destination_postal,destination_region,origin_id,event,event_time,event_postal,promised_date\n"
            .write(toFile: directory + "/scans.csv", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "fit", "--scans", directory + "/scans.csv", "--out", directory + "/out.model", "--calendars",
            directory + "/calendars.csv",
        ]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65)
        #expect(message.contains("'GB-XYZ'"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.model"))
    }

    @Test func regionalCalendarsTravelInTheModelFileAndUnknownOnesAreRefused() throws {
        var model = ModelFileTests.smallModel()
        model.calendars = CarrierCalendars(carriers: ["dhl": BusinessCalendar(holidayCountry: "DE-BY")])
        let back = try ModelFile.decode(ModelFile.encode(model))
        #expect(back.calendars.calendar(for: "dhl").holidayCountry == "DE-BY")
        #expect(!back.calendars.calendar(for: "dhl").isWorkingDay(CivilDate(year: 2026, month: 6, day: 4)!))
        model.calendars = CarrierCalendars(carriers: ["dhl": BusinessCalendar(holidayCountry: "DE-QQ")])
        #expect {
            try ModelFile.decode(ModelFile.encode(model))
        } throws: { error in
            (error as? ModelFileError).map {
                $0.reason == .malformed && ExitCode(for: $0) == .badInput && $0.message.contains("'DE-QQ'")
            } ?? false
        }
    }
}
