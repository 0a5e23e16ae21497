import EDDCore
import EDDProtocol
import EDDTraining
import Foundation

/// Measures scan ingestion throughput and memory on a real file (`edd bench ingest`).
public enum IngestBenchmark {
    /// One timed ingestion of the whole file.
    public struct Run: Sendable {
        /// Data rows read.
        public var rows: Int
        /// Wall-clock seconds for reading, grouping and building timelines.
        public var seconds: Double
        public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    }

    /// The runs and the memory figures.
    public struct Report: Sendable, CustomStringConvertible {
        public var runs: [Run]
        /// Shipments built per run.
        public var shipments: Int
        /// Peak resident set size of the process (VmHWM), when /proc is available.
        public var peakRSSBytes: Int?
        /// Resident memory added by the first run while its result was alive, when /proc is available.
        public var retainedBytes: Int?

        /// The median of the runs' rows per second.
        public var medianRowsPerSecond: Double {
            let sorted = runs.map(\.rowsPerSecond).sorted()
            guard !sorted.isEmpty else { return 0 }
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }

        public var description: String {
            var lines = ["median: \(Int(medianRowsPerSecond.rounded())) rows/s over \(runs.count) run(s)"]
            lines.append("shipments: \(shipments)")
            if let peak = peakRSSBytes {
                lines.append("peak RSS (VmHWM): \(peak / 1_048_576) MiB = \(peak / max(1, shipments)) bytes/shipment")
            }
            if let retained = retainedBytes {
                lines.append(
                    "retained by the result: \(retained / 1_048_576) MiB = \(retained / max(1, shipments)) bytes/shipment"
                )
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Ingests `scansPath` `runs` times.
    ///
    /// - Parameters:
    ///   - scansPath: a scan CSV file.
    ///   - runs: how many timed runs (at least one).
    ///   - options: ingestion options (aliases, as-of).
    ///   - perRun: called after each run with its 1-based number and figures.
    /// - Throws: what ``ScanIngestion/read(path:options:progress:)`` throws.
    public static func run(
        scansPath: String, runs: Int, options: IngestOptions = IngestOptions(), perRun: ((Int, Run) -> Void)? = nil
    ) throws -> Report {
        var report = Report(runs: [], shipments: 0)
        let clock = ContinuousClock()
        for i in 1...max(1, runs) {
            let before = i == 1 ? memoryStatus("VmRSS") : nil
            let start = clock.now
            let result = try ScanIngestion.read(path: scansPath, options: options)
            let elapsed = start.duration(to: clock.now)
            if let before, let after = memoryStatus("VmRSS") { report.retainedBytes = after - before }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let run = Run(rows: result.summary.rowsRead, seconds: seconds)
            report.runs.append(run)
            report.shipments = result.summary.shipments
            perRun?(i, run)
        }
        report.peakRSSBytes = memoryStatus("VmHWM")
        return report
    }

    /// A `kB` figure from /proc/self/status (e.g. `VmHWM`), in bytes, or nil when unavailable.
    public static func memoryStatus(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.dropFirst(key.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
