@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

/// The work of one request is bounded by the model's horizon, not by how far apart its dates are: measured
/// as the days the business calendars look at one by one (``BusinessCalendar/WorkMeter``), never by a clock.
@Suite struct RequestWorkTests {
    /// A service whose clock says 2026-11-18 (a Wednesday).
    static let service = QueryService(
        model: ModelFileTests.smallModel(), path: nil, clock: { Instant(seconds: 1_795_500_000) })

    static let lane =
        #""carrier":"ups","service":"ground","origin":{"postal":"10001"},"destination":{"postal":"02110"}"#

    /// The days counted while answering `line`, and the response.
    func work(_ line: String) throws -> (days: Int, response: [String: Any]) {
        let service = Self.service  // built (and its model fitted) before the meter is installed
        let meter = BusinessCalendar.WorkMeter()
        var out: [UInt8] = []
        BusinessCalendar.WorkMeter.$current.withValue(meter) {
            service.respond(line: Array(line.utf8), adminAllowed: false, into: &out)
        }
        let response = try #require(try JSONSerialization.jsonObject(with: Data(out.dropLast())) as? [String: Any])
        return (meter.days, response)
    }

    /// What an in-range request may cost beyond a request dated this year: the in-table scans of a few
    /// horizons (each `addingWorkingDays` steps over at most the non-working days of one horizon).
    static let slack = 2 * DayHistogram.buckets

    @Test func aRiskOrderedLongAgoCostsNoMoreThanOneOrderedThisWeek() throws {
        // Picked up, assessed now (the clock): the elapsed working days span 127 years for the first request.
        // Before the tables covered 1900-2199 this walked the 32,000 days from 1900 to 1990 one at a time,
        // working out each day's holidays.
        let normal = try work(
            "{\"op\":\"risk\"," + Self.lane + #","order_time":"2026-11-16T10:00:00-05:00","promised":"2026-11-20","#
                + #""scans":[{"code":"PICKED_UP","time":"2026-11-17T12:00:00-05:00"}]}"#)
        let old = try work(
            "{\"op\":\"risk\"," + Self.lane + #","order_time":"1900-01-02T10:00:00-05:00","promised":"1900-01-10","#
                + #""scans":[{"code":"PICKED_UP","time":"1900-01-03T12:00:00-05:00"}]}"#)
        #expect(normal.response["ok"] as? Bool == true && old.response["ok"] as? Bool == true)
        #expect(old.days <= 2 * normal.days + Self.slack, "1900: \(old.days) days, 2026: \(normal.days)")
    }

    @Test func aParcelNeverPickedUpSinceLongAgoCostsNoMoreThanOneFromThisWeek() throws {
        let normal = try work(
            "{\"op\":\"risk\"," + Self.lane + #","order_time":"2026-11-16T10:00:00-05:00","promised":"2026-11-20"}"#)
        let old = try work(
            "{\"op\":\"risk\"," + Self.lane + #","order_time":"1900-01-02T10:00:00-05:00","promised":"1900-01-10"}"#)
        #expect(normal.response["ok"] as? Bool == true && old.response["ok"] as? Bool == true)
        #expect(old.days <= 2 * normal.days + Self.slack, "1900: \(old.days) days, 2026: \(normal.days)")
    }

    @Test func anEDDAtTheEndOfTheRangeCostsNoMoreThanOneThisYear() throws {
        // Every answer date past the range's end: quantiles and the whole distribution.
        let levels = (1...99).map { String(Double($0) / 100) }.joined(separator: ",")
        func line(_ time: String) -> String {
            "{\"op\":\"edd\"," + Self.lane + #","order_time":""# + time + #"","distribution":true,"quantiles":["#
                + levels + "]}"
        }
        let normal = try work(line("2026-11-18T10:00:00-05:00"))
        let late = try work(line("2199-12-31T10:00:00-05:00"))
        #expect(normal.response["ok"] as? Bool == true && late.response["ok"] as? Bool == true)
        #expect(late.days <= 2 * normal.days + Self.slack, "2199: \(late.days) days, 2026: \(normal.days)")
    }

    @Test func datesOfOneRequestMayBeThreeYearsApartButNoMore() throws {
        func risk(order: String, promised: String, now: String, scan: String) -> String {
            "{\"op\":\"risk\"," + Self.lane + #","order_time":""# + order + #"","promised":""# + promised
                + #"","now":""# + now + #"","scans":[{"code":"PICKED_UP","time":""# + scan + #""}]}"#
        }
        func message(_ response: [String: Any]) -> String? {
            (response["error"] as? [String: Any])?["message"] as? String
        }
        // 2026-11-16 + 1,096 days = 2029-11-16 (2028 is a leap year: 365 + 366 + 365).
        let ok = try work(
            risk(
                order: "2026-11-16T10:00:00Z", promised: "2029-11-16", now: "2027-01-01T00:00:00Z",
                scan: "2026-11-17T00:00:00Z"))
        #expect(ok.response["ok"] as? Bool == true, "\(ok.response)")
        let promised = try work(
            risk(
                order: "2026-11-16T10:00:00Z", promised: "2029-11-17", now: "2027-01-01T00:00:00Z",
                scan: "2026-11-17T00:00:00Z"))
        #expect(message(promised.response) == "promised must be within 1096 days of order_time")
        let scan = try work(
            risk(
                order: "2026-11-16T10:00:00Z", promised: "2029-11-16", now: "2027-01-01T00:00:00Z",
                scan: "2026-11-15T00:00:00Z"))
        #expect(message(scan.response) == "scans[0].time must be within 1096 days of promised")
        let now = try work(
            risk(
                order: "2026-11-16T10:00:00Z", promised: "2026-11-20", now: "1990-01-01T00:00:00Z",
                scan: "2026-11-17T00:00:00Z"))
        #expect(message(now.response) == "now must be within 1096 days of order_time")
        let edd = try work(
            "{\"op\":\"edd\"," + Self.lane
                + #","order_time":"1900-01-01T10:00:00Z","ship_time":"2199-01-01T00:00:00Z"}"#)
        #expect(message(edd.response) == "order_time must be within 1096 days of ship_time")
    }

    @Test func theMeterCountsDaysWalkedOutsideTheTables() throws {
        // A check that the meter measures what it says. From Friday 9999-12-17 (14 days before the Friday
        // 9999-12-31), ten working days: Dec 20-23, Dec 27-30, Jan 3-4 of 10000, because Christmas (a Saturday)
        // is observed on Friday Dec 24 and New Year 10000 (a Saturday) on Friday Dec 31. That walks the 18 days
        // Dec 18 … Jan 4, and works out the holidays of each of its 12 weekdays.
        let calendar = BusinessCalendar.standard(country: "US")
        let meter = BusinessCalendar.WorkMeter()
        let date = BusinessCalendar.WorkMeter.$current.withValue(meter) {
            calendar.addingWorkingDays(10, to: CivilDate("9999-12-17")!)
        }
        #expect(date.description == "10000-01-04")
        #expect(meter.days == 18 + 12)
    }
}
