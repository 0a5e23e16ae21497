import EDDCommandLine
import EDDCore
import EDDSpillCommandLine
import EDDTraining
import Foundation

/// `edd-train timelines`: reads scans and writes one row per shipment with its derived milestones.
enum TimelinesCommand {
    static let help = """
        usage: edd-train timelines --scans FILE|- [--aliases FILE] [--rejects FILE] [--as-of TIME] [--out FILE|-]

        Reads scan CSV (DATA.md), groups it by shipment and writes one CSV row per shipment (lane, order,
        ship, delivery, return and cancel times, exception and attempt counts, censoring time and the state
        at the cut-off) to --out (default standard output). The run summary goes to standard error.
          --aliases FILE   carrier,code,event rows mapping carriers' own codes
          --rejects FILE   write rejected rows as line,reason,detail,raw
          --as-of TIME     RFC 3339 instant: events at or after it are ignored, open shipments censored there
        \(SpillFlags.help)
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let aliasesPath = try args.value("--aliases")
        let rejects = try args.value("--rejects")
        let asOf = try args.value("--as-of", "an RFC 3339 time such as 2018-06-01T00:00:00-03:00") {
            RFC3339.parse($0)?.instant
        }
        let out = try args.value("--out") ?? "-"
        let spillFlags = try SpillFlags.read(&args)
        try args.rejectUnknown()
        try FileIdentity.requireDistinct(
            outputs: [("--out", out)] + (rejects.map { [("--rejects", $0)] } ?? []),
            inputs: [("--scans", scans)] + (aliasesPath.map { [("--aliases", $0)] } ?? []))
        for output in [out] + (rejects.map { [$0] } ?? []) { try OutputFile.preflight(output) }
        let aliases = try aliasesPath.map { try AliasTable.load(path: $0) } ?? AliasTable()
        let options = IngestOptions(aliases: aliases, asOf: asOf, rejectsPath: rejects)
        let progress: (Int) -> Void = { rows in
            FileHandle.standardError.write(Data("edd-train: \(rows) rows read\n".utf8))
        }
        if spillFlags.spills(scans) {
            try spillFlags.withDirectory { spill in
                let output = try CSVOutput(path: out)
                let read = try ScanIngestion.writeTimelinesSpilled(
                    path: scans, options: options, spill: spill, memory: spillFlags.memory, to: output,
                    progress: progress)
                try output.finish()
                FileHandle.standardError.write(Data((read.summary.description + "\n").utf8))
                CommandLineTool.printError(
                    SpillFlags.report(peak: read.peakTemporaryBytes, partitions: read.partitions, spill))
            }
            return
        }
        let result = try ScanIngestion.read(path: scans, options: options, progress: progress)
        let output = try CSVOutput(path: out)
        try TimelineCSV.write(result.timelines, stateAt: result.summary.cutoff, to: output)
        try output.finish()
        FileHandle.standardError.write(Data((result.summary.description + "\n").utf8))
    }
}
