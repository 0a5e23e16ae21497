@testable import EDDCore
@testable import EDDTraining
import Testing

/// The stated range's two ends chosen jointly (``DeliveryForecast/centralRange(_:coverage:)``).
@Suite struct CentralRangeTests {
    /// Running sums of day probabilities.
    static func cdf(_ p: [Double]) -> [Double] {
        var s = 0.0
        return p.map {
            s += $0
            return s
        }
    }

    @Test func theEndsLeaveOutWhatTheTwoQuantilesWasted() {
        // P = 0.05, 0.12, 0.50, 0.20, 0.10, 0.03 on days 0…5; F = 0.05, 0.17, 0.67, 0.87, 0.97, 1.
        let f = Self.cdf([0.05, 0.12, 0.5, 0.2, 0.1, 0.03])
        // 80%: q0.1 = day 1, q0.9 = day 4, holding 0.97 − 0.05 = 0.92. Leaving out day 1 keeps 0.80 (tails
        // 0.17 below, 0.03 above), leaving out day 4 keeps 0.82 (tails 0.05, 0.13): the larger tail is
        // smaller without day 4. Then neither day 1 (0.70 left) nor day 3 (0.62) can go.
        #expect(DeliveryForecast.centralRange(f, coverage: 0.8) == 1...3)
        // 90%: q0.05 = day 0 (F = 0.05 reaches 0.05), q0.95 = day 4, holding 0.97. Without day 0: 0.92 ≥ 0.9;
        // without day 4: 0.87, too little. Then without day 1: 0.80, without day 4: 0.82, both too little.
        #expect(DeliveryForecast.centralRange(f, coverage: 0.9) == 1...4)
    }

    @Test func aSymmetricDistributionLeavesOutItsLevelEvenly() {
        // 0.1, 0.1, 0.6, 0.1, 0.1: [q0.1, q0.9] = days 0…3 holds 0.9. Without day 0 it holds 0.8 with 0.1 left
        // out each side; without day 3 also 0.8, but 0.2 above: day 0 goes. Nothing more can.
        let f = Self.cdf([0.1, 0.1, 0.6, 0.1, 0.1])
        #expect(DeliveryForecast.centralRange(f, coverage: 0.8) == 1...3)
    }

    @Test func daysWithoutProbabilityNeverEndARangeAndItNeverHoldsLess() {
        // Half on day 1, half on day 4 (a weekend between): no end can go without leaving 0.5.
        #expect(DeliveryForecast.centralRange(Self.cdf([0, 0.5, 0, 0, 0.5]), coverage: 0.8) == 1...4)
        // A point mass: that day.
        #expect(DeliveryForecast.centralRange([0, 0, 1], coverage: 0.8) == 2...2)
        // Zero-probability days inside the quantile range's ends: 0.02 on day 0, then days 1–2 empty, 0.9 on
        // day 3, days 4–5 empty, 0.08 in the tail (day 6). 80%: q0.1 = day 3, q0.9 = day 3.
        #expect(DeliveryForecast.centralRange(Self.cdf([0.02, 0, 0, 0.9, 0, 0, 0.08]), coverage: 0.8) == 3...3)
        // 95%: q0.025 = day 3, q0.975 = day 6 (the tail); day 6 cannot go (0.9 left).
        #expect(DeliveryForecast.centralRange(Self.cdf([0.02, 0, 0, 0.9, 0, 0, 0.08]), coverage: 0.95) == 3...6)
    }

    /// On many pseudo-random distributions: the range holds its level, lies within [q_(1−c)/2, q_(1+c)/2],
    /// and neither end day can be left out without holding less.
    @Test func onAnyDistributionTheRangeHoldsItsLevelAndCannotShrink() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for trial in 0..<500 {
            let n = 1 + trial % 25
            // Some days empty, as weekends and thin tails are.
            let raw = (0..<n).map { _ in next() < 0.3 ? 0 : next() * next() }
            let total = raw.reduce(0, +)
            guard total > 0 else { continue }
            let f = Self.cdf(raw.map { $0 / total })
            var cdf = f
            cdf[n - 1] = 1
            for coverage in [0.5, 0.8, 0.9, 0.95] {
                let r = DeliveryForecast.centralRange(cdf, coverage: coverage)
                func below(_ k: Int) -> Double { k == 0 ? 0 : cdf[k - 1] }
                let mass = cdf[r.upperBound] - below(r.lowerBound)
                #expect(mass >= coverage - 1e-9, "trial \(trial) at \(coverage): holds \(mass)")
                let low = cdf.firstIndex { $0 >= (1 - coverage) / 2 - 1e-9 }!
                let high = cdf.firstIndex { $0 >= (1 + coverage) / 2 - 1e-9 }!
                #expect(r.lowerBound >= low && r.upperBound <= high)
                if r.lowerBound < r.upperBound {
                    #expect(cdf[r.upperBound] - cdf[r.lowerBound] < coverage - 1e-9, "trial \(trial): low end")
                    #expect(cdf[r.upperBound - 1] - below(r.lowerBound) < coverage - 1e-9, "trial \(trial): high")
                }
            }
        }
    }

    @Test func theBacktestCountsTheStatedRangeAndStillReportsTheQuantiles() throws {
        // y = 3 and y = 6, quantiles 0.05…0.95 as listed; stated 80% ranges 4…5 both, 90% ranges 3…6 both.
        let q = [3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7]
        let records = [
            BacktestRecord(
                fold: "f", laneGroup: "g", actualDays: 3, quantileDays: q, confidenceDays: [],
                rangeDays: [4...5, 3...6]),
            BacktestRecord(
                fold: "f", laneGroup: "g", actualDays: 6, quantileDays: q, confidenceDays: [],
                rangeDays: [4...5, 3...6]),
        ]
        let m = BacktestMetrics.compute(records)
        // 80%: y = 3 below 4…5, y = 6 above it; 90%: both inside.
        #expect(m.cov80 == 0 && m.cov90 == 1)
        #expect(m.width80 == 1 && m.width90 == 3)
        // [q0.1, q0.9] = 4…6: only y = 6; [q0.05, q0.95] = 3…7: both.
        #expect(m.cov80Quantiles == 0.5 && m.cov90Quantiles == 1)
        #expect(m.jsonObject()["cov80_quantiles"] as? Double == 0.5)
    }
}
