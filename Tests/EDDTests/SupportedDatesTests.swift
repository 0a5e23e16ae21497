@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// Dates outside 1900-01-01 … 2199-12-31 are refused as `invalid_request` naming the field, and every date
/// computation a request can reach is total (no trap), from the calendars to the response encoder.
@Suite struct SupportedDatesTests {
    static let service = QueryService(
        model: ModelFileTests.smallModel(), path: nil, clock: { Instant(seconds: 1_795_000_000) })

    /// The one response line of `line`, parsed.
    func respond(_ line: String) throws -> [String: Any] {
        var out: [UInt8] = []
        Self.service.respond(line: Array(line.utf8), adminAllowed: false, into: &out)
        #expect(out.last == 0x0A)
        return try #require(try JSONSerialization.jsonObject(with: Data(out.dropLast())) as? [String: Any])
    }

    /// The `invalid_request` message of a response, nil for any other response.
    func invalidRequest(_ line: String) throws -> String? {
        let response = try respond(line)
        guard let error = response["error"] as? [String: Any], error["code"] as? String == "invalid_request" else {
            return nil
        }
        return error["message"] as? String
    }

    static let edd =
        #""op":"edd","carrier":"ups","service":"ground","origin":{"postal":"94107"},"#
        + #""destination":{"postal":"10001"}"#
    static let risk = #""op":"risk","carrier":"ups","origin":{"postal":"10001"},"destination":{"postal":"02110"}"#

    @Test func theSupportedRangeIsFrom1900Through2199() throws {
        // Day numbers worked out by Foundation's Gregorian calendar, not by CivilDate.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        func dayNumber(_ y: Int, _ m: Int, _ d: Int) throws -> Int32 {
            let date = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d)))
            return Int32(date.timeIntervalSince1970 / 86_400)
        }
        #expect(CivilDate.supportedDays == (try dayNumber(1900, 1, 1))...(try dayNumber(2199, 12, 31)))
        #expect(CivilDate.firstSupported.description == "1900-01-01")
        #expect(CivilDate.lastSupported.description == "2199-12-31")
    }

    @Test func theIssuesYear9999RequestIsRefusedNamingOrderTime() throws {
        // Issue 10, item 1, byte for byte: it used to trap in HolidayRules.usFederal and take the daemon down.
        let line =
            #"{"op":"edd","carrier":"ups","service":"ground","origin":{"postal":"94107"},"destination":{"postal":"10001"},"order_time":"9999-10-01T00:00:00Z"}"#
        #expect(try invalidRequest(line) == "order_time must be a date from 1900-01-01 to 2199-12-31")
    }

    @Test(arguments: [
        ("order_time", #","order_time":"1899-12-31T23:59:59Z""#),
        ("order_time", #","order_time":"2200-01-01T00:00:00+14:00""#),
        ("ship_time", #","ship_time":"9999-12-31T23:59:59-12:00""#),
        ("ship_time", #","ship_time":"0000-01-01T00:00:00Z""#),
    ])
    func eddTimesOutsideTheRangeAreRefusedNamingTheField(field: String, member: String) throws {
        let message = try invalidRequest("{" + Self.edd + member + "}")
        #expect(message == "\(field) must be a date from 1900-01-01 to 2199-12-31")
    }

    @Test(arguments: [
        ("promised", #","promised":"9999-12-31""#),
        ("now", #","promised":"2026-11-30","now":"9999-12-31T12:00:00Z""#),
        (
            "scans[1].time",
            #","promised":"2026-11-30","scans":[{"code":"PICKED_UP","time":"2026-11-24T17:12:00Z"},{"code":"IN_TRANSIT","time":"9998-01-01T00:00:00Z"}]"#
        ),
        ("promised", #","promised":"1899-12-31""#),
    ])
    func riskDatesOutsideTheRangeAreRefusedNamingTheField(field: String, member: String) throws {
        let message = try invalidRequest("{" + Self.risk + member + "}")
        #expect(message == "\(field) must be a date from 1900-01-01 to 2199-12-31")
    }

    @Test func theRangeIsTheDateAsWrittenWhateverTheOffset() throws {
        // 2199-12-31T23:00:00-05:00 is 2200-01-01 in UTC, and 1900-01-01T01:00:00+05:00 is 1899-12-31 in UTC:
        // both are written inside the range, both are answered.
        for time in ["2199-12-31T23:00:00-05:00", "1900-01-01T01:00:00+05:00"] {
            let response = try respond(
                "{" + Self.edd + #","order_time":""# + time + #"","quantiles":[0.01,0.99],"distribution":true}"#)
            #expect(response["ok"] as? Bool == true, "\(time): \(response)")
        }
    }

    @Test func answersAtTheEdgesOfTheRangeAreDatesAfterTheOrder() throws {
        // The last supported day: every date in the answer is on or after it, written as YYYY-MM-DD.
        let late = try respond(
            "{" + Self.edd + #","order_time":"2199-12-31T12:00:00Z","quantiles":[0.5,0.99],"distribution":true}"#)
        let edd = try #require(late["edd"] as? String)
        #expect(edd.count == 10 && edd >= "2199-12-31")
        let distribution = try #require(late["distribution"] as? [[String: Any]])
        #expect(!distribution.isEmpty)
        for entry in distribution { #expect((entry["date"] as? String ?? "") >= "2199-12-31") }
        // The first supported day.
        let early = try respond("{" + Self.edd + #","ship_time":"1900-01-01T00:00:00Z","quantiles":[0.01]}"#)
        #expect((early["edd"] as? String ?? "") >= "1900-01-01")
        // A risk whose dates all sit at the end of the range.
        let risk = try respond(
            "{" + Self.risk
                + #","order_time":"2199-12-20T10:00:00Z","promised":"2199-12-31","now":"2199-12-31T23:00:00Z","#
                + #""scans":[{"code":"PICKED_UP","time":"2199-12-21T12:00:00Z"},{"code":"OUT_FOR_DELIVERY","time":"2199-12-31T08:00:00Z"}]}"#
        )
        #expect(risk["ok"] as? Bool == true, "\(risk)")
    }

    @Test func holidayRulesAreTotalForEveryYearACalendarCanMeet() {
        // Year 9999's New Year of the next year and the years CivilDate(year:) refuses used to trap.
        for year in [-10_000, -9_999, -1, 0, 1, 9_998, 9_999, 10_000, 2_000_000] {
            let us = HolidayRules.usFederal(year: year)
            #expect(us.count >= 9)  // ten, less New Year when it falls on a Saturday
            // Observed dates stay in their year: a Saturday New Year is observed on 31 December before.
            #expect(us.allSatisfy { $0.date.year == year })
            let brazil = HolidayRules.brazilNational(year: year)
            #expect(brazil.count >= 12 && brazil.allSatisfy { $0.date.year == year })
        }
    }

    @Test(arguments: [-1, -100, -401, -2_024, 0])
    func easterBeforeYearOneFollowsTheGregorianCycle(year: Int) {
        // The Gregorian computus repeats every 5,700,000 years, so a year before 1 has the month and day of
        // the same year 5,700,000 later, which the plain (positive-year) algorithm computes.
        let easter = HolidayRules.easterSunday(year: year)
        let later = HolidayRules.easterSunday(year: year + 5_700_000)
        #expect(easter.year == year)
        #expect(easter.month == later.month && easter.day == later.day)
        #expect(easter.weekday == 0)
    }

    @Test func calendarsCountDaysOutsideTheirTablesWithoutTrapping() throws {
        let calendar = BusinessCalendar.standard(country: "US")
        // 9999-12-31 is a Friday ((2,932,896 + 4) mod 7 = 5), and 10000-01-01 a Saturday whose New Year is
        // observed on that Friday: the next working day is Monday 10000-01-03.
        let endOf9999 = try #require(CivilDate("9999-12-31"))
        #expect(!calendar.isWorkingDay(endOf9999))
        #expect(calendar.addingWorkingDays(1, to: endOf9999).description == "10000-01-03")
        let first = try #require(CivilDate("0000-01-01"))
        // 0000-01-01 is a Saturday (proleptic), so the 3rd working day after it is Wednesday 0000-01-05,
        // 1 January itself being no holiday: a Saturday New Year is observed on the Friday before.
        #expect(calendar.addingWorkingDays(3, to: first).description == "0000-01-05")
    }
}

/// The calendars' precomputed table agrees with the rules it is built from, day by day, over the whole
/// supported range and its margins.
@Suite struct CalendarTableTests {
    @Test(arguments: ["US", "BR", nil] as [String?])
    func theTableAgreesWithTheRulesAtTheEdgesOfTheRange(country: String?) throws {
        let closure = try #require(CivilDate("2199-12-30"))
        let calendar = BusinessCalendar(weekdays: .mondayToSaturday, holidayCountry: country, closures: [closure])
        let table = BusinessCalendar.Table(
            weekdays: .mondayToSaturday, holidayCountry: country, closures: [closure])
        for year in [1899, 1900, 2026, 2100, 2199, 2209] {
            var day = try #require(CivilDate(year: year, month: 1, day: 1))
            while day.year == year {
                #expect(calendar.isWorkingDay(day) == table.ruleSaysWorking(day), "\(day)")
                day = day.adding(days: 1)
            }
        }
        #expect(!calendar.isWorkingDay(closure))
    }
}
