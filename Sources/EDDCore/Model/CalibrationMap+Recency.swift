import Foundation

extension CalibrationMap {
    /// One shipment of the calibration window: its out-of-time distribution, what happened, the jitter that
    /// randomises its PIT within the day, and its weight.
    package typealias Sample = (distribution: DayDistribution, outcome: StageOutcome, jitter: Double, weight: Double)

    /// The weight of a window shipment ordered `ageDays` before the cut-off: `0.5^(age / (window / 2))`.
    ///
    /// The map is applied to the weeks after the cut-off, so where deliveries drift its latest weeks say more
    /// about them than its first. Why half the window: the newest orders weigh four times the oldest, and for
    /// orders spread evenly over the window the effective sample is still 87% of its size
    /// (`(∫w)² / (window · ∫w²) = (3/4)² / (15/16) / ln 2 ≈ 0.87`), so the map's precision, which the window's
    /// length was chosen for (``minimumCompleted`` and the fit's shipment target), is kept. No constant of any
    /// data set enters: the half-life follows the window, which follows the feed's own delivery times and
    /// volume.
    /// - Parameters:
    ///   - ageDays: days from the order (or hand-off) to the cut-off.
    ///   - windowDays: the calibration window's length.
    package static func recencyWeight(ageDays: Double, windowDays: Int) -> Double {
        guard windowDays > 0 else { return 1 }
        return pow(0.5, max(0, ageDays) / (Double(windowDays) / 2))
    }

    /// Fits the map from weighted samples (``Accumulator/add(_:_:_:weight:)`` one at a time).
    package static func fit(weighted samples: [Sample]) -> CalibrationMap {
        var accumulator = Accumulator()
        for s in samples { accumulator.add(s.distribution, s.outcome, s.jitter, weight: s.weight) }
        return accumulator.map
    }
}
