import Testing

@testable import EDDServer

@Suite struct LatencyHistogramTests {
    @Test func bucketsAreExactBelow64AndSplitEachPowerOfTwoInto32Above() {
        // 127 = 0b111_1111: shift 1, mantissa 63 -> 64 + 0 * 32 + 31; 128: shift 2, mantissa 32 -> 96.
        #expect(LatencyHistogram.bucket(of: 63) == 63)
        #expect(LatencyHistogram.bucket(of: 64) == 64)
        #expect(LatencyHistogram.bucket(of: 127) == 95)
        #expect(LatencyHistogram.bucket(of: 128) == 96)
        #expect(LatencyHistogram.upperBound(of: 96) == 131)  // (33 << 2) - 1
        #expect(LatencyHistogram.bucket(of: UInt64.max) < LatencyHistogram.bucketCount)
    }

    @Test func percentilesReportTheUpperBoundOfTheBucketCappedAtTheMaximum() {
        var h = LatencyHistogram()
        for k in 1...100 { h.record(UInt64(k) * 1000) }
        // p50 = 50,000 ns: 50,000 >> 10 = 48, bucket upper bound (49 << 10) - 1 = 50,175.
        #expect(h.percentile(0.5) == 50175)
        // p90 = 90,000 ns: 90,000 >> 11 = 43, upper bound (44 << 11) - 1 = 90,111.
        #expect(h.percentile(0.9) == 90111)
        // p99 = 99,000 ns shares its bucket (upper bound 100,351) with the maximum 100,000.
        #expect(h.percentile(0.99) == 100_000)
        #expect(h.max == 100_000)
        #expect(h.count == 100)
    }

    @Test func mergingAddsCountsAndKeepsTheLargerMaximum() {
        var a = LatencyHistogram()
        var b = LatencyHistogram()
        a.record(10)
        b.record(20)
        b.record(30)
        a.merge(b)
        #expect(a.count == 3)
        #expect(a.max == 30)
        #expect(a.percentile(0.5) == 20)
    }

    @Test func emptyHistogramReportsZero() {
        #expect(LatencyHistogram().percentile(0.99) == 0)
    }
}
