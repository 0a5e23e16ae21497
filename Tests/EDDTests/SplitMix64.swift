/// A small deterministic generator (Steele et al.'s SplitMix64) so random tests are reproducible: one for
/// every test, usable with the standard library's `random(in:using:)` and with the shorthands below.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) (53 random bits).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An integer in 0..<n (with the small modulo bias a test does not care about).
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
