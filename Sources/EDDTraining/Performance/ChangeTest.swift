/// The tests behind the report's "what changed" section.
///
/// Transit times are compared with the log-rank test, the two-sample test for day distributions with
/// censored observations (parcels still in transit are neither dropped nor counted as delivered); on-time
/// rates with the two-proportion z-test. All tests of a report are then controlled together for the false
/// discovery rate by Benjamini–Hochberg: of the changes flagged, at most that share are expected to be noise.
public enum ChangeTest {
    /// The log-rank statistic comparing two day distributions.
    ///
    /// - Returns: z = (O − E)/√V for the second sample (positive when it finishes later than expected under
    ///   no difference, i.e. slower) and its two-sided p-value; p = 1 when the samples cannot be compared.
    public static func logRank(_ a: DayTally, _ b: DayTally) -> (z: Double, p: Double) {
        let days = max(a.events.count, a.censored.count, b.events.count, b.censored.count)
        var n1 = Double(a.eventCount + a.censoredCount)
        var n2 = Double(b.eventCount + b.censoredCount)
        var observed = 0.0
        var expected = 0.0
        var variance = 0.0
        func at(_ list: [Int32], _ d: Int) -> Double { d < list.count ? Double(list[d]) : 0 }
        for d in 0..<days {
            let d1 = at(a.events, d)
            let d2 = at(b.events, d)
            let n = n1 + n2
            let events = d1 + d2
            if n >= 2 && events > 0 {
                expected += events * n2 / n
                variance += events * (n1 / n) * (n2 / n) * (n - events) / (n - 1)
                observed += d2
            }
            n1 -= d1 + at(a.censored, d)
            n2 -= d2 + at(b.censored, d)
        }
        guard variance > 0 else { return (0, 1) }
        // Finishing fewer than expected under the null means the second sample is slower.
        let z = (expected - observed) / variance.squareRoot()
        return (z, twoSidedNormalP(z))
    }

    /// The pooled two-proportion z-test of `x1` of `n1` against `x2` of `n2`.
    ///
    /// - Returns: z for the second rate minus the first and its two-sided p-value (p = 1 when undefined).
    public static func twoProportions(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int) -> (z: Double, p: Double) {
        guard n1 > 0, n2 > 0 else { return (0, 1) }
        let p1 = Double(x1) / Double(n1)
        let p2 = Double(x2) / Double(n2)
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        guard se > 0 else { return (0, 1) }
        let z = (p2 - p1) / se
        return (z, twoSidedNormalP(z))
    }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the input's order: a test is flagged at false
    /// discovery rate α when its q-value is at most α.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var q = [Double](repeating: 1, count: p.count)
        var running = 1.0
        for (rank, i) in order.enumerated().reversed() {
            running = min(running, p[i] * m / Double(rank + 1))
            q[i] = min(1, running)
        }
        return q
    }
}
