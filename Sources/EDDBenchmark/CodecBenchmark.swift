import EDDCore
import EDDProtocol
import EDDTraining

/// Times the protocol codec: decoding a typical `edd` request and encoding a typical response.
///
/// Used by `edd bench codec`. Each run times `iterations` operations with `ContinuousClock`; the result
/// is the median over runs, which shrugs off a run disturbed by other processes on a shared machine.
public enum CodecBenchmark {
    /// Medians in nanoseconds per operation.
    public struct Result: Sendable, CustomStringConvertible {
        /// Median ns to decode ``CodecBenchmark/sampleRequest`` into a ``DecodedRequest``.
        public var decodeNanoseconds: Double
        /// Median ns to encode ``CodecBenchmark/sampleAnswer`` as an `edd` response line.
        public var encodeNanoseconds: Double
        /// Size of the request line in bytes.
        public var requestBytes: Int
        /// Size of the response line in bytes.
        public var responseBytes: Int
        /// Operations per run, and runs.
        public var iterations: Int
        public var runs: Int
        /// Derived from the outputs so the optimizer cannot drop the work; not meaningful otherwise.
        public var checksum: Int

        /// One line per figure.
        public var description: String {
            """
            decode \(requestBytes) B request: \(Int(decodeNanoseconds.rounded())) ns/op
            encode \(responseBytes) B response: \(Int(encodeNanoseconds.rounded())) ns/op
            (median of \(runs) runs × \(iterations) ops)
            """
        }
    }

    /// A ~250-byte checkout request (PROTOCOL.md's example).
    public static let sampleRequest: [UInt8] = Array(
        """
        {"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107"},\
        "destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00",\
        "confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":false}
        """.utf8)

    /// The answer to ``sampleRequest`` as PROTOCOL.md shows it.
    public static var sampleAnswer: EDDAnswer {
        let day = { (d: Int) in CivilDate(year: 2026, month: 11, day: d)! }
        return EDDAnswer(
            edd: day(30), confidence: 0.9, probability: 0.931, range: (day(26), day(30)), mostLikely: day(27),
            quantiles: [(0.1, day(26)), (0.5, day(27)), (0.9, day(30))], distribution: nil,
            basis: ("lane", 1423))
    }

    /// Runs the benchmark.
    ///
    /// - Parameters:
    ///   - iterations: Operations per run (each of decode and encode).
    ///   - runs: Runs; the median is reported.
    /// - Returns: Median ns/op for decode and encode.
    public static func run(iterations: Int = 100_000, runs: Int = 7) -> Result {
        let clock = ContinuousClock()
        let request = sampleRequest
        let answer = sampleAnswer
        let id = RequestID(json: Array("\"c-1\"".utf8))
        var checksum = 0
        var decodeTimes: [Double] = []
        var encodeTimes: [Double] = []
        var out: [UInt8] = []
        out.reserveCapacity(512)
        for _ in 0..<max(1, runs) {
            let decodeElapsed = clock.measure {
                for _ in 0..<iterations {
                    if case .edd(let q)? = try? RequestDecoder.decode(request).request {
                        checksum &+= q.quantiles.count
                    }
                }
            }
            let encodeElapsed = clock.measure {
                for _ in 0..<iterations {
                    out.removeAll(keepingCapacity: true)
                    ResponseWriter.writeEDD(id: id, answer: answer, model: "bench", into: &out)
                    checksum &+= out.count
                }
            }
            decodeTimes.append(nanoseconds(decodeElapsed) / Double(max(1, iterations)))
            encodeTimes.append(nanoseconds(encodeElapsed) / Double(max(1, iterations)))
        }
        return Result(
            decodeNanoseconds: median(decodeTimes), encodeNanoseconds: median(encodeTimes),
            requestBytes: request.count, responseBytes: out.count, iterations: iterations, runs: max(1, runs),
            checksum: checksum)
    }

    static func nanoseconds(_ d: Duration) -> Double {
        let (seconds, attoseconds) = d.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
