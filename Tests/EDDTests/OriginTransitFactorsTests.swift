@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct OriginTransitFactorsTests {
    @Test func consistentOriginsKeepTheirWholeFactor() {
        // Lane median 2 days. Five origins always take 4 days (log ratio ln 2), five always 2 (ratio 0).
        // No variance within an origin, so the fitted strength is 0 and nothing is shrunk.
        var rows: [(origin: String, days: Int, laneMedian: Int, weight: Double)] = []
        for i in 0..<5 {
            for _ in 0..<4 {
                rows.append(("slow\(i)", 4, 2, 1))
                rows.append(("fast\(i)", 2, 2, 1))
            }
        }
        let f = OriginTransitFactors.fit(rows)
        #expect(f.strength == 0)
        #expect(abs(f.factor(origin: "slow3") - 2) < 1e-12)
        #expect(f.factor(origin: "fast3") == 1)
        #expect(f.factor(origin: "unknown") == 1 && f.factor(origin: nil) == 1)
    }

    @Test func noisyOriginsAreShrunkByTheMethodOfMomentsStrength() {
        // Five origins take {1, 2} days and five {4, 2} on a 2-day lane: log ratios {−ln2, 0} and {ln2, 0}.
        // Within variance σ² = (ln2/2)²; origin means ±ln2/2, so their spread is (ln2/2)², of which
        // σ²/n = (ln2/2)²/2 is sampling noise: τ² = (ln2/2)²/2 and k = σ²/τ² = 2.
        // A slow origin keeps n/(n+k) = 2/4 of its mean ln2/2: factor 2^(1/4).
        var rows: [(origin: String, days: Int, laneMedian: Int, weight: Double)] = []
        for i in 0..<5 {
            rows += [("fast\(i)", 1, 2, 1), ("fast\(i)", 2, 2, 1), ("slow\(i)", 4, 2, 1), ("slow\(i)", 2, 2, 1)]
        }
        let f = OriginTransitFactors.fit(rows)
        #expect(abs(f.strength - 2) < 1e-9)
        #expect(abs(f.factor(origin: "slow0") - pow(2, 0.25)) < 1e-9)
        #expect(abs(f.factor(origin: "fast0") - pow(2, -0.25)) < 1e-9)
    }

    @Test func tooFewOriginsGiveNoFactors() {
        let rows = (0..<20).map { i in (origin: "o\(i % 3)", days: 1 + i % 4, laneMedian: 2, weight: 1.0) }
        #expect(OriginTransitFactors.fit(rows) == .none)
    }
}
