@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// Kaplan–Meier, Wilson intervals and the change tests against hand computations.
@Suite struct PerformanceStatisticsTests {
    /// Six parcels: delivered after 1, 1, 2 and 4 working days; still in transit after 1 and after 3.
    static var toy: DayTally {
        var t = DayTally()
        for d in [1, 1, 2, 4] { t.addEvent(d) }
        for d in [1, 3] { t.addCensored(d) }
        return t
    }

    @Test func kaplanMeierMatchesAHandComputationWithCensoredParcels() throws {
        // Day 1: 6 at risk, 2 delivered → S = 4/6. The parcel censored at 1 then leaves: 3 at risk.
        // Day 2: 1 of 3 → S = 4/6 · 2/3 = 4/9. Day 3: 2 at risk, none delivered (one censored) → 4/9.
        // Day 4: 1 of 1 → S = 0.
        let km = KaplanMeier(Self.toy)
        let expected = [1, 2.0 / 3, 4.0 / 9, 4.0 / 9, 0]
        #expect(km.survival.count == expected.count)
        for (s, e) in zip(km.survival, expected) { #expect(abs(s - e) < 1e-12) }
        let shares = try #require(km.shares())
        let hand = [0, 1.0 / 3, 2.0 / 9, 0, 4.0 / 9, 0, 0, 0, 0, 0, 0]
        for (s, h) in zip(shares, hand) { #expect(abs(s - h) < 1e-12) }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        // F(1) = 1/3 < 1/2 ≤ F(2) = 5/9; F(4) = 1.
        #expect(km.quantile(0.5) == 2)
        #expect(km.quantile(0.9) == 4)
        #expect(km.entered == 6)
    }

    @Test func droppingTheCensoredParcelsWouldUnderstateTheTail() throws {
        // The naive share of "delivered within 2 days" among delivered parcels only is 3/4; Kaplan–Meier's 5/9
        // keeps the slow parcels still in transit in the denominator.
        let km = KaplanMeier(Self.toy)
        #expect(abs(km.cumulative(2) - 5.0 / 9) < 1e-12)
    }

    @Test func massTheDataCannotPlaceGoesToTheLastShare() throws {
        // One delivered same day, one still in transit after 2 days: S stays 1/2 after day 0.
        var t = DayTally()
        t.addEvent(0)
        t.addCensored(2)
        let shares = try #require(KaplanMeier(t).shares())
        #expect(abs(shares[0] - 0.5) < 1e-12)
        #expect(abs(shares[10] - 0.5) < 1e-12)
        #expect(KaplanMeier(t).quantile(0.5) == 0)
        #expect(KaplanMeier(t).quantile(0.9) == nil)
        #expect(KaplanMeier(DayTally()).shares() == nil)
    }

    @Test func withoutCensoringKaplanMeierIsTheEmpiricalDistribution() throws {
        var t = DayTally()
        let days = [0, 2, 2, 3, 3, 3, 5, 11, 12, 40]
        for d in days { t.addEvent(d) }
        let shares = try #require(KaplanMeier(t).shares())
        for k in 0..<10 { #expect(abs(shares[k] - Double(days.filter { $0 == k }.count) / 10) < 1e-12) }
        #expect(abs(shares[10] - 0.3) < 1e-12)
        // Fifth of ten sorted values is 3.
        #expect(KaplanMeier(t).quantile(0.5) == 3)
    }

    @Test func wilsonIntervalOfEightInTen() {
        // (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = 0.8, n = 10, z = 1.96: 0.4902 … 0.9433.
        let w = WilsonInterval(successes: 8, trials: 10)
        #expect(abs(w.low! - 0.4902) < 1e-4)
        #expect(abs(w.high! - 0.9433) < 1e-4)
        #expect(w.rate == 0.8)
        let none = WilsonInterval(successes: 0, trials: 0)
        #expect(none.rate == nil && none.low == nil)
        // Never outside [0, 1], even at the ends.
        let all = WilsonInterval(successes: 5, trials: 5)
        #expect(all.high! <= 1 && all.low! > 0.5)
    }

    @Test func logRankMatchesAHandComputation() {
        // A delivered after 1 and 2 days, B after 2 and 3. Day 1: 4 at risk (2, 2), one event from A:
        // E_B = 1/2, V = 1/4. Day 2: 3 at risk (1, 2), one each: E_B = 4/3, O_B = 1, V = 2·(1/3)(2/3)(1/2) = 2/9.
        // Day 3 has one at risk and adds nothing. z = (E − O)/√V = (5/6)/√(17/36) = 5/√17.
        var a = DayTally()
        a.addEvent(1)
        a.addEvent(2)
        var b = DayTally()
        b.addEvent(2)
        b.addEvent(3)
        let (z, p) = ChangeTest.logRank(a, b)
        #expect(abs(z - 5 / 17.0.squareRoot()) < 1e-12)
        #expect(abs(p - erfc(5 / 17.0.squareRoot() / 2.0.squareRoot())) < 1e-12)
        // Swapping the samples flips the sign; identical samples show nothing.
        #expect(abs(ChangeTest.logRank(b, a).z + z) < 1e-12)
        #expect(ChangeTest.logRank(a, a).z == 0)
    }

    @Test func twoProportionTestMatchesTheFormula() {
        // 50/100 against 60/100: pooled 0.55, se = √(0.55·0.45·0.02) = 0.0703562, z = 0.1/se = 1.42134.
        let (z, p) = ChangeTest.twoProportions(50, 100, 60, 100)
        #expect(abs(z - 1.42134) < 1e-4)
        #expect(abs(p - 0.15522) < 1e-4)
        #expect(ChangeTest.twoProportions(0, 0, 1, 2).p == 1)
    }

    @Test func benjaminiHochbergAdjustsByRank() {
        // Sorted 0.01, 0.03, 0.04, 0.5 → 0.04, 0.06, 0.0533, 0.5, then the running minimum from the top.
        let q = ChangeTest.benjaminiHochberg([0.01, 0.04, 0.03, 0.5])
        let expected = [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5]
        for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func fromAfterToIsAUsageError() {
        #expect(throws: ReportError(.reversedRange, "--from 2026-05-02 is after --to 2026-05-01")) {
            try PerformanceOptions(
                from: CivilDate(year: 2026, month: 5, day: 2), to: CivilDate(year: 2026, month: 5, day: 1))
        }
    }
}
