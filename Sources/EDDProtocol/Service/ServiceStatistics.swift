/// Counters and latency percentiles for the `stats` op.
public struct ServiceStatistics: Sendable {
    /// The ops counted (plus lines that never decoded).
    public enum Op: Int, CaseIterable, Sendable {
        case edd, risk, health, model, stats, reload, invalid

        init(_ request: Request) {
            switch request {
            case .edd: self = .edd
            case .risk: self = .risk
            case .health: self = .health
            case .model: self = .model
            case .stats: self = .stats
            case .reload: self = .reload
            }
        }

        /// The op's name in `stats` and `/metrics` (`undecoded` for lines that never decoded).
        package var name: String { self == .invalid ? "undecoded" : String(describing: self) }
    }

    /// Requests by ``Op`` raw value.
    package var requests = [Int](repeating: 0, count: Op.allCases.count)
    /// Of those, the ones answered with an error, by ``Op`` raw value (for `/metrics`' outcome label).
    package var failures = [Int](repeating: 0, count: Op.allCases.count)
    /// Errors by the index of their code in `ErrorCode.allCases`.
    package var errors = [Int](repeating: 0, count: ErrorCode.allCases.count)
    /// Latency histogram: bucket i counts requests that took [2^(i/4), 2^((i+1)/4)) nanoseconds.
    package var latency = [Int](repeating: 0, count: 160)
    /// The slowest request, in nanoseconds (exact, not a bucket edge).
    var maxNanos: Double = 0
    /// Every request's time added up, in nanoseconds (a Prometheus histogram's `_sum`).
    package var totalNanos: Double = 0

    package init() {}

    mutating func record(op: Op, error: ErrorCode?, elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        record(op: op, error: error, nanoseconds: Double(attoseconds) / 1e9 + Double(seconds) * 1e9)
    }

    /// Counts one request that took `nanoseconds` (a `Duration`'s components cost more than the rest).
    mutating func record(op: Op, error: ErrorCode?, nanoseconds: Double) {
        requests[op.rawValue] += 1
        if let error {
            failures[op.rawValue] += 1
            if let i = ErrorCode.allCases.firstIndex(of: error) { errors[i] += 1 }
        }
        let ns = max(1, nanoseconds)
        latency[min(latency.count - 1, max(0, Int(4 * log2(ns))))] += 1
        maxNanos = max(maxNanos, ns)
        totalNanos += ns
    }

    /// Adds another set of counters (another shard's) to these.
    mutating func merge(_ other: ServiceStatistics) {
        for i in requests.indices {
            requests[i] += other.requests[i]
            failures[i] += other.failures[i]
        }
        for i in errors.indices { errors[i] += other.errors[i] }
        for i in latency.indices { latency[i] += other.latency[i] }
        maxNanos = max(maxNanos, other.maxNanos)
        totalNanos += other.totalNanos
    }

    /// The latency below which a share `q` of requests completed, in microseconds (upper bucket bound).
    func percentile(_ q: Double) -> Double {
        let total = latency.reduce(0, +)
        guard total > 0 else { return 0 }
        var seen = 0
        for (i, n) in latency.enumerated() {
            seen += n
            if Double(seen) >= q * Double(total) { return pow2(Double(i + 1) / 4) / 1000 }
        }
        return 0
    }

    private func pow2(_ x: Double) -> Double { exp2(x) }

    /// The `stats` members; `extraErrors` adds errors answered outside the service (by the socket layer).
    func fields(extraErrors: [ErrorCode: Int] = [:]) -> [(key: String, value: JSONFragment)] {
        [
            ("requests", .object(Op.allCases.map { ($0.name, .integer(requests[$0.rawValue])) })),
            (
                "errors",
                .object(
                    ErrorCode.allCases.enumerated().map {
                        ($1.rawValue, .integer(errors[$0] + extraErrors[$1, default: 0]))
                    })
            ),
            (
                "latency_us",
                .object([
                    ("p50", .number(round1(percentile(0.5)))), ("p90", .number(round1(percentile(0.9)))),
                    ("p99", .number(round1(percentile(0.99)))), ("max", .number(round1(maxNanos / 1000))),
                ])
            ),
        ]
    }

    private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
}

import EDDCore
import Foundation
