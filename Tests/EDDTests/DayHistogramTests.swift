@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct DayHistogramTests {
    @Test func tenKnownDurationsGiveTheirExactQuantiles() throws {
        var h = DayHistogram()
        for d in [1, 2, 2, 3, 3, 3, 4, 5, 7, 9] { h.addEvent(days: d, weight: 1) }
        let km = try #require(h.kaplanMeier())
        // Empirical CDF: 1→0.1, 2→0.3, 3→0.6, 4→0.7, 5→0.8, 7→0.9, 9→1.0.
        #expect(km.quantile(0.1) == 1)
        #expect(km.quantile(0.25) == 2)
        #expect(km.quantile(0.5) == 3)
        #expect(km.quantile(0.75) == 5)
        #expect(km.quantile(0.9) == 7)
        #expect(km.quantile(0.95) == 9)
        #expect(abs(km.cdf(3) - 0.6) < 1e-12)
        #expect(abs(km.mean - 3.9) < 1e-12)  // (1+2+2+3+3+3+4+5+7+9) / 10
    }

    @Test func kaplanMeierWithCensoredRowsMatchesAHandComputation() throws {
        // Deliveries after 1, 2 and 4 days; one parcel still under way after 2 days.
        // By hand: S(1) = 3/4; S(2) = 3/4 · 2/3 = 1/2 (the censored one is at risk on day 2, then leaves);
        // S(4) = 1/2 · (1 − 1/1) = 0. So P(1) = 1/4, P(2) = 1/4, P(4) = 1/2.
        var h = DayHistogram()
        h.addEvent(days: 1, weight: 1)
        h.addEvent(days: 2, weight: 1)
        h.addCensored(days: 2, weight: 1)
        h.addEvent(days: 4, weight: 1)
        let p = try #require(h.kaplanMeier()).probabilities
        #expect(abs(p[1] - 0.25) < 1e-12)
        #expect(abs(p[2] - 0.25) < 1e-12)
        #expect(abs(p[4] - 0.5) < 1e-12)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
    }

    @Test func massThatOnlyCensoredShipmentsReachGoesToTheTail() throws {
        // One delivery after 1 day, one still under way after 5: KM puts 1/2 at day 1 and cannot place the rest.
        var h = DayHistogram()
        h.addEvent(days: 1, weight: 1)
        h.addCensored(days: 5, weight: 1)
        let p = try #require(h.kaplanMeier()).probabilities
        #expect(abs(p[1] - 0.5) < 1e-12)
        #expect(abs(p[DayHistogram.buckets - 1] - 0.5) < 1e-12)
    }

    @Test func weightsCountAsFractionalShipments() throws {
        var h = DayHistogram()
        h.addEvent(days: 2, weight: 3)
        h.addEvent(days: 4, weight: 1)
        let km = try #require(h.kaplanMeier())
        #expect(abs(km.probabilities[2] - 0.75) < 1e-12)
        #expect(h.eventCount == 2)
    }

    @Test func convolutionAddsIndependentDurations() {
        // Handling 0 or 1 day (½ each) plus transit 2 or 3 days (½ each): 2 → ¼, 3 → ½, 4 → ¼.
        let a = DayDistribution(probabilities: [0.5, 0.5] + Array(repeating: 0, count: 62))
        let b = DayDistribution(probabilities: [0, 0, 0.5, 0.5] + Array(repeating: 0, count: 60))
        let c = a.convolved(with: b).probabilities
        #expect(abs(c[2] - 0.25) < 1e-12 && abs(c[3] - 0.5) < 1e-12 && abs(c[4] - 0.25) < 1e-12)
    }

    @Test func quantilesAreMonotoneInTheLevel() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let p = (0..<DayHistogram.buckets).map { _ in rng.unit() < 0.3 ? rng.unit() : 0 }
            let d = DayDistribution(probabilities: p)
            var last = -1
            for tau in stride(from: 0.01, through: 0.99, by: 0.01) {
                let q = d.quantile(tau)
                #expect(q >= last)
                last = q
            }
        }
    }
}
