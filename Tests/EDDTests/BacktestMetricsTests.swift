@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct BacktestMetricsTests {
    /// EDD lengths along the 51-level confidence grid: d0 at c = 0.50, one more day every ten levels
    /// (0.60, 0.70, …), so index 43 (c = 0.93) is d0 + 4.
    static func grid(_ d0: Int) -> [Int] { (0..<51).map { d0 + $0 / 10 } }

    /// Four orders worked through by hand (quantiles at 0.05, 0.1, 0.2, …, 0.9, 0.95):
    /// A y=5 inside both intervals; B y=10 above q0.9 but under q0.95; C y=1 below everything and its
    /// quantiles cross at 0.7 → 0.8 (6 then 5); D y=4 with every quantile 4.
    static let handRecords: [BacktestRecord] = [
        BacktestRecord(
            fold: "2018-01", laneGroup: "SP", actualDays: 5, quantileDays: [2, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9],
            confidenceDays: grid(3), promisedDays: 6),
        BacktestRecord(
            fold: "2018-01", laneGroup: "RJ", actualDays: 10, quantileDays: [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 12],
            confidenceDays: grid(8), promisedDays: 9),
        BacktestRecord(
            fold: "2018-02", laneGroup: "SP", actualDays: 1, quantileDays: [2, 3, 3, 4, 4, 5, 5, 6, 5, 7, 8],
            confidenceDays: grid(0), promisedDays: 3),
        BacktestRecord(
            fold: "2018-02", laneGroup: "RJ", actualDays: 4, quantileDays: [Int](repeating: 4, count: 11),
            confidenceDays: grid(4)),
    ]

    @Test func pointErrorAndPinballLossMatchHandArithmetic() throws {
        let m = BacktestMetrics.compute(Self.handRecords)
        #expect(m.n == 4)
        #expect(m.malformed == 0)
        // |5−5| + |10−6| + |1−5| + |4−4| = 8 over 4 orders.
        #expect(try #require(m.maeP50) == 2.0)
        // Per-level sums of ρτ over A, B, C (D is exact): 2.8, 3.2, 4.2, 3.8, 4.0, 3.8, 3.2, 2.0, 1.8.
        let expected = [0.7, 0.8, 1.05, 0.95, 1.0, 0.95, 0.8, 0.5, 0.45]
        #expect(m.pinballByLevel.count == 9)
        for (got, want) in zip(m.pinballByLevel, expected) { #expect(abs(got - want) < 1e-12) }
        // 28.8 / (4 orders × 9 levels).
        #expect(abs(try #require(m.pinballMean) - 0.8) < 1e-12)
    }

    @Test func coverageWidthAndCrossingCountOrders() throws {
        let m = BacktestMetrics.compute(Self.handRecords)
        #expect(m.cov80 == 0.5)  // A and D
        #expect(m.width80 == 4.0)  // (5 + 7 + 4 + 0) / 4
        #expect(m.cov90 == 0.75)  // A, B and D
        #expect(m.width90 == 6.0)  // (7 + 11 + 6 + 0) / 4
        #expect(m.crossing == 1)  // only C; D's equal quantiles are nondecreasing
        // y ≤ q0.5: A (5 ≤ 5), C, D but not B.
        let median = try #require(m.quantileCalibration.first { $0.level == 0.5 })
        #expect(median.share == 0.75)
        #expect(m.quantileCalibration.count == 11)
    }

    @Test func onTimeRateAndLengthFollowTheConfidenceGrid() throws {
        let m = BacktestMetrics.compute(Self.handRecords)
        #expect(m.confidence.count == 51)
        // At 0.93 every EDD is d0 + 4 ≥ y: all on time, mean (7 + 12 + 4 + 8) / 4.
        #expect(m.ontime(at: 0.93) == 1.0)
        #expect(m.days(at: 0.93) == 7.75)
        // At 0.50 only D (4 ≤ 4) is on time; mean of d0 = (3 + 8 + 0 + 4) / 4.
        #expect(m.ontime(at: 0.50) == 0.25)
        #expect(m.days(at: 0.50) == 3.75)
        // At 0.65 C (1 ≤ 1) joins; every EDD is one day longer.
        #expect(m.ontime(at: 0.65) == 0.5)
        #expect(m.days(at: 0.65) == 4.75)
        #expect(m.ontime(at: 0.70) == 1.0)
        #expect(m.ontime(at: 0.931) == nil)
    }

    @Test func marketplaceRateIsMatchedByInterpolatingTheFrontier() throws {
        let m = BacktestMetrics.compute(Self.handRecords)
        // Promises: A 6 ≥ 5 on time, B 9 < 10 late, C 3 ≥ 1 on time; D has none.
        #expect(m.olistCount == 3)
        #expect(abs(try #require(m.olistOntime) - 2.0 / 3.0) < 1e-12)
        #expect(m.olistDays == 6.0)
        // The rate 2/3 lies between c = 0.69 (0.5, 4.75 days) and c = 0.70 (1.0, 5.75 days): a third of the way.
        let match = try #require(m.daysAtOlistOntime)
        #expect(match.status == .interpolated)
        #expect(abs(match.days - (4.75 + 1.0 / 3.0)) < 1e-12)
        #expect(abs(match.confidence - (0.69 + 0.01 / 3.0)) < 1e-12)
    }

    @Test func frontierMatchInterpolatesOrFlagsTheNearerEnd() throws {
        let points = [
            BacktestMetrics.ConfidencePoint(confidence: 0.90, ontime: 0.88, meanDays: 20),
            BacktestMetrics.ConfidencePoint(confidence: 0.91, ontime: 0.90, meanDays: 21),
            BacktestMetrics.ConfidencePoint(confidence: 0.92, ontime: 0.94, meanDays: 23),
        ]
        // 0.92 is halfway from 0.90 to 0.94: halfway from 21 to 23 days, from c 0.91 to 0.92.
        let mid = try #require(BacktestMetrics.frontierMatch(points, rate: 0.92))
        #expect(mid.status == .interpolated)
        #expect(abs(mid.days - 22.0) < 1e-9)
        #expect(abs(mid.confidence - 0.915) < 1e-9)
        #expect(
            BacktestMetrics.frontierMatch(points, rate: 0.80) == .init(days: 20, confidence: 0.90, status: .belowGrid))
        #expect(
            BacktestMetrics.frontierMatch(points, rate: 0.97) == .init(days: 23, confidence: 0.92, status: .aboveGrid))
        #expect(BacktestMetrics.frontierMatch([], rate: 0.9) == nil)
    }

    @Test func riskAUCCountsWinsAndHalvesTies() throws {
        func records(_ scores: [Double], _ late: [Bool]) -> [BacktestRecord] {
            zip(scores, late).map {
                BacktestRecord(
                    fold: "f", laneGroup: "g", actualDays: 1, quantileDays: [], confidenceDays: [],
                    riskProbability: $0, lateVsPromise: $1)
            }
        }
        // Late 0.35 beats 0.1 only, late 0.8 beats both: 3 of 4 pairs.
        let m = BacktestMetrics.compute(records([0.1, 0.4, 0.35, 0.8], [false, false, true, true]))
        #expect(m.riskCount == 4)
        #expect(m.riskAUC == 0.75)
        // (0.01 + 0.16 + 0.4225 + 0.04) / 4.
        #expect(abs(try #require(m.riskBrier) - 0.158125) < 1e-12)
        // Two of four late: always answering 0.5 scores 0.25.
        #expect(m.riskLateRate == 0.5)
        #expect(m.riskBrierBase == 0.25)
        // Late {0.5, 0.9} against on-time {0.2, 0.5}: 1 + ½ + 1 + 1 of 4 pairs.
        let tied = BacktestMetrics.compute(records([0.2, 0.5, 0.5, 0.9], [false, true, false, true]))
        #expect(tied.riskAUC == 0.875)
        // One class only: no AUC, but a Brier score.
        let oneClass = BacktestMetrics.compute(records([0.2, 0.3], [false, false]))
        #expect(oneClass.riskAUC == nil)
        #expect(oneClass.riskBrier != nil)
        #expect(oneClass.riskLateRate == 0)
        #expect(oneClass.riskBrierBase == 0)
    }

    @Test func orderTimeRiskIsScoredOnEveryPromisedOrderHandOffOrNot() throws {
        // Four orders with a promise; only the first two have a hand-off answer (a feed without hand-off
        // scans has none). At the order: late 0.6 beats on-time 0.2 and 0.3, late 0.1 beats neither, and
        // on-time 0.3 is beaten by 0.6 only: 2 of 4 pairs. Brier (0.16 + 0.81 + 0.04 + 0.09) / 4 = 0.275;
        // half late, so always answering 0.5 scores 0.25, and this answer does worse.
        let rows: [(handOff: Double?, order: Double, late: Bool)] = [
            (0.9, 0.6, true), (0.1, 0.2, false), (nil, 0.1, true), (nil, 0.3, false),
        ]
        let m = BacktestMetrics.compute(
            rows.map {
                BacktestRecord(
                    fold: "f", laneGroup: "g", actualDays: 1, quantileDays: [], confidenceDays: [],
                    riskProbability: $0.handOff, orderRiskProbability: $0.order, lateVsPromise: $0.late)
            })
        #expect(m.riskCount == 2)
        #expect(m.riskAUC == 1)
        #expect(m.orderRisk.count == 4)
        #expect(m.orderRisk.auc == 0.5)
        #expect(abs(try #require(m.orderRisk.brier) - 0.275) < 1e-12)
        #expect(m.orderRisk.lateRate == 0.5)
        #expect(m.orderRisk.brierBase == 0.25)
        let o = m.jsonObject()
        #expect(o["risk_order_count"] as? Int == 4)
        #expect(o["risk_order_auc"] as? Double == 0.5)
        #expect(o["risk_order_brier_base"] as? Double == 0.25)
    }

    @Test func riskDecilesHaveEqualCounts() throws {
        // p = 0, 0.05, …, 0.95; the upper half is late.
        let records = (0..<20).map {
            BacktestRecord(
                fold: "f", laneGroup: "g", actualDays: 1, quantileDays: [], confidenceDays: [],
                riskProbability: Double($0) / 20, lateVsPromise: $0 >= 10)
        }
        let bins = BacktestMetrics.compute(records).riskReliability
        #expect(bins.count == 10)
        #expect(bins.allSatisfy { $0.count == 2 })
        #expect(abs(bins[0].meanPredicted - 0.025) < 1e-12)
        #expect(bins[0].lowerProbability == 0 && bins[0].upperProbability == 0.05)
        #expect(bins[4].observedRate == 0 && bins[5].observedRate == 1)
    }

    /// Six finite PITs: 0.1, 0.5 and 0.9 lie within [0.1, 0.9] (3 of 6); those and 0.05 and 0.95 within
    /// [0.05, 0.95] (5 of 6); 0.99 in neither; NaN is not counted.
    @Test func randomisedCoverageCountsPITsWithinTheRangeInclusive() {
        let records = [0.05, 0.1, 0.5, 0.9, 0.95, 0.99, .nan].map {
            BacktestRecord(fold: "f", laneGroup: "g", actualDays: 1, quantileDays: [], confidenceDays: [], pit: $0)
        }
        let m = BacktestMetrics.compute(records)
        #expect(m.cov80PIT == 0.5)
        #expect(m.cov90PIT == 5.0 / 6)
        #expect(m.jsonObject()["cov80_pit"] as? Double == 0.5)
        #expect(BacktestMetrics.compute([]).cov80PIT == nil)
    }

    @Test func pitHistogramPutsOneInTheLastBinAndSkipsNaN() {
        let records = [0.0, 0.03, 0.5, 1.0, 0.999, .nan].map {
            BacktestRecord(fold: "f", laneGroup: "g", actualDays: 1, quantileDays: [], confidenceDays: [], pit: $0)
        }
        let m = BacktestMetrics.compute(records)
        #expect(m.pitCount == 5)
        #expect(m.pitHistogram.count == 20)
        #expect(m.pitHistogram[0] == 2 && m.pitHistogram[10] == 1 && m.pitHistogram[19] == 2)
        #expect(m.pitHistogram.reduce(0, +) == 5)
        #expect(m.malformed == 6)
        #expect(m.maeP50 == nil && m.confidence.isEmpty)
    }

    @Test func foldsAndLaneGroupsGetTheirOwnFigures() throws {
        let m = BacktestMetrics.compute(Self.handRecords)
        #expect(m.byFold.keys.sorted() == ["2018-01", "2018-02"])
        let jan = try #require(m.byFold["2018-01"])
        let feb = try #require(m.byFold["2018-02"])
        #expect(jan.n == 2 && feb.n == 2)
        #expect(jan.maeP50 == 2.0 && feb.maeP50 == 2.0)  // (0 + 4) / 2 and (4 + 0) / 2
        #expect(jan.crossing == 0 && feb.crossing == 1)
        #expect(jan.cov80 == 0.5 && feb.cov80 == 0.5)
        // A + B level sums total 15.0, C + D 13.8, each over 2 orders × 9 levels.
        #expect(abs(try #require(jan.pinballMean) - 15.0 / 18) < 1e-12)
        #expect(abs(try #require(feb.pinballMean) - 13.8 / 18) < 1e-12)
        #expect(jan.ontimeAt93 == 1.0)
        #expect(m.byLaneGroup["SP"]?.n == 2 && m.byLaneGroup["RJ"]?.cov90 == 1.0)
    }

    @Test func goalsPassAndFailOnTheirBounds() {
        let m = BacktestMetrics.compute(Self.handRecords)
        let goals = Dictionary(uniqueKeysWithValues: BacktestGoal.olist.map { ($0.metric, $0) })
        #expect(goals["mae_p50"]?.isMet(by: m) == true)  // 2.0 ≤ 5.0
        #expect(goals["cov80"]?.isMet(by: m) == false)  // 0.5 outside 0.78–0.82
        #expect(goals["crossing"]?.isMet(by: m) == false)  // 1 crossing
        #expect(goals["ontime@0.93"]?.isMet(by: m) == true)  // 1.0 ≥ 0.92
        #expect(goals["risk_auc"]?.isMet(by: m) == nil)  // no risk data
        #expect(BacktestGoal.olist.count == 9)
    }

    @Test func jsonHoldsEveryFigureWithNullsForUndefinedOnes() throws {
        let data = try BacktestMetrics.compute(Self.handRecords).jsonData()
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(o["mae_p50"] as? Double == 2.0)
        #expect(o["crossing"] as? Int == 1)
        #expect(o["risk_auc"] is NSNull)
        #expect(o["days_at_olist_ontime_status"] as? String == "interpolated")
        #expect((o["ontime"] as? [String: Any])?["0.93"] as? Double == 1.0)
        #expect((o["days"] as? [String: Any])?["0.995"] as? Double == 8.75)  // d0 + 5 averaged
        #expect((o["by_fold"] as? [String: Any])?.count == 2)
        #expect(BacktestMetrics.levelKey(0.5) == "0.50")
        #expect(BacktestMetrics.levelKey(0.05) == "0.05")
        #expect(BacktestMetrics.levelKey(0.995) == "0.995")
        // Nothing at all still serializes.
        #expect(try BacktestMetrics.compute([]).jsonData().count > 0)
    }
}
