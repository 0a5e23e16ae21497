@testable import EDDCore
import Foundation
import Testing

/// The calibration map's recency weights and the weighted Kaplan–Meier behind it, against values worked out
/// by hand.
@Suite struct CalibrationMapRecencyTests {
    /// Two equally likely days: F(−1) = 0, F(0) = 0.5, F(1) = 1.
    let twoDays = DayDistribution(probabilities: [0.5, 0.5])

    @Test func theHalfLifeIsHalfTheWindow() {
        #expect(CalibrationMap.recencyWeight(ageDays: 0, windowDays: 42) == 1)
        #expect(abs(CalibrationMap.recencyWeight(ageDays: 21, windowDays: 42) - 0.5) < 1e-12)
        #expect(abs(CalibrationMap.recencyWeight(ageDays: 42, windowDays: 42) - 0.25) < 1e-12)
        #expect(abs(CalibrationMap.recencyWeight(ageDays: 90, windowDays: 120) - pow(0.5, 1.5)) < 1e-12)
        // An order stamped after the cut-off is no newer than the newest; no window weighs all alike.
        #expect(CalibrationMap.recencyWeight(ageDays: -3, windowDays: 42) == 1)
        #expect(CalibrationMap.recencyWeight(ageDays: 10, windowDays: 0) == 1)
    }

    @Test func weightsEnterTheEventsAndTheRiskSet() {
        // 50 deliveries on day 0 with jitter 0.25 (U = 0.125, bin 12) weighing 1; 20 still under way after
        // day 0 (U > 0.5, bin 50) weighing 2; 50 deliveries on day 1 with jitter 0.75 (U = 0.875, bin 87)
        // weighing 3. Weighted Kaplan–Meier by hand: 50 + 40 + 150 = 240 at risk; bin 12 takes 50 → S = 190/240;
        // bin 50 removes 40 censored (150 at risk); bin 87 takes all 150 → S = 0.
        let samples: [CalibrationMap.Sample] =
            Array(repeating: (twoDays, .completed(0), 0.25, 1), count: 50)
            + Array(repeating: (twoDays, .censored(0), 0, 2), count: 20)
            + Array(repeating: (twoDays, .completed(1), 0.75, 3), count: 50)
        let map = CalibrationMap.fit(weighted: samples)
        #expect(map.completed == 100)
        #expect(map.censored == 20)
        #expect(map.points[12] == 0)
        #expect(abs(map.points[13] - 50.0 / 240) < 1e-12)
        #expect(abs(map.points[55] - 50.0 / 240) < 1e-12)
        #expect(abs(map.points[87] - 50.0 / 240) < 1e-12)
        #expect(abs(map.points[88] - 1) < 1e-12)
        // With equal weights the same shipments give 50/120 after bin 12 (the unweighted map).
        let equal = CalibrationMap.fit(samples.map { ($0.0, $0.1, $0.2) })
        #expect(abs(equal.points[13] - 50.0 / 120) < 1e-12)
    }

    @Test func theMinimumCountsShipmentsNotWeight() {
        // 99 deliveries weighing 10 each are still too few shipments for a map.
        let samples: [CalibrationMap.Sample] = Array(repeating: (twoDays, .completed(0), 0.5, 10), count: 99)
        #expect(CalibrationMap.fit(weighted: samples) == .identity)
    }
}
