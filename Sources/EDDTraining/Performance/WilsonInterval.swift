import Foundation

/// A binomial proportion with its 95% Wilson score interval.
///
/// Wilson's interval stays inside [0, 1] and keeps close to its stated coverage for small samples and rates
/// near 0 or 1, where the normal approximation does not; the page shows a rate only with its interval.
public struct WilsonInterval: Sendable, Equatable, Codable {
    /// Successes.
    public let successes: Int
    /// Trials.
    public let trials: Int
    /// The observed rate, nil without trials.
    public let rate: Double?
    /// The interval's ends, nil without trials.
    public let low: Double?
    public let high: Double?

    /// The z of a two-sided 95% interval.
    public static let z95 = 1.959_963_984_540_054

    /// The interval of `successes` out of `trials`.
    public init(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        self.successes = successes
        self.trials = trials
        guard trials > 0 else {
            rate = nil
            low = nil
            high = nil
            return
        }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        rate = p
        low = max(0, center - half)
        high = min(1, center + half)
    }
}

/// The standard normal distribution's two-sided tail: P(|Z| ≥ |z|).
func twoSidedNormalP(_ z: Double) -> Double {
    guard z.isFinite else { return z.isNaN ? 1 : 0 }
    return erfc(abs(z) / 2.0.squareRoot())
}
