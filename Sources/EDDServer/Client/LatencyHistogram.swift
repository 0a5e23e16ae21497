import EDDCore
import EDDProtocol

/// A log-linear latency histogram in nanoseconds, about 3% resolution, fixed size.
///
/// Values below 64 ns have their own buckets; above, each power of two is split into 32 buckets, so a
/// bucket's width is at most 1/32 of its lower bound. Percentiles report a bucket's upper bound, so they
/// never understate a latency.
public struct LatencyHistogram: Sendable {
    static let bucketCount = 64 + 58 * 32
    private var buckets = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    /// Values recorded.
    public private(set) var count: UInt64 = 0
    /// The largest value recorded, exactly.
    public private(set) var max: UInt64 = 0

    public init() {}

    static func bucket(of value: UInt64) -> Int {
        if value < 64 { return Int(value) }
        let msb = 63 - value.leadingZeroBitCount
        let shift = msb - 5
        let mantissa = Int(value >> UInt64(shift))
        return 64 + (shift - 1) * 32 + (mantissa - 32)
    }

    /// The largest value that falls in bucket `index`.
    static func upperBound(of index: Int) -> UInt64 {
        if index < 64 { return UInt64(index) }
        let shift = (index - 64) / 32 + 1
        let mantissa = UInt64((index - 64) % 32 + 32)
        return ((mantissa + 1) << UInt64(shift)) - 1
    }

    /// Records one latency.
    public mutating func record(_ nanoseconds: UInt64) {
        buckets[LatencyHistogram.bucket(of: nanoseconds)] += 1
        count += 1
        if nanoseconds > max { max = nanoseconds }
    }

    /// Adds another histogram's values to this one.
    public mutating func merge(_ other: LatencyHistogram) {
        for i in buckets.indices { buckets[i] += other.buckets[i] }
        count += other.count
        max = Swift.max(max, other.max)
    }

    /// The value below which a fraction `q` (0...1) of the recorded values fall (0 when empty).
    public func percentile(_ q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((Double(count) * q).rounded(.up)))
        var seen: UInt64 = 0
        for (i, n) in buckets.enumerated() where n > 0 {
            seen += n
            if seen >= rank { return Swift.min(LatencyHistogram.upperBound(of: i), max) }
        }
        return max
    }
}
