@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct SyntheticTests {
    /// One dirty run shared by the tests: 20,000 shipments ordered from 2026-08-01 over 150 days (so the
    /// deliveries cover Labor Day through New Year and MLK Day 2027).
    static let sample: (bytes: [UInt8], stats: SyntheticStats) = {
        let configuration = SyntheticConfiguration(
            shipments: 20_000, seed: 42, start: CivilDate(year: 2026, month: 8, day: 1)!, days: 150)
        return try! SyntheticGenerator(configuration: configuration).generate()
    }()

    /// US federal holidays (observed) from 2026-08 to 2027-06, listed by hand from the OPM calendar.
    static let holidays: Set<String> = [
        "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25", "2027-01-01", "2027-01-18",
        "2027-02-15", "2027-05-31", "2027-06-18",
    ]

    /// Closed days per state for a run starting 2026-08-01, worked out by hand from the README's offsets.
    static let closures: [String: Set<String>] = {
        var out: [String: Set<String>] = [:]
        for state in ["FL", "GA", "SC"] { out[state] = ["2026-09-15", "2026-09-16", "2026-09-17"] }
        for state in ["IA", "MO", "IL"] { out[state] = ["2026-10-15", "2026-10-16"] }
        for state in ["NY", "PA", "NJ", "CT", "MA", "VT", "NH", "ME"] {
            out[state] = ["2026-11-17", "2026-11-18", "2026-11-19"]
        }
        return out
    }()

    /// The data rows (header dropped), each split into fields, as raw bytes.
    static func rows(_ bytes: [UInt8]) -> [[ArraySlice<UInt8>]] {
        bytes.split(separator: 10, omittingEmptySubsequences: false).dropFirst().filter { !$0.isEmpty }.map {
            $0.split(separator: 44, omittingEmptySubsequences: false)
        }
    }

    static func text(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    /// A well-formed row's timestamp, or nil for a malformed row.
    static func timestamp(_ fields: [ArraySlice<UInt8>]) -> RFC3339.Timestamp? {
        guard fields.count == 14, EventCode(code: text(fields[10])) != nil,
            [0, 1, 2, 3, 4, 6, 7, 10, 11].allSatisfy({ !fields[$0].isEmpty })
        else { return nil }
        return RFC3339.parse(text(fields[11]))
    }

    /// Whether the date is a working day: weekday from the day number (1970-01-01 was a Thursday).
    static func isWorkingDay(_ date: CivilDate, saturday: Bool) -> Bool {
        let weekday = ((Int(date.dayNumber) % 7) + 11) % 7  // 0 = Sunday
        if weekday == 0 || (weekday == 6 && !saturday) { return false }
        return !holidays.contains(date.description)
    }

    @Test func sameSeedGivesIdenticalBytesAndOtherSeedsDiffer() throws {
        let a = SyntheticConfiguration(shipments: 1500, seed: 7, days: 30)
        var b = a
        b.seed = 8
        let first = try SyntheticGenerator(configuration: a).generate()
        let second = try SyntheticGenerator(configuration: a).generate()
        let other = try SyntheticGenerator(configuration: b).generate()
        #expect(first.bytes == second.bytes)
        #expect(first.stats == second.stats)
        #expect(first.bytes != other.bytes)
        #expect(first.stats.shipments == 1500)
    }

    @Test func cleanRunsHaveNoDirtAndTheSameShipments() throws {
        let dirty = SyntheticConfiguration(shipments: 800, seed: 3, days: 20)
        var clean = dirty
        clean.dirty = false
        let d = try SyntheticGenerator(configuration: dirty).generate().stats
        let c = try SyntheticGenerator(configuration: clean).generate().stats
        #expect(c.malformedRows == 0 && c.duplicateRows == 0 && c.utcRows == 0 && c.missingPickups == 0)
        #expect(c.rows == c.scans)
        #expect(c.scans == d.scans && c.delivered == d.delivered && c.lost == d.lost)
    }

    @Test func ordersAddUpAndFollowTheWeeklyPattern() throws {
        // 2026-08-01 is a Saturday: of 7 days, Monday (day 2) has weight 1.2, Sunday (day 1) 0.6.
        let configuration = SyntheticConfiguration(
            shipments: 7000, start: CivilDate(year: 2026, month: 8, day: 1)!, days: 7)
        let counts = try SyntheticGenerator(configuration: configuration).ordersPerDay()
        #expect(counts.reduce(0, +) == 7000)
        // Weights Sat..Fri: 0.7 0.6 1.2 1.15 1.1 1.05 1.0, total 6.8: Monday gets 7000 * 1.2 / 6.8 = 1235.3.
        #expect(counts[2] == 1235 || counts[2] == 1236)
        #expect(counts[1] == 617 || counts[1] == 618)  // 7000 * 0.6 / 6.8 = 617.6
    }

    @Test func ingestionSeesWhatTheGeneratorWrote() throws {
        // Two independent accounts of one feed: the generator's stats and the ingestion's summary.
        let run = try SyntheticGenerator(configuration: SyntheticConfiguration(shipments: 3000, seed: 11, days: 60))
            .generate()
        let summary = try ScanIngestion.read(text: String(decoding: run.bytes, as: UTF8.self)).summary
        #expect(summary.rejectedTotal == run.stats.malformedRows)
        #expect(summary.duplicatesDropped == run.stats.duplicateRows)
        #expect(summary.shipments == run.stats.shipments)
        #expect(summary.delivered == run.stats.delivered)
        #expect(summary.returned == run.stats.returned)
        #expect(summary.canceled == run.stats.canceled)
        #expect(summary.censored == run.stats.lost)
    }

    @Test func timestampsAreWrittenLikeRFC3339Format() {
        // 2026-11-24T17:12:00-08:00 is 1,795,569,120 (`date -d`); also a UTC and a half-hour offset.
        for (seconds, offset) in [(1_795_569_120, -28_800), (1_795_569_120, 0), (0, 19_800), (1_709_208_000, -14_400)] {
            var out: [UInt8] = []
            SyntheticCSVWriter.appendTimestamp(to: &out, Instant(seconds: Int64(seconds)), utcOffset: offset)
            #expect(
                String(decoding: out, as: UTF8.self)
                    == RFC3339.format(Instant(seconds: Int64(seconds)), utcOffset: offset))
        }
    }

    @Test func destinationZipCodesResolveToTheirStatesAndZones() {
        // The trainer resolves places by ZIP3; the generator's state and zone for each ZIP must agree.
        for d in SyntheticPlaces.destinations + SyntheticWarehouse.all.map({ .init($0.postal, $0.state) })
            + SyntheticWarehouse.hubs.map({ .init($0.postal, $0.state) })
        {
            let resolved = Geography.resolve(Place(country: "US", postal: d.postal))
            #expect(resolved.region == d.state, "\(d.postal)")
            let stateZone = SyntheticPlaces.state(d.state)!.zoneIdentifier
            let a = ZoneRules.named(resolved.zoneIdentifier)!
            let b = ZoneRules.named(stateZone)!
            // Same offsets through 2026–2027 (e.g. America/Indiana/Indianapolis and America/New_York).
            let instants = stride(from: 1_767_225_600, to: 1_830_297_600, by: 86_400 * 7).map {
                Instant(seconds: Int64($0))
            }
            #expect(instants.allSatisfy { a.utcOffset(at: $0) == b.utcOffset(at: $0) }, "\(d.postal)")
        }
    }

    @Test func distanceZonesGrowWithDistance() {
        #expect(SyntheticTruth.zone(from: "TX", to: "TX") == 2)
        // NJ (40.2, -74.7) to NY (42.9, -75.5): about 191 miles by the haversine formula.
        #expect(SyntheticTruth.zone(from: "NJ", to: "NY") == 3)
        // NJ to CA (37.2, -119.5): about 2,399 miles.
        #expect(SyntheticTruth.zone(from: "NJ", to: "CA") == 8)
        // IL (40.0, -89.2) to FL (28.6, -82.4): about 866 miles; to CA about 1,609 miles.
        #expect(SyntheticTruth.zone(from: "IL", to: "FL") == 5)
        #expect(SyntheticTruth.zone(from: "IL", to: "CA") == 7)
    }

    @Test func documentedMediansFollowFromTheTables() {
        // UPS ground zone 8: base 5, spread 0.08/0.62/0.22/0.08 from -1: P(<=4) = 0.08, P(<=5) = 0.70.
        let upsGround = SyntheticService.all.first { $0.carrier == "ups" && $0.service == "ground" }!
        #expect(upsGround.medianTransit(zone: 8) == 5)
        // Zone 2: base 1, the day-early mass folds onto day 1: P(1) = 0.70.
        #expect(upsGround.transitDistribution(zone: 2)[1] == 0.08 + 0.62)
        let usps = SyntheticService.all.first { $0.carrier == "usps" }!
        // USPS priority zone 6: base 3, spread 0.10/0.50/0.25/0.10/0.05 from -1: P(<=2) = 0.10, P(<=3) = 0.60.
        #expect(usps.medianTransit(zone: 6) == 3)
    }

    @Test func deliveriesFallOnCarrierWorkingDaysInTheDestinationZone() {
        var checked = 0
        for fields in Self.rows(Self.sample.bytes) {
            guard let ts = Self.timestamp(fields), Self.text(fields[10]) == "DELIVERED" else { continue }
            guard ts.utcOffset != 0 else { continue }  // a UTC row does not say the local date
            let date = ts.localDate
            let saturday = Self.text(fields[1]) == "usps"
            #expect(Self.isWorkingDay(date, saturday: saturday), "\(Self.text(fields[0])) delivered on \(date)")
            // The documented closures of a run starting 2026-08-01 (days 45, 75 and 108).
            let closed = Self.closures[Self.text(fields[8])] ?? []
            #expect(!closed.contains(date.description), "\(Self.text(fields[0])) delivered in a closure")
            checked += 1
        }
        #expect(checked > 15_000)
    }

    @Test func malformedRowCountsMatchTheStats() {
        var badTimestamp = 0
        var unknownEvent = 0
        var missingField = 0
        var wrongCount = 0
        var garbage = 0
        for fields in Self.rows(Self.sample.bytes) {
            let bytes = fields.joined()
            if bytes.contains(where: { $0 >= 0x80 || $0 < 0x20 }) {
                garbage += 1
            } else if fields.count != 14 {
                wrongCount += 1
            } else if [0, 1, 2, 3, 4, 6, 7, 10, 11].contains(where: { fields[$0].isEmpty }) {
                missingField += 1
            } else if EventCode(code: Self.text(fields[10])) == nil {
                unknownEvent += 1
            } else if RFC3339.parse(Self.text(fields[11])) == nil {
                badTimestamp += 1
            }
        }
        let stats = Self.sample.stats
        #expect(stats.malformedRows > 0)
        #expect(garbage == stats.garbageBytes)
        #expect(wrongCount == stats.wrongFieldCount)
        #expect(missingField == stats.missingField)
        #expect(unknownEvent == stats.unknownEvent)
        #expect(badTimestamp == stats.badTimestamp)
    }

    @Test func transitMediansMatchTheGroundTruth() {
        // Per shipment: pickup date (local), first delivery instant and date (local), and whether it had a
        // delay the truth documents separately (EXCEPTION, DELIVERY_ATTEMPTED).
        struct Seen {
            var lane = ""
            var pickup: CivilDate?
            var delivered: (Instant, CivilDate?)?
            var delayed = false
        }
        var shipments: [String: Seen] = [:]
        for fields in Self.rows(Self.sample.bytes) {
            guard let ts = Self.timestamp(fields) else { continue }
            let id = Self.text(fields[0])
            var seen = shipments[id] ?? Seen()
            let zone = SyntheticTruth.zone(from: Self.text(fields[5]), to: Self.text(fields[8]))
            seen.lane = "\(Self.text(fields[1]))/\(Self.text(fields[2]))/\(Self.text(fields[9]))/\(zone)"
            let local = ts.utcOffset == 0 ? nil : ts.localDate
            switch Self.text(fields[10]) {
            case "PICKED_UP": seen.pickup = seen.pickup ?? local
            case "EXCEPTION", "DELIVERY_ATTEMPTED": seen.delayed = true
            case "DELIVERED":
                if let (first, date) = seen.delivered, first <= ts.instant {
                    if first == ts.instant, date == nil { seen.delivered = (first, local) }
                } else {
                    seen.delivered = (ts.instant, local)
                }
            default: break
            }
            shipments[id] = seen
        }
        let peak = CivilDate(year: 2026, month: 11, day: 23)!
        var transits: [String: [Int]] = [:]
        for seen in shipments.values where !seen.delayed {
            guard let pickup = seen.pickup, pickup < peak, let (_, delivered) = seen.delivered, let delivered
            else { continue }
            let saturday = seen.lane.hasPrefix("usps/")
            let days = (1...max(1, pickup.days(to: delivered))).filter {
                Self.isWorkingDay(pickup.adding(days: $0), saturday: saturday)
            }.count
            transits[seen.lane, default: []].append(days)
        }
        var lanesChecked = 0
        for (lane, values) in transits where values.count >= 150 {
            let parts = lane.split(separator: "/").map(String.init)
            let service = SyntheticService.all.first { $0.carrier == parts[0] && $0.service == parts[1] }!
            let sorted = values.sorted()
            let n = sorted.count
            let median = n % 2 == 1 ? Double(sorted[n / 2]) : Double(sorted[n / 2 - 1] + sorted[n / 2]) / 2
            let truth = Double(service.medianTransit(zone: Int(parts[3])!))
            #expect(abs(median - truth) <= 0.5, "lane \(lane): median \(median), truth \(truth), n \(n)")
            lanesChecked += 1
        }
        #expect(lanesChecked >= 5)
    }
}
