extension DeliveryForecast {
    /// The central range stated at `coverage` (the protocol's `range`), in working days from ``start``.
    public func rangeDays(_ coverage: Double) -> ClosedRange<Int> {
        DeliveryForecast.centralRange(cdf, coverage: coverage)
    }

    /// The dates of ``rangeDays(_:)``.
    public func rangeDates(_ coverage: Double) -> (earliest: CivilDate, latest: CivilDate) {
        let days = rangeDays(coverage)
        return (date(afterWorkingDays: days.lowerBound), date(afterWorkingDays: days.upperBound))
    }

    /// The run of days holding at least `coverage` of the stated probability that leaves out as much as
    /// whole days allow, evenly from both ends.
    ///
    /// Why not simply [q((1 − c)/2), q((1 + c)/2)]: on whole days each of those quantiles includes its day whole,
    /// so the range holds its level plus most of its two end days' mass (Olist's 80% ranges held 85.5% of
    /// their own stated probability, P(y = q0.1) being about 0.11): a calibrated answer's 80% range then
    /// covers about 85% of deliveries. The two ends are chosen jointly instead: from that range, an end day
    /// is left out while what remains still holds `coverage`, first the one whose leaving out keeps the larger
    /// of the two left-out tails smaller (on a tie the early one, so the latest date stays). The range never
    /// holds less than `coverage` (no answer more certain than its distribution), it only gives back the slack
    /// the two separate quantiles wasted, and its ends are days with probability (a day without any is left
    /// out for free).
    /// - Parameters:
    ///   - cdf: P(delivered within k days) for every k, nondecreasing, the last 1.
    ///   - coverage: the range's level, in (0, 1).
    package static func centralRange(_ cdf: [Double], coverage: Double) -> ClosedRange<Int> {
        guard !cdf.isEmpty else { return 0...0 }
        let last = cdf.count - 1
        // The tolerance of ``quantileDays(_:)``, so a range stated at c holds c as its quantiles do.
        let target = coverage - 1e-9
        func quantile(_ tau: Double) -> Int { cdf.firstIndex { $0 >= tau - 1e-9 } ?? last }
        func below(_ k: Int) -> Double { k <= 0 ? 0 : cdf[k - 1] }
        var low = quantile((1 - coverage) / 2)
        var high = max(low, quantile((1 + coverage) / 2))
        while low < high {
            // The next day with probability inward from each end (both exist: low < high and each end has some).
            let nextLow = (low + 1...high).first { cdf[$0] > cdf[$0 - 1] } ?? high
            let nextHigh = (low..<high).last { cdf[$0] > below($0) } ?? low
            let withoutLow = cdf[high] - cdf[low] >= target
            let withoutHigh = cdf[nextHigh] - below(low) >= target
            guard withoutLow || withoutHigh else { break }
            if withoutLow && withoutHigh {
                // The larger left-out tail after each choice (below the range, above it).
                let dropLow = max(cdf[low], 1 - cdf[high])
                let dropHigh = max(below(low), 1 - cdf[nextHigh])
                if dropLow <= dropHigh { low = nextLow } else { high = nextHigh }
            } else if withoutLow {
                low = nextLow
            } else {
                high = nextHigh
            }
        }
        return low...high
    }
}
