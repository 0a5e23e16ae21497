/// A calibrated delivery-date distribution for one shipping option, in working days from a start date.
public struct DeliveryForecast: Sendable {
    /// The local date working days are counted from (the order date, or the ship date).
    public var start: CivilDate
    /// The carrier's calendar, mapping working-day counts to dates.
    public var calendar: BusinessCalendar
    /// `cdf[k]` = calibrated P(delivered within k working days of `start`), nondecreasing, last = 1.
    public var cdf: [Double]
    /// The hierarchy level that answered (`lane`, `region`, …, `global`).
    public var level: String
    /// Effective number of shipments behind that level's own data.
    public var shipments: Double

    /// The delivery date after `k` working days.
    @inline(__always)
    public func date(afterWorkingDays k: Int) -> CivilDate {
        calendar.addingWorkingDays(k, to: start)
    }

    /// The smallest number of working days with calibrated P(delivered within) ≥ τ.
    @inline(__always)
    public func quantileDays(_ tau: Double) -> Int {
        cdf.withUnsafeBufferPointer { c in
            let target = tau - 1e-9
            for k in 0..<c.count where c[k] >= target { return k }
            return c.count - 1
        }
    }

    /// The date of the τ-quantile.
    public func quantileDate(_ tau: Double) -> CivilDate { date(afterWorkingDays: quantileDays(tau)) }

    /// P(delivered before the tail bucket): what the support can back (the last bucket is "that many
    /// working days or more", its CDF 1 by construction, not by evidence).
    public var beforeTail: Double { cdf.count >= 2 ? cdf[cdf.count - 2] : 0 }

    /// P(delivered within `k` working days).
    public func probability(withinWorkingDays k: Int) -> Double {
        k < 0 ? 0 : cdf[min(k, cdf.count - 1)]
    }

    /// P(delivered on or before `date`), counting only what the support backs: a date at or past the tail
    /// bucket ("that many days or more") gets ``beforeTail``, not 1.
    public func probability(notAfter date: CivilDate) -> Double {
        // The number of working-day counts whose date is not after `date` (dates never fall as counts grow).
        var low = 0
        var high = cdf.count
        while low < high {
            let mid = (low + high) / 2
            if self.date(afterWorkingDays: mid) <= date { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? 0 : cdf[min(low - 1, max(0, cdf.count - 2))]
    }

    /// The most likely working-day count.
    public var modeDays: Int {
        cdf.withUnsafeBufferPointer { c in
            var best = 0
            var bestP = -1.0
            var previous = 0.0
            for k in 0..<c.count {
                if c[k] - previous > bestP {
                    bestP = c[k] - previous
                    best = k
                }
                previous = c[k]
                // What is left, 1 - c[k], bounds every later day's probability: once it is no more than the
                // best so far, no later day can beat it (ties keep the earliest day).
                if 1 - previous <= bestP { break }
            }
            return best
        }
    }

    /// Per-date probabilities, omitting dates below `minimum`.
    public func distribution(minimum: Double = 0.001) -> [(date: CivilDate, p: Double)] {
        var out: [(date: CivilDate, p: Double)] = []
        var previous = 0.0
        for (k, c) in cdf.enumerated() {
            let p = c - previous
            previous = c
            if p >= minimum { out.append((date(afterWorkingDays: k), p)) }
        }
        return out
    }
}
