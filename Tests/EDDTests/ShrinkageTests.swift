@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct ShrinkageTests {
    @Test func twoLevelToyFollowsTheShrinkageFormula() {
        // Child: 2 deliveries after 1 day and 2 after 3 days (n = 4); parent: always 2 days; α = 2.
        // p̂ = (4 · child + 2 · parent) / 6 → day 1: 4·½/6 = ⅓, day 2: 2/6 = ⅓, day 3: ⅓.
        var child = DayHistogram()
        child.addEvent(days: 1, weight: 1)
        child.addEvent(days: 1, weight: 1)
        child.addEvent(days: 3, weight: 1)
        child.addEvent(days: 3, weight: 1)
        let p = Shrinkage.shrink(child, toward: .point(2), strength: 2).probabilities
        #expect(abs(p[1] - 1.0 / 3) < 1e-12)
        #expect(abs(p[2] - 1.0 / 3) < 1e-12)
        #expect(abs(p[3] - 1.0 / 3) < 1e-12)
    }

    @Test func moreEvidenceMovesALaneTowardItsOwnData() {
        var previous = 1.0
        for n in [1, 4, 16, 64, 256] {
            var child = DayHistogram()
            for _ in 0..<n { child.addEvent(days: 5, weight: 1) }
            let p = Shrinkage.shrink(child, toward: .point(2), strength: 10).probabilities
            let distanceFromOwn = 1 - p[5]  // own data: always 5 days
            #expect(distanceFromOwn < previous)
            previous = distanceFromOwn
        }
    }

    @Test func fittedStrengthIsLargeWhenChildrenLookLikeTheirParentAndSmallWhenTheyDiffer() {
        // Alike: 20 lanes drawn from the same distribution. Different: 20 lanes each with its own fixed day.
        var rng = SplitMix64(seed: 3)
        var alike = HierarchyStatistics(levels: ["lane", "global"])
        var different = HierarchyStatistics(levels: ["lane", "global"])
        for lane in 0..<20 {
            for _ in 0..<50 {
                alike.addEvent(chain: ["l\(lane)", "*"], days: 2 + rng.int(4), weight: 1)
                different.addEvent(chain: ["l\(lane)", "*"], days: lane % 10, weight: 1)
            }
        }
        let a = Shrinkage.fit(alike).strengths[0]
        let d = Shrinkage.fit(different).strengths[0]
        #expect(a > 100)
        #expect(d < 1)
    }

    @Test func statisticsOfTwoHalvesMergeIntoThoseOfTheWhole() {
        var rng = SplitMix64(seed: 11)
        var whole = HierarchyStatistics(levels: ["lane", "region", "global"])
        var first = HierarchyStatistics(levels: ["lane", "region", "global"])
        var second = HierarchyStatistics(levels: ["lane", "region", "global"])
        for i in 0..<2_000 {
            let lane = rng.int(30)
            let chain: [String?] = lane % 7 == 0 ? [nil, "r\(lane % 3)", "*"] : ["l\(lane)", "r\(lane % 3)", "*"]
            let days = rng.int(12)
            let weight = Double(1 + rng.int(4)) / 4  // exact in binary, so sums do not depend on order
            let censored = rng.int(5) == 0
            func add(_ h: inout HierarchyStatistics) {
                if censored {
                    h.addCensored(chain: chain, days: days, weight: weight)
                } else {
                    h.addEvent(chain: chain, days: days, weight: weight)
                }
            }
            add(&whole)
            if i % 2 == 0 { add(&first) } else { add(&second) }
        }
        var merged = first
        merged.merge(second)
        let a = whole.canonicalNodes()
        let b = merged.canonicalNodes()
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.0 == y.0 && x.1 == y.1 && x.2 == y.2 && x.3 == y.3)
        }
    }
}
