@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The report on a hand-made scan file (Fixtures/performance-toy-scans.csv), every figure worked out by hand.
///
/// Nine `ups ground` parcels from 94107 (Pacific) to 10001 (Eastern), ordered in the weeks of Monday 2 and
/// Monday 9 March 2026 (no US holiday; the carrier's calendar is Monday–Friday, since fewer than 100
/// deliveries cannot show weekend work). Transit in working days after the hand-off date, promises in
/// calendar days:
///
/// | parcel | order | hand-off | delivered | transit | order → delivery | promised | days late |
/// | --- | --- | --- | --- | --- | --- | --- | --- |
/// | a | Mon 2 | Mon 2 | Tue 3 | 1 | 1 | 4 | −1 |
/// | b | Mon 2 | Mon 2 | Thu 5 | 3 | 3 | 4 | +1 |
/// | c | Tue 3 | Wed 4 | Fri 6 | 2 | 3 | 6 | 0 |
/// | d | Wed 4 | Wed 4 | Mon 9 | 3 (Thu, Fri, Mon) | 3 | 6 | +3 |
/// | e | Thu 5 | Thu 5 | Thu 5 | 0 | 0 | 9 | −4 |
/// | f | Mon 9 | Mon 9 | Wed 11 | 2 | 2 | 11 | 0 |
/// | g | Mon 9 | Mon 9 | – | censored at 4 | censored at 4 | 12 | missed |
/// | h | Tue 10 | Tue 10 | Mon 16 | 4 | 4 | 12 | +4 |
/// | i | Wed 11 | Wed 11 | – | censored at 2 | censored at 2 | 20 | not yet due |
///
/// The last scan is h's delivery on Monday 16, so the cut-off is one second later and the last fully observed
/// day is Sunday 15: g has been under way Tue–Fri (4 working days), i Thu–Fri (2). Parcel i carries one row
/// with an unknown event code, rejected and counted.
@Suite struct PerformanceHandMadeFeedTests {
    static let report: PerformanceReport = {
        let url = Bundle.module.url(
            forResource: "performance-toy-scans", withExtension: "csv", subdirectory: "Fixtures")!
        let result = try! ScanIngestion.read(text: String(contentsOf: url, encoding: .utf8))
        var options = try! PerformanceOptions(period: .week)
        options.calendars = CarrierCalendars().completed(from: result.timelines)
        return PerformanceAnalyzer.analyze(
            timelines: result.timelines, ingest: result.summary, options: options, title: "toy")
    }()

    static func row(_ measure: String, _ period: String) throws -> PerformanceReport.DistributionRow {
        try #require(report.distributions.first { $0.measure == measure && $0.kind == "all" && $0.period == period })
    }

    static func expectShares(_ row: PerformanceReport.DistributionRow, _ hand: [Double]) throws {
        let shares = try #require(row.shares)
        #expect(shares.count == 11)
        for k in 0...10 {
            let h = k < hand.count ? hand[k] : 0
            #expect(abs(shares[k] - h) < 1e-12, "\(row.measure) \(row.period) day \(k): \(shares[k]) vs \(h)")
        }
    }

    @Test func overviewCountsOutcomesAndTheRejectedRow() {
        let o = Self.report.overview
        #expect(o.shipments == 9)
        #expect(o.outcomes == ["delivered": 7, "in_transit": 2, "lost": 0, "returned": 0, "canceled": 0])
        #expect(abs(o.outcomeShares["delivered"]! - 7.0 / 9) < 1e-12)
        #expect(abs(o.outcomeShares["in_transit"]! - 2.0 / 9) < 1e-12)
        #expect(o.outcomeShares["lost"] == 0)
        #expect(o.rowsRead == 28 && o.rejectedTotal == 1 && o.rejected["unknown_event"] == 1)
        #expect(Self.report.window.periods == ["2026-03-02", "2026-03-09"])
        #expect(Self.report.window.from == "2026-03-02" && Self.report.window.to == "2026-03-11")
    }

    @Test func aWeekWithoutCensoringIsTheEmpiricalShareOfEachDay() throws {
        // Transit 1, 3, 2, 3, 0: one fifth each on days 0, 1, 2, two fifths on day 3; the median is the third
        // of five (2), the 90th percentile the fifth (3).
        let week = try Self.row("transit", "2026-03-02")
        try Self.expectShares(week, [0.2, 0.2, 0.2, 0.4])
        #expect(week.shipments == 5 && week.delivered == 5 && week.censored == 0)
        #expect(week.median == 2 && week.p90 == 3)
        // Order → delivery 1, 3, 3, 3, 0.
        let total = try Self.row("order_to_delivery", "2026-03-02")
        try Self.expectShares(total, [0.2, 0.2, 0, 0.6])
        #expect(total.median == 3 && total.p90 == 3)
    }

    @Test func aWeekWithCensoredParcelsFollowsKaplanMeier() throws {
        // f done at 2, h at 4; i censored at 2, g at 4. Day 2: 4 at risk, 1 done → S = 3/4; i leaves, 2 at
        // risk. Day 4: 1 of 2 done (done before censored) → S = 3/8, and nobody is left: 3/8 stays in 10+.
        let week = try Self.row("transit", "2026-03-09")
        try Self.expectShares(week, [0, 0, 1.0 / 4, 0, 3.0 / 8, 0, 0, 0, 0, 0, 3.0 / 8])
        #expect(week.shipments == 4 && week.delivered == 2 && week.censored == 2)
        // F(2) = 1/4, F(4) = 5/8: the median is 4; F never reaches 0.9, so there is no p90.
        #expect(week.median == 4 && week.p90 == nil)
        // Dropping the two censored parcels would have claimed half done by day 2.
    }

    @Test func theWindowPoolsBothWeeksInOneKaplanMeierEstimate() throws {
        // Done at 0, 1, 2, 2, 3, 3, 4; censored at 2 and 4; 9 at risk. S: day 0 8/9, day 1 7/9, day 2
        // 7/9·5/7 = 5/9 (then 4 at risk), day 3 5/9·2/4 = 5/18 (2 at risk), day 4 5/18·1/2 = 5/36.
        let window = try Self.row("transit", "all")
        try Self.expectShares(window, [1.0 / 9, 1.0 / 9, 2.0 / 9, 5.0 / 18, 5.0 / 36, 0, 0, 0, 0, 0, 5.0 / 36])
        // F(2) = 4/9 < 1/2 ≤ F(3) = 13/18; F(4) = 31/36 < 0.9.
        #expect(window.median == 3 && window.p90 == nil)
        // Order → delivery: done at 0, 1, 2, 3, 3, 3, 4, censored at 2 and 4. S: 8/9, 7/9, 7/9·6/7 = 2/3
        // (then 5 at risk), 2/3·2/5 = 4/15 (2 at risk), 4/15·1/2 = 2/15.
        let total = try Self.row("order_to_delivery", "all")
        try Self.expectShares(
            total, [1.0 / 9, 1.0 / 9, 1.0 / 9, 2.0 / 3 - 4.0 / 15, 2.0 / 15, 0, 0, 0, 0, 0, 2.0 / 15])
        #expect(total.median == 3)
    }

    @Test func onTimeRatesCarryHandComputedWilsonIntervals() throws {
        // Wilson: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
        // Week 1: a, c, e on time of 5 → 0.6 in 0.2307–0.8824; mean days late (−1 + 1 + 0 + 3 − 4)/5 = −0.2.
        // Week 2: f on time, h late, g missed, i not due yet → 1 of 3 in 0.0615–0.7923; mean (0 + 4)/2 = 2.
        // Window: 4 of 8 → 0.5 in 0.2152–0.7848; mean 3/7.
        let hand: [(String, Int, Int, Double, Double, Double)] = [
            ("2026-03-02", 5, 3, 0.230_724, 0.882_379, -0.2), ("2026-03-09", 3, 1, 0.061_492, 0.792_340, 2),
            ("all", 8, 4, 0.215_216, 0.784_784, 3.0 / 7),
        ]
        for kind in ["all", "carrier_service", "destination_region"] {
            for (period, n, onTime, low, high, late) in hand {
                let p = try #require(Self.report.promise.first { $0.kind == kind && $0.period == period })
                #expect(p.shipments == n && p.onTime == onTime && p.late == n - onTime)
                #expect(abs(try #require(p.rate) - Double(onTime) / Double(n)) < 1e-12)
                #expect(abs(try #require(p.rateLow) - low) < 1e-5, "\(kind) \(period)")
                #expect(abs(try #require(p.rateHigh) - high) < 1e-5, "\(kind) \(period)")
                #expect(abs(try #require(p.meanDaysLate) - late) < 1e-12)
            }
        }
    }

    @Test func theScorecardReadsTheSameParcels() throws {
        let card = try #require(Self.report.scorecards.first { $0.kind == "carrier_service" })
        #expect(card.group == "ups ground" && card.shipments == 9 && card.delivered == 7 && card.small)
        // Handling: c waited a day, everyone else left on the order's date.
        #expect(card.handlingMedian == 0)
        #expect(card.transitMedian == 3 && card.transitP90 == nil)
        #expect(card.onTimeRate == 0.5 && card.promiseShipments == 8)
        #expect(card.lostRate == 0 && card.returnedRate == 0)
    }
}
