@testable import EDDCore
@testable import EDDTraining
import Testing

/// The statistical core piece by piece, each against values worked out by hand: the calibration map's
/// censoring-aware PIT distribution, the weighted median of the level, the quantile layer's median
/// regression and the linear solve behind it, its feature columns, and leave-one-out shrinkage.
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
        let x = try #require(MedianRegression.solve(a, [8, -11, -3], 3))
        #expect(abs(x[0] - 2) < 1e-12)
        #expect(abs(x[1] - 3) < 1e-12)
        #expect(abs(x[2] + 1) < 1e-12)
        // A singular system (the third row is the sum of the first two) has no unique solution.
        #expect(MedianRegression.solve([1, 2, 3, 4, 5, 6, 5, 7, 9], [1, 2, 3], 3) == nil)
    }

    /// Three rows (x, y) = (0, 0), (1, 1), (2, 5). A least-absolute-deviations line through three points
    /// with distinct x passes through two of them; of the three such lines, through (0,0)–(1,1) leaves
    /// |5 − 2| = 3, (1,1)–(2,5) leaves |0 − (−3)| = 3, and (0,0)–(2,5), y = 2.5x, leaves |1 − 2.5| = 1.5: the
    /// L1 fit is a = 0, b = 2.5. IRLS with ε = 0.05 stops where the two rows on the line (weight 1/ε = 20)
    /// balance the third's pull of −1 (its sign): 20·u₁ + 20·u₃ = 1 and 2·20·u₃ = 1, so u₁ = u₃ = 0.025,
    /// a = −0.025 and b = (5 − 0.025 + 0.025)/2 = 2.5 exactly: within ε/2 of the L1 answer.
    @Test func theMedianRegressionOfThreeRowsIsTheLineThroughTwoOfThem() {
        let rows = [(0.0, 0.0), (1, 1), (2, 5)].map { x, y in
            MedianRegression.Row(features: [1, x], target: y, weight: 1)
        }
        let beta = MedianRegression.fit(rows, width: 2, ridge: 0)
        #expect(beta.count == 2)
        #expect(abs(beta[0] + 0.025) < 1e-4)
        #expect(abs(beta[1] - 2.5) < 1e-4)
        // Intercept only, the fit is the median of 1, 2, 10: at 2 the other two rows pull −1 and +1.
        let median = MedianRegression.fit(
            [1.0, 2, 10].map { MedianRegression.Row(features: [1], target: $0, weight: 1) }, width: 1, ridge: 0)
        #expect(abs(median[0] - 2) < 1e-4)
    }

    /// The quantile layer's ridge: a column that is zero on every row has a zero row and column in the
    /// normal equations but for the ridge on its diagonal, so its coefficient is exactly 0.
    @Test func aFeatureAbsentFromEveryRowGetsExactlyZero() {
        let rows = [(0.0, 0.0), (1, 1), (2, 5)].map { x, y in
            MedianRegression.Row(features: [1, x, 0], target: y, weight: 1)
        }
        let beta = MedianRegression.fit(rows, width: 3, ridge: 1e-3)
        #expect(beta[2] == 0)
        // Without the ridge the system is singular and the fit keeps its starting zeros.
        #expect(MedianRegression.fit(rows, width: 3, ridge: 0) == [0, 0, 0])
    }

    /// The quantile layer's columns are the features' indices, and its names the model file's.
    @Test func theFeatureColumnsAreTheCoefficientIndices() {
        #expect(OrderEffects.Feature.allCases.map(\.rawValue) == Array(0...9))
        #expect(
            OrderEffects.names == [
                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "late_in_day", "holiday_ahead",
                "peak",
            ])
        #expect(OrderEffects.Feature.weekday(0) == nil)
        #expect(OrderEffects.Feature.weekday(1) == .monday)
        #expect(OrderEffects.Feature.weekday(6) == .saturday)
        // Wednesday 2026-11-25 at 15:00 with a 14:00 cut-off, Thanksgiving (a US holiday) the next day, in
        // peak season: intercept, wednesday, late in the day, holiday ahead, peak.
        let x = OrderEffects.features(
            date: CivilDate(year: 2026, month: 11, day: 25)!, secondOfDay: 15 * 3600,
            calendar: BusinessCalendar(holidayCountry: "US", cutoffSecondOfDay: 14 * 3600))
        #expect(x == [1, 0, 0, 1, 0, 0, 0, 1, 1, 1])
    }

    /// A two-node toy: a leaf "a" with deliveries on days 1, 1, 2 under a root that also holds a day-3
    /// delivery with no origin key. Leaving out a's day-2 shipment, the root becomes {1, 1, 3} (2/3 on day
    /// 1, 1/3 on day 3) and the leaf {1, 1}, shrunk with strength 2 toward the root: n/(n + α) = 1/2 of
    /// day 1 plus 1/2 of the root, so 5/6 on day 1 and 1/6 on day 3. The same toy for both stages, the
    /// order-to-delivery is that convolved with itself: 25/36 on day 2, 10/36 on day 4, 1/36 on day 6.
    @Test func leaveOneOutRemovesTheShipmentFromEveryNodeOfItsChain() throws {
        var stats = HierarchyStatistics(levels: ["origin", "global"], buckets: 8)
        for day in [1, 1, 2] { stats.addEvent(chain: ["a", "all"], days: day, weight: 1) }
        stats.addEvent(chain: [nil, "all"], days: 3, weight: 1)
        let fit = Shrinkage.Result(
            distributions: [[.point(0, buckets: 8)], [.point(0, buckets: 8)]], strengths: [2, 0])
        let loo = LeaveOneOut(handling: stats, handlingFit: fit, transit: stats, transitFit: fit)
        func observation(_ chain: [String?], _ day: Int) -> ShipmentObservation {
            ShipmentObservation(
                handlingChain: chain, transitChain: chain, pooledTransitChain: chain, handling: .completed(day),
                transit: .completed(day), direct: .unknown, total: .completed(2 * day),
                calibrationTotal: .completed(2 * day), calibrationTransit: .completed(day), milestones: [],
                features: nil, weight: 1, reference: Instant(seconds: 0), jitter: 0.5)
        }
        func expect(_ d: DayDistribution, _ expected: [Double]) {
            #expect(d.probabilities.count == 8)
            // The root's floor (8 × 8e-6 before normalising) is the only difference from the fractions.
            for (p, e) in zip(d.probabilities, expected) { #expect(abs(p - e) < 1e-4, "\(d.probabilities)") }
        }
        let a = try #require(loo.totalDistribution(observation(["a", "all"], 2)))
        expect(a, [0, 0, 25.0 / 36, 0, 10.0 / 36, 0, 1.0 / 36, 0])
        // The root-only shipment leaves the root {1, 1, 2} and no leaf: (2/3·day 1 + 1/3·day 2) convolved
        // with itself is 4/9 on day 2, 4/9 on day 3, 1/9 on day 4.
        let root = try #require(loo.totalDistribution(observation([nil, "all"], 3)))
        expect(root, [0, 0, 4.0 / 9, 4.0 / 9, 1.0 / 9, 0, 0, 0])
        // A shipment whose handling is unknown has no order-to-delivery.
        var noOrder = observation(["a", "all"], 2)
        noOrder.handling = .unknown
        #expect(loo.totalDistribution(noOrder) == nil)
    }
}
