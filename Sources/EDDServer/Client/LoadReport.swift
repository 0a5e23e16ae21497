import EDDCore
import EDDProtocol

/// The outcome of a ``LoadGenerator`` run.
public struct LoadReport: Sendable {
    /// Connections used.
    public var connections: Int
    /// Requests kept in flight per connection.
    public var pipeline: Int
    /// Client event-loop threads that drove the connections.
    public var threads = 1
    /// Responses received within the run.
    public var responses: UInt64
    /// Responses whose `ok` was false.
    public var errorResponses: UInt64
    /// Connections that failed (connect, read or write error, or the server closed them).
    public var connectionErrors: Int
    /// The measured wall time in seconds.
    public var seconds: Double
    /// Request-to-response latencies.
    public var latency: LatencyHistogram

    /// Responses per second.
    public var throughput: Double { seconds > 0 ? Double(responses) / seconds : 0 }

    /// A human-readable multi-line summary (used by `edd bench`).
    public var summary: String {
        func ms(_ ns: UInt64) -> String {
            let hundredths = (ns + 5_000) / 10_000
            let frac = hundredths % 100
            return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac) ms"
        }
        return """
            connections \(connections), pipeline \(pipeline), client threads \(threads), \(Int(seconds.rounded())) s
            throughput  \(Int(throughput.rounded())) req/s (\(responses) responses, \(errorResponses) error responses, \(connectionErrors) connection errors)
            latency     p50 \(ms(latency.percentile(0.5)))  p90 \(ms(latency.percentile(0.9)))  p99 \(ms(latency.percentile(0.99)))  max \(ms(latency.max))
            """
    }
}
