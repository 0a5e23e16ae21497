import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

/// `edd bench ingest`: scan ingestion throughput and memory on a file.
enum BenchIngestCommand {
    static let help = """
        usage: edd bench ingest --scans FILE [--runs N]

        Reads the scan file N times (default 3) with the ingestion used by edd-train and prints rows/s per
        run, the median, peak RSS (VmHWM) and bytes per shipment. Use a release build.
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let runs = try args.integer("--runs", in: 1...1000) ?? 3
        try args.rejectUnknown()
        let report = try IngestBenchmark.run(scansPath: scans, runs: runs) { i, run in
            let seconds = (run.seconds * 1000).rounded() / 1000
            print("run \(i): \(run.rows) rows in \(seconds) s = \(Int(run.rowsPerSecond.rounded())) rows/s")
        }
        print(report.description)
    }
}
