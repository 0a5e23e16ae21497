@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct TimeTests {
    @Test func civilDateRoundTripsKnownDayNumbers() {
        // 2000-03-01 is day 11,017 (30 years of 365 days + 7 leap days + 59 days of 2000 up to Mar 1).
        #expect(CivilDate(year: 2000, month: 3, day: 1)?.dayNumber == 11017)
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(CivilDate(dayNumber: 11017).description == "2000-03-01")
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate("2026-11-26")?.weekday == 4)  // Thanksgiving 2026 is a Thursday.
        // Outside four-digit years: 0000-01-01 is day -719,528, so the day before is the last of year -1.
        #expect(CivilDate(dayNumber: -719_529).description == "-0001-12-31")
        #expect(CivilDate(dayNumber: -719_528).description == "0000-01-01")
        #expect(CivilDate(dayNumber: 2_932_897).description == "10000-01-01")
    }

    @Test func everyDayFromYearMinus1000To10000HasTheRightCivilDate() {
        // Count days one at a time from 1970-01-01, forwards and backwards, with the Gregorian leap rule.
        func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        func length(_ y: Int, _ m: Int) -> Int { m == 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].contains(m) ? 30 : 31 }
        var (y, m, d) = (1970, 1, 1)
        var mismatches = 0
        for n in 0..<2_937_000 {  // to about 10011
            if CivilDate.civilFromDays(n) != (y, m, d) { mismatches += 1 }
            d += 1
            if d > length(y, m) { (m, d) = (m + 1, 1) }
            if m > 12 { (y, m) = (y + 1, 1) }
        }
        (y, m, d) = (1969, 12, 31)
        for n in stride(from: -1, to: -1_085_000, by: -1) {  // to about -1001
            if CivilDate.civilFromDays(n) != (y, m, d) { mismatches += 1 }
            d -= 1
            if d == 0 {
                (m, d) = m == 1 ? (12, 31) : (m - 1, length(y, m - 1))
                if m == 12 { y -= 1 }
            }
        }
        #expect(mismatches == 0)
        // Where the fast algorithm hands over to era arithmetic, both agree.
        for n in [-12_699_423, -12_699_422, -12_699_421, 999_999_999, 1_000_000_000, 1_000_000_001] {
            #expect(CivilDate.civilFromDays(n) == CivilDate.civilFromDaysByEras(n), "day \(n)")
        }
        #expect(CivilDate.civilFromDays(-12_699_422) == (-32_800, 3, 1))
    }

    @Test func rfc3339ParsesKnownUnixTimes() {
        // `date -d 2026-11-24T17:12:00-08:00 +%s` = 1795569120.
        #expect(RFC3339.parse("2026-11-24T17:12:00-08:00")?.instant.seconds == 1_795_569_120)
        #expect(RFC3339.parse("2026-11-25T01:12:00Z")?.instant.seconds == 1_795_569_120)
        #expect(RFC3339.parse("2026-11-25T06:42:00.123+05:30")?.instant.seconds == 1_795_569_120)
        // Leap day: 2024-02-29T12:00:00Z = 1709208000.
        #expect(RFC3339.parse("2024-02-29T12:00:00Z")?.instant.seconds == 1_709_208_000)
        #expect(RFC3339.parse("2023-02-29T12:00:00Z") == nil)
        #expect(RFC3339.parse("2026-11-24T17:12:00") == nil)
        #expect(RFC3339.parse("2026-11-24T25:12:00Z") == nil)
        #expect(RFC3339.parse("garbage") == nil)
        // Any digit of the fixed part replaced by the bytes just outside 0–9 or a letter, or any separator by a
        // digit: not a timestamp.
        let valid = Array("2026-11-24T17:12:00Z".utf8)
        for k in valid.indices.dropLast() {
            let isDigit = valid[k] >= UInt8(ascii: "0") && valid[k] <= UInt8(ascii: "9")
            for replacement in isDigit ? ["/", ":", "x"] : ["0"] {
                var bytes = valid
                bytes[k] = UInt8(ascii: Unicode.Scalar(replacement)!)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(RFC3339.parse(text) == nil, "\(text)")
            }
        }
        #expect(RFC3339.format(Instant(seconds: 1_795_569_120), utcOffset: -28_800) == "2026-11-24T17:12:00-08:00")
    }

    @Test func zoneRulesFollowDaylightSavingTime() throws {
        let ny = try #require(ZoneRules.named("America/New_York"))
        // 2026-07-01T12:00:00Z is EDT (-4 h); 2026-12-01T12:00:00Z is EST (-5 h).
        #expect(ny.utcOffset(at: RFC3339.parse("2026-07-01T12:00:00Z")!.instant) == -14_400)
        #expect(ny.utcOffset(at: RFC3339.parse("2026-12-01T12:00:00Z")!.instant) == -18_000)
        // 03:30 UTC on 2026-11-24 is still the 23rd in New York.
        #expect(ny.localDate(of: RFC3339.parse("2026-11-24T03:30:00Z")!.instant).description == "2026-11-23")
        let sp = try #require(ZoneRules.named("America/Sao_Paulo"))
        // Brazil had DST until 2019: 2018-01-15 12:00 local was -02:00, 2018-06-15 was -03:00.
        #expect(
            sp.instant(of: CivilDate("2018-01-15")!, secondOfDay: 43_200).seconds
                == RFC3339.parse("2018-01-15T12:00:00-02:00")!.instant.seconds)
        #expect(
            sp.instant(of: CivilDate("2018-06-15")!, secondOfDay: 43_200).seconds
                == RFC3339.parse("2018-06-15T12:00:00-03:00")!.instant.seconds)
        // Summer time ended at 00:00 on 2018-02-18 (clocks back to 23:00 on the 17th): 00:30 on the 18th
        // exists once, at -03:00, i.e. 03:30Z; 23:30 on the 17th exists twice and takes the earlier (-02:00).
        #expect(
            sp.instant(of: CivilDate("2018-02-18")!, secondOfDay: 1_800)
                == RFC3339.parse("2018-02-18T03:30:00Z")!.instant)
        #expect(
            sp.instant(of: CivilDate("2018-02-17")!, secondOfDay: 84_600)
                == RFC3339.parse("2018-02-18T01:30:00Z")!.instant)
        // 2017-10-15 00:30 did not exist (clocks jumped from 00:00 to 01:00): read with -03:00, 03:30Z.
        #expect(
            sp.instant(of: CivilDate("2017-10-15")!, secondOfDay: 1_800)
                == RFC3339.parse("2017-10-15T03:30:00Z")!.instant)
        #expect(ZoneRules.named("Not/AZone") == nil)
    }
}
