@testable import EDDCore
import Testing

/// The statistical core piece by piece, each against values worked out by hand: the calibration map's
/// censoring-aware PIT distribution, the weighted median of the level, and the linear solve behind the
/// quantile layer's median regression.
@Suite struct StatisticalCoreTests {
    /// Two equally likely days: F(−1) = 0, F(0) = 0.5, F(1) = 1.
    let twoDays = DayDistribution(probabilities: [0.5, 0.5])

    /// Four PIT values, 25 shipments each, chosen in the middle of their bins so no rounding is involved:
    /// a delivery on day y with jitter v has U = F(y − 1) + v·P(y), so day 0 gives 0.125 and 0.375, day 1
    /// 0.625 and 0.875 (bins 12, 37, 62, 87 of 100).
    var fourPITs: [(DayDistribution, StageOutcome, Double)] {
        [(0, 0.25), (0, 0.75), (1, 0.25), (1, 0.75)].flatMap { day, jitter in
            Array(repeating: (twoDays, StageOutcome.completed(day), jitter), count: 25)
        }
    }

    @Test func theCalibrationMapIsTheDistributionOfThePITValues() {
        let map = CalibrationMap.fit(fourPITs)
        #expect(map.completed == 100)
        #expect(map.censored == 0)
        // P(U < i/100): a quarter of the mass enters after each of bins 12, 37, 62 and 87.
        #expect(map.points[12] == 0)
        #expect(abs(map.points[13] - 0.25) < 1e-12)
        #expect(abs(map.points[37] - 0.25) < 1e-12)
        #expect(abs(map.points[38] - 0.5) < 1e-12)
        #expect(abs(map.points[63] - 0.75) < 1e-12)
        #expect(abs(map.points[88] - 1) < 1e-12)
        #expect(map.points[100] == 1)
        // Linear between grid points: g(0.5) is points[50]; g(0.125) lies halfway from points[12] = 0 to
        // points[13] = 0.25.
        #expect(abs(map.apply(0.5) - 0.5) < 1e-12)
        #expect(abs(map.apply(0.125) - 0.125) < 1e-12)
    }

    @Test func censoredShipmentsLeaveTheRiskSetWithoutAnEvent() {
        // 20 shipments still under way after day 0 (U > F(0) = 0.5, bin 50) join the four PIT groups.
        // Kaplan–Meier by hand: 120 at risk; bin 12: 25 events → S = 95/120; bin 37: 25 of 95 → S = 70/120;
        // bin 50: 20 censored leave (50 at risk); bin 62: 25 of 50 → S = 35/120; bin 87: 25 of 25 → S = 0.
        let censored = Array(repeating: (twoDays, StageOutcome.censored(0), 0.0), count: 20)
        let map = CalibrationMap.fit(fourPITs + censored)
        #expect(map.completed == 100)
        #expect(map.censored == 20)
        #expect(abs(map.points[13] - 25.0 / 120) < 1e-12)
        #expect(abs(map.points[38] - 50.0 / 120) < 1e-12)
        #expect(abs(map.points[55] - 50.0 / 120) < 1e-12)
        #expect(abs(map.points[63] - 85.0 / 120) < 1e-12)
        #expect(abs(map.points[88] - 1) < 1e-12)
    }

    @Test func tooFewCompletedShipmentsLeaveTheIdentity() {
        // 99 completed is below the documented minimum of 100.
        let map = CalibrationMap.fit(Array(fourPITs.dropLast()))
        #expect(map == .identity)
        #expect(abs(map.apply(0.37) - 0.37) < 1e-12)
    }

    @Test func theWeightedMedianIsTheFirstValueHoldingHalfTheWeight() {
        // Total weight 5: the running sums in value order are 1, 2, 5, and 2.5 is first reached at 10.
        #expect(OrderEffects.weightedMedian([(10, 3), (1, 1), (2, 1)]) == 10)
        // Equal weights 1, 1, 1: half is 1.5, reached at the middle value.
        #expect(OrderEffects.weightedMedian([(3, 1), (1, 1), (2, 1)]) == 2)
        #expect(OrderEffects.weightedMedian([]) == 0)
    }

    @Test func theLinearSolveRecoversAThreeByThreeSystem() throws {
        // 2x + y − z = 8, −3x − y + 2z = −11, −2x + y + 2z = −3 has the solution (2, 3, −1) by elimination
        // by hand (the textbook example of Gaussian elimination with partial pivoting).
        let a: [Double] = [2, 1, -1, -3, -1, 2, -2, 1, 2]
        let x = try #require(OrderEffects.solve(a, [8, -11, -3], 3))
        #expect(abs(x[0] - 2) < 1e-12)
        #expect(abs(x[1] - 3) < 1e-12)
        #expect(abs(x[2] + 1) < 1e-12)
        // A singular system (the third row is the sum of the first two) has no unique solution.
        #expect(OrderEffects.solve([1, 2, 3, 4, 5, 6, 5, 7, 9], [1, 2, 3], 3) == nil)
    }
}
