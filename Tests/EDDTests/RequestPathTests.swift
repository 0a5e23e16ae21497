@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// The request path's shortcuts give exactly what the straightforward computations give.
@Suite struct RequestPathTests {
    /// A random distribution over the 64 buckets whose mass ends at `support` (the rest of the CDF is flat).
    static func distribution(_ rng: inout SplitMix64, support: Int) -> DayDistribution {
        var p = [Double](repeating: 0, count: DayHistogram.buckets)
        for k in 0...support { p[k] = Double.random(in: 0...1, using: &rng) }
        let total = p.reduce(0, +)
        return DayDistribution(probabilities: p.map { $0 / total })
    }

    /// A random nondecreasing map from 0 to 1 on the calibration grid.
    static func map(_ rng: inout SplitMix64) -> CalibrationMap {
        var steps = (0..<CalibrationMap.bins).map { _ in Double.random(in: 0...1, using: &rng) }
        let total = steps.reduce(0, +)
        steps = steps.map { $0 / total }
        var points = [0.0]
        for s in steps { points.append(min(points.last! + s, 1)) }
        points[points.count - 1] = 1
        return CalibrationMap(points: points, completed: 1000, censored: 0)
    }

    @Test func theShiftedCalibratedCDFEqualsShiftingTheDistributionThenCalibrating() {
        let predictor = Predictor(model: ModelFileTests.smallModel())
        var rng = SplitMix64(seed: 41)
        for trial in 0..<300 {
            let d = Self.distribution(&rng, support: [0, 1, 5, 12, 40, 62, 63][trial % 7])
            let g = trial % 5 == 0 ? CalibrationMap.identity : Self.map(&rng)
            let shift = [0, -0.4, 0.3, 1, 2.75, -2.5, 7.1, -70, 70][trial % 9]
            var running = 0.0
            let cdf = d.probabilities.map { p in
                running += p
                return min(running, 1)
            }
            let expected = predictor.calibratedCDF(d.shifted(by: shift), g)
            let fast = predictor.shiftedCalibratedCDF(
                cdf, constantFrom: Predictor.constantFrom(cdf), shift: shift, g)
            let full = predictor.shiftedCalibratedCDF(cdf, constantFrom: cdf.count - 1, shift: shift, g)
            #expect(fast.count == expected.count)
            for k in expected.indices {
                #expect(abs(fast[k] - expected[k]) < 1e-9, "trial \(trial) k \(k): \(fast[k]) vs \(expected[k])")
                // Skipping the flat tail only changes rounding: (1 - f)·c + f·c is c to within an ulp or two.
                #expect(abs(fast[k] - full[k]) < 1e-12, "trial \(trial) k \(k)")
            }
        }
    }

    @Test func theModeIsTheFirstMostProbableDayEvenWhenTheScanStopsEarly() throws {
        let start = try #require(CivilDate("2026-11-02"))
        func mode(_ cdf: [Double]) -> Int {
            DeliveryForecast(start: start, calendar: .standard(country: "US"), cdf: cdf, level: "lane", shipments: 1)
                .modeDays
        }
        #expect(mode([0.05, 0.1, 0.15, 0.9, 1]) == 3)
        #expect(mode([0.5, 1]) == 0)
        #expect(mode([0, 0, 0.25, 0.5, 0.75, 1]) == 2)
        #expect(mode([1]) == 0)
        var rng = SplitMix64(seed: 3)
        for trial in 0..<500 {
            // Coarse probabilities (multiples of 1/8) make ties common.
            let d = Self.distribution(&rng, support: trial % 20)
            var running = 0.0
            var cdf = d.probabilities.map { p in
                running += (p * 8).rounded() / 8
                return min(running, 1)
            }
            cdf[cdf.count - 1] = 1
            var best = 0
            var previous = 0.0
            var increments: [Double] = []
            for c in cdf {
                increments.append(c - previous)
                previous = c
            }
            for k in increments.indices where increments[k] > increments[best] { best = k }
            #expect(mode(cdf) == best, "trial \(trial)")
        }
    }

    @Test func theConstantTailStartsAfterTheLastChange() {
        #expect(Predictor.constantFrom([0, 0.5, 1, 1, 1]) == 2)
        #expect(Predictor.constantFrom([0, 0.5, 0.9]) == 2)
        #expect(Predictor.constantFrom([1, 1]) == 0)
        #expect(Predictor.constantFrom([0.25]) == 0)
        #expect(Predictor.constantFrom([]) == 0)
    }

    @Test func theOrderShiftEqualsTheFeatureVectorDotTheCoefficients() {
        var rng = SplitMix64(seed: 7)
        let effects = OrderEffects(
            scale: 1, coefficients: (0...OrderEffects.names.count).map { _ in Double.random(in: -2...2, using: &rng) })
        let calendar = BusinessCalendar.standard(country: "US")
        let first = CivilDate(year: 2025, month: 10, day: 1)!
        for day in 0..<500 {
            let date = first.adding(days: day)
            for second in [0, 14 * 3600 - 1, 14 * 3600, 86_399] {
                let x = OrderEffects.features(date: date, secondOfDay: second, calendar: calendar)
                // Indicators only: the shift is the intercept plus the coefficients of the features that are 1.
                var expected = 0.0
                for i in x.indices where x[i] == 1 { expected += effects.coefficients[i] }
                #expect(x.allSatisfy { $0 == 0 || $0 == 1 })
                #expect(effects.shift(date: date, secondOfDay: second, calendar: calendar) == expected)
                #expect(effects.shift(x) == expected)
            }
        }
    }

    @Test func routeKeysTellFieldBoundariesAndAbsentFromEmpty() {
        func key(_ carrier: String, _ service: String?, _ origin: Place = Place()) -> RouteCache.Key {
            RouteCache.Key(carrier: carrier, service: service, origin: origin, destination: Place(postal: "10001"))
        }
        #expect(key("ab", "c").fingerprint != key("a", "bc").fingerprint)
        #expect(key("ups", nil).fingerprint != key("ups", "").fingerprint)
        #expect(key("ups", nil) != key("ups", ""))
        #expect(key("ups", "x", Place(region: "CA")).fingerprint != key("ups", "x", Place(id: "CA")).fingerprint)
        #expect(key("ups", "ground") == key("ups", "ground"))
        #expect(key("ups", "ground").hashValue == key("ups", "ground").hashValue)
    }
}
