import EDDCore
import EDDTraining
import Testing

/// The derived calibration window on feeds worked by hand.
@Suite struct CalibrationWindowTests {
    static let asOf = Instant(seconds: 1_800_000_000)
    /// `n` shipments, one an hour back from the cut-off: the k-th (from 1) is k/24 days old.
    static func hourly(_ n: Int) -> [Instant] { (1...n).map { asOf.adding(seconds: -Int64($0) * 3_600) } }

    @Test func theWindowReachesPastTheSlowOrdersToTheTargetCount() {
        // Completed times 1…10 days: the 90th percentile is the 9th of 10, 9 days. Shipments of 9 days or
        // older are k ≥ 216; the 2,000th of them is k = 2,215, 92.29 days old: 93 days. The oldest of 6,000 is
        // 250 days old, so half the span (125) does not bind.
        let w = CalibrationWindow.derive(
            completedDays: (1...10).map(Double.init), references: Self.hourly(6_000), asOf: Self.asOf)
        #expect(w.days == 93, "\(w)")
        #expect(w.reason.contains("within 9 days") && w.reason.contains("2000 shipments within 93 days"))
    }

    @Test func theWindowKeepsToHalfTheFeed() {
        // 3,000 shipments: the oldest is 125 days old, half of it 62 (rounded down) < 93.
        let w = CalibrationWindow.derive(
            completedDays: (1...10).map(Double.init), references: Self.hourly(3_000), asOf: Self.asOf)
        #expect(w.days == 62, "\(w)")
        #expect(w.reason.contains("half the feed"))
    }

    @Test func aLongLeadFeedGetsAWindowLongerThanItsDurations() {
        // Freight: 200 completed shipments taking 30…229 days (p90 = the 180th, 209 days); one shipment a
        // day for 600 days. Beyond 209 days there are 391 shipments (ages 210…600), all of them: 600 days,
        // kept to half the feed, 300. Never shorter than the 209 days nine in ten need.
        let references = (1...600).map { Self.asOf.adding(seconds: -Int64($0) * 86_400) }
        let w = CalibrationWindow.derive(
            completedDays: (30..<230).map(Double.init), references: references, asOf: Self.asOf)
        #expect(w.days == 300, "\(w)")
    }

    @Test func withoutDataOrOnAFastFeedTheWindowIsSixWeeks() {
        #expect(CalibrationWindow.derive(completedDays: [], references: [], asOf: Self.asOf).days == 42)
        // Completed in 1…10 days (p90 9), 20,000 shipments three minutes apart (480 a day, the k-th k/480
        // days old): those of 9 days or more start at k = 4,320, the 2,000th of them is k = 6,319, 13.2 days
        // old: 14 days, below the six-week floor.
        let busy = (1...20_000).map { Self.asOf.adding(seconds: -Int64($0) * 180) }
        let w = CalibrationWindow.derive(completedDays: (1...10).map(Double.init), references: busy, asOf: Self.asOf)
        #expect(w.days == 42, "\(w)")
    }

    @Test func wholeAndFractionalAgesRoundUpOnlyWhenFractional() {
        // Completed in 2.5 days each: p90 = 3 days (rounded up). One shipment a day, exactly k days old
        // (k = 1…5,000): those of 3 days or more are k ≥ 3, the 2,000th of them is 2,002 days old, exactly,
        // so 2,002 days; half the feed (2,500) does not bind.
        let whole = (1...5_000).map { Self.asOf.adding(seconds: -Int64($0) * 86_400) }
        let w = CalibrationWindow.derive(
            completedDays: [Double](repeating: 2.5, count: 10), references: whole, asOf: Self.asOf)
        #expect(w.days == 2_002, "\(w)")
        #expect(w.reason.contains("within 3 days"))
        // Half a day older each (k + 0.5 days): the 2,000th of those past 3 days is 2,002.5 days old: 2,003.
        let halves = (1...5_000).map { Self.asOf.adding(seconds: -Int64($0) * 86_400 - 43_200) }
        let h = CalibrationWindow.derive(
            completedDays: [Double](repeating: 2.5, count: 10), references: halves, asOf: Self.asOf)
        #expect(h.days == 2_003, "\(h)")
    }
}
