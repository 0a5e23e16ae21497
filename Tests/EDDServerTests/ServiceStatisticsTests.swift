@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct ServiceStatisticsTests {
    @Test func maximumLatencyIsTheSlowestRequestNotABucketEdge() {
        var statistics = ServiceStatistics()
        statistics.record(op: .health, error: nil, elapsed: .nanoseconds(1500))
        var other = ServiceStatistics()
        other.record(op: .health, error: nil, elapsed: .nanoseconds(3000))
        statistics.merge(other)
        let latency = statistics.fields().first { $0.key == "latency_us" }?.value
        // 3000 ns is 3.0 µs; its quarter-octave bucket ends at 2^(47/4) ns ≈ 3.4 µs.
        guard case .object(let members)? = latency,
            case .number(let max)? = members.first(where: { $0.key == "max" })?.value
        else {
            Issue.record("no latency_us.max")
            return
        }
        #expect(max == 3.0)
    }
}
