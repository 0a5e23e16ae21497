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

    /// Without censoring the posterior is the mixture: child 2 on day 0, 1 on day 1, 1 in the tail (n = 4);
    /// parent 0.4, 0.3, 0.2, 0.1; α = 3: (n·child + α·parent) / 7 = (3.2, 1.9, 0.6, 1.3) / 7.
    @Test func withoutCensoringTheNodeIsTheMixtureOfItsDataAndItsParent() {
        var child = DayHistogram(buckets: 4)
        child.addEvent(days: 0, weight: 2)
        child.addEvent(days: 1, weight: 1)
        child.addEvent(days: 3, weight: 1)
        let parent = DayDistribution(probabilities: [0.4, 0.3, 0.2, 0.1])
        let p = Shrinkage.shrink(child, toward: parent, strength: 3).probabilities
        for (got, want) in zip(p, [3.2, 1.9, 0.6, 1.3].map { $0 / 7 }) { #expect(abs(got - want) < 1e-12) }
    }

    /// With censoring the hazard of day k is (d_k + α·f_k) / (α·S_k + N_k). Child: one delivery on day 0, one
    /// stage censored on day 0, one delivery on day 1; parent uniform over days 0, 1, 2 and the tail; α = 1.
    /// Day 0: (1 + ¼) / (1 + 3) = 5/16. Day 1: (1 + ¼) / (¾ + 1) = 5/7 of the 11/16 left, 55/112. Day 2: none
    /// of its own at risk, the parent's hazard ¼ / ½ of the 22/112 left, 11/112; the tail 11/112. (Mixing the
    /// child's Kaplan–Meier, ⅓ and ⅔, with the parent would leave only 1/8 beyond day 1, not 22/112: it ends
    /// the child's tail at its last delivery.)
    @Test func aCensoredNodesTailFollowsItsParentsHazardBeyondItsLastDelivery() {
        var child = DayHistogram(buckets: 4)
        child.addEvent(days: 0, weight: 1)
        child.addCensored(days: 0, weight: 1)
        child.addEvent(days: 1, weight: 1)
        let parent = DayDistribution(probabilities: [0.25, 0.25, 0.25, 0.25])
        let p = Shrinkage.shrink(child, toward: parent, strength: 1).probabilities
        for (got, want) in zip(p, [5.0 / 16, 55.0 / 112, 11.0 / 112, 11.0 / 112]) { #expect(abs(got - want) < 1e-12) }
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
