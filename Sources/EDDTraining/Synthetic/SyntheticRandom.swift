import EDDCore

/// The generator's pseudo-random source: xoshiro256** seeded through SplitMix64.
///
/// The synthetic data must be byte-identical for a given seed on every platform and Swift version, so the
/// generator never uses `SystemRandomNumberGenerator` nor the standard library's `random(in:using:)`
/// (whose algorithm is not promised to stay the same); every draw goes through the methods below.
public struct SyntheticRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) (53 random bits).
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<n` (Lemire's multiply-shift with rejection; `n` must be positive).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A uniform integer in the closed range.
    @inline(__always)
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `p`.
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An index drawn from cumulative weights (ascending, last element the total).
    @inline(__always)
    public mutating func pick(cumulative: [Double]) -> Int {
        let u = unit() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1, u >= cumulative[i] { i += 1 }
        return i
    }
}

extension Array where Element == Double {
    /// Running sums of the weights, for ``SyntheticRandom/pick(cumulative:)``.
    func cumulativeSums() -> [Double] {
        var total = 0.0
        return map {
            total += $0
            return total
        }
    }
}
