import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDSpillCommandLine
import EDDSweep
import EDDTraining
import Foundation

/// `edd sweep`: delay risk for every parcel in flight, straight from the scan feed, flagged once.
enum SweepCommand {
    static let help = """
        edd sweep --model FILE --scans FILE|- [--now TIME] [--threshold P] [--previous FILE] [--output FILE|-]
                  [--format jsonl|csv] [--unsorted] [--aliases FILE] [--rejects FILE] [--threads N]
                  [--memory BYTES] [--tmp-dir DIR]

        Reads a scan CSV exactly as edd-train does and, for every shipment neither delivered, returned nor
        canceled at --now, answers what the risk op answers for it (p_late, late, state, edd, reasons, model),
        with its id, carrier, service, origin, destination and promised date. A shipment without a
        promised_date is answered against the model's own EDD (promised_by "model"). Against --previous (an
        earlier sweep's output) each line is flagged newly_late (notify), still_late, late_again (notified
        before, recovered since), recovered or not_late; notified_at carries the first notification forward.
        Lines are sorted by p_late descending; the summary goes to standard error.

        Options:
          --model FILE      model file (default Models/edd.model)
          --scans FILE      scan CSV (DATA.md); '-' reads standard input
          --now TIME        RFC 3339 instant to assess at (default: the clock); scans after it are ignored
          --threshold P     late is p_late >= P, in [0,1] (default 0.5)
          --previous FILE   an earlier sweep's output (jsonl or csv)
          --output FILE     where the lines go; '-' or absent writes standard output
          --format F        jsonl (default) or csv
          --unsorted        write lines as they are answered: in input order, or with a spilled feed in the
                            order its partitions are answered (no sort of the lines)
          --aliases FILE    carrier,code,event rows mapping carriers' own codes
          --rejects FILE    write rejected scan rows as line,reason,detail,raw
          --threads N       threads answering parcels (default: online CPUs)
          --memory BYTES    memory budget (default 1g; suffixes k, m, g): a feed larger than half of it, or
                            standard input, is spilled to temporary files partitioned by shipment, each
                            partition answered in turn, and sorted lines go through sorted runs on disk
          --tmp-dir DIR     where the temporary files go (default $TMPDIR or /tmp); removed on exit
        """

    static func run(_ args: inout ArgumentList) throws {
        let modelPath = try args.value("--model") ?? "Models/edd.model"
        let scans = try args.required("--scans")
        let now =
            try args.value("--now", "an RFC 3339 timestamp with an offset") { RFC3339.parse($0) }
            ?? RFC3339.Timestamp(instant: QueryService.systemNow(), utcOffset: 0)
        let threshold =
            try args.value("--threshold", "a number in [0,1]") {
                Double($0).flatMap { (0...1).contains($0) ? $0 : nil }
            }
            ?? 0.5
        let previousPath = try args.value("--previous")
        let outputPath = try args.value("--output") ?? "-"
        let format = try args.value("--format", "jsonl or csv") { SweepFormat(rawValue: $0) } ?? .jsonl
        let unsorted = try args.flag("--unsorted")
        var ingest = IngestOptions()
        let aliasesPath = try args.value("--aliases")
        ingest.rejectsPath = try args.value("--rejects")
        let threads = try args.value("--threads", "a whole number from 1 to 256") {
            Int($0).flatMap { (1...256).contains($0) ? $0 : nil }
        }
        let spillFlags = try SpillFlags.read(&args)
        try args.rejectUnknown()
        // Every flag is checked before any file is read, and no output may be one of the inputs.
        try FileIdentity.requireDistinct(
            outputs: [("--output", outputPath)] + (ingest.rejectsPath.map { [("--rejects", $0)] } ?? []),
            inputs: [("--scans", scans), ("--model", modelPath)] + (previousPath.map { [("--previous", $0)] } ?? [])
                + (aliasesPath.map { [("--aliases", $0)] } ?? []))
        for output in [outputPath] + (ingest.rejectsPath.map { [$0] } ?? []) { try OutputFile.preflight(output) }
        if let path = aliasesPath { ingest.aliases = try AliasTable.load(path: path) }

        var options = SweepOptions(now: now, threshold: threshold, format: format, sorted: !unsorted)
        if let threads { options.threads = threads }
        let model = try ModelFile.load(path: modelPath)
        let history = try previousPath.map { try SweepHistory.load(path: $0) } ?? SweepHistory()
        let output = try CSVOutput(path: outputPath)
        let tty = isatty(2) == 1
        let rows: ((Int) -> Void)? = tty ? { Progress.rows($0) } : nil
        let clock = ContinuousClock()
        let started = clock.now
        let cpuStarted = cpuSeconds()
        let answered: ((Int) -> Void)? = tty ? { CommandLineTool.printError("… \($0) parcels answered") } : nil
        var ingested = clock.now
        var cpuIngested = cpuSeconds()
        let summary: SweepSummary
        if spillFlags.spills(scans) {
            // One pass: each partition of the feed is answered as it is reduced, so reading and answering
            // are not timed apart.
            let run = try spillFlags.withDirectory { spill in
                try Sweep.runSpilled(
                    path: scans, base: ingest, model: model, history: history, options: options, spill: spill,
                    memory: spillFlags.memory, write: { try output.appendRaw(bytes: $0) }, rows: rows,
                    progress: answered)
            }
            CommandLineTool.printError(run.ingest.description)
            CommandLineTool.printError(
                "temporary files: at most \(SpillFlags.megabytes(run.peakTemporaryBytes)) in \(spillFlags.directory), "
                    + "\(run.partitions) partitions answered, \(run.runs) sorted runs merged; removed")
            summary = run.summary
            (ingested, cpuIngested) = (started, cpuStarted)
        } else {
            let result = try Sweep.ingest(path: scans, base: ingest, options: options, progress: rows)
            CommandLineTool.printError(result.summary.description)
            ingested = clock.now
            cpuIngested = cpuSeconds()
            summary = try Sweep.run(
                timelines: result.timelines, model: model, history: history, options: options,
                write: { try output.appendRaw(bytes: $0) }, progress: answered)
        }
        try output.finish()
        CommandLineTool.printError(summary.description)
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let (read, swept) = (seconds(ingested - started), seconds(clock.now - ingested))
        let (readCPU, sweptCPU) = (cpuIngested - cpuStarted, cpuSeconds() - cpuIngested)
        CommandLineTool.printError(
            "read the feed in \(rounded(read)) s (CPU \(rounded(readCPU)) s); answered, sorted and wrote "
                + "\(summary.inFlight) parcels in \(rounded(swept)) s (CPU \(rounded(sweptCPU)) s, \(options.threads) "
                + "threads): \(rate(summary.inFlight, swept)) parcels/s, \(rate(summary.inFlight, sweptCPU)) per CPU second"
        )
    }

    private static func rate(_ n: Int, _ s: Double) -> Int { Int((Double(n) / max(s, 1e-9)).rounded()) }

    /// User plus system time of the process so far: the machine is shared, so wall time alone misleads.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    private static func rounded(_ x: Double) -> Double {
        (x * 100).rounded() / 100
    }
}
