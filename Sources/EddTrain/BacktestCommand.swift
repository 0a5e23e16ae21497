import EDDCommandLine
import EDDCore
import EDDSpillCommandLine
import EDDTraining
import Foundation

/// `edd-train backtest`: BACKTEST.md's protocol over monthly (or weekly) folds, with a report.
enum BacktestCommand {
    static let help = """
        edd-train backtest --scans FILE --from YYYY-MM --to YYYY-MM [options]

        Runs BACKTEST.md's protocol: for each fold, fits a model as of the fold's first instant (local time),
        predicts every order placed in the fold from what was known at order time, and scores it once matured.
        Prints the pooled metrics; with --report writes DIR/index.html and DIR/metrics.json.

        Options:
          --scans FILE          scan CSV (e.g. from 'edd-train import olist')
          --from YYYY-MM        first fold's month
          --to YYYY-MM          last fold's month
          --step month|week     fold length (default month)
          --zone ZONE           IANA zone of fold boundaries and labels (default: the zone of the first
                                shipment's origin)
          --report DIR          write the HTML report and metrics.json there
          --calendars FILE      carrier calendars, as for 'fit'
          --half-life DAYS, --lost-after DAYS, --calibration-lost-after DAYS, --calibration-days N,
          --no-learned-closures, --late-in-day-per-origin
                                fit options, as for 'fit'
        \(SpillFlags.help)
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let from = try month(try args.required("--from"), "--from")
        let to = try month(try args.required("--to"), "--to")
        let step = try args.value("--step") ?? "month"
        let zoneName = try args.value("--zone")
        let report = try args.value("--report")
        var (options, calendarsPath) = try FitOptionFlags.read(&args)
        let spillFlags = try SpillFlags.read(&args)
        try args.rejectUnknown()
        // Every argument is checked before the scans are read: a typo must not cost a minute of ingestion.
        guard step == "month" || step == "week" else { throw UsageError("--step must be month or week") }
        guard (from.year, from.month) <= (to.year, to.month) else {
            throw UsageError("--from must not be after --to")
        }
        var givenZone: ZoneRules?
        if let zoneName {
            guard let z = ZoneRules.named(zoneName) else {
                throw UsageError("--zone: unknown time zone '\(zoneName)'")
            }
            givenZone = z
        }
        if let report {
            let files = ["index.html", "metrics.json"].map {
                ("--report", (report as NSString).appendingPathComponent($0))
            }
            try FileIdentity.requireDistinct(
                outputs: files,
                inputs: [("--scans", scans)] + (calendarsPath.map { [("--calendars", $0)] } ?? []))
            // The folder is made at the end; one that cannot be should not cost the whole run first.
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: report, isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue { throw OutputFileError(report, "it is not a directory") }
            if exists { for (_, file) in files { try OutputFile.preflight(file) } }
        }
        try FitOptionFlags.loadCalendars(calendarsPath, into: &options)

        let clock = ContinuousClock()
        let started = clock.now
        // Shipments in fit order (by id) whether read in memory or spilled, so both give the same figures.
        func runFolds(_ shipments: some Sequence<ShipmentTimeline> & Sendable, first: ShipmentTimeline?) throws -> (
            [BacktestRunner.Fold], [BacktestRecord], ZoneRules
        ) {
            guard let first else { throw CommandError.badInput("\(scans) has no shipments") }
            let zone = givenZone ?? Geography.zone(for: Geography.resolve(first.origin))
            let folds = BacktestRunner.folds(from: from, to: to, weekly: step == "week", zone: zone)
            guard !folds.isEmpty else { throw UsageError("--from must not be after --to") }
            // Folds are independent: run them on every core.
            let records = BacktestRunner.runAll(timelines: shipments, folds: folds, options: options, zone: zone) {
                fold, n in
                CommandLineTool.printError("fold \(fold.label): \(n) orders")
            }
            return (folds, records, zone)
        }
        let (folds, records, zone): ([BacktestRunner.Fold], [BacktestRecord], ZoneRules)
        if spillFlags.spills(scans) {
            (folds, records, zone) = try spillFlags.withDirectory { spill in
                let read = try ScanIngestion.readSpilled(
                    path: scans, options: IngestOptions(), spill: spill, memory: spillFlags.memory,
                    progress: Progress.rows)
                CommandLineTool.printError(read.summary.description)
                CommandLineTool.printError(SpillFlags.report(read, spill))
                let result = try runFolds(read.shipments, first: read.shipments.firstInInput)
                if let failure = read.shipments.failure { throw failure }
                return result
            }
        } else {
            let result = try ScanIngestion.read(path: scans, options: IngestOptions(), progress: Progress.rows)
            CommandLineTool.printError(result.summary.description)
            (folds, records, zone) = try runFolds(
                ModelFitter.inFitOrder(result.timelines), first: result.timelines.first)
        }
        let metrics = BacktestMetrics.compute(records)
        print(BacktestRunner.summaryTable(metrics))
        if let report {
            try ReportWriter.write(
                metrics: metrics, to: report, title: "edd backtest: \(URL(fileURLWithPath: scans).lastPathComponent)",
                notes: [
                    "Folds \(folds.first!.label) to \(folds.last!.label) (\(step)), boundaries at local midnight in \(zone.identifier).",
                    "Fit options: half-life \(options.halfLifeDays.map { "\($0) days" } ?? "derived per fold"), lost after \(options.lostAfterWorkingDays.map { "\($0) working days" } ?? "a number of working days derived per fold"), calibration on the last \(options.calibrationDays.map { "\($0) days" } ?? "days derived per fold").",
                ])
            CommandLineTool.printError("report written to \(report)/index.html")
        }
        CommandLineTool.printError("backtest done in \(clock.now - started)")
    }

    static func month(_ text: String, _ flag: String) throws -> (year: Int, month: Int) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]), (1970...2100).contains(parts[0]) else {
            throw UsageError("\(flag) must be YYYY-MM, got '\(text)'")
        }
        return (parts[0], parts[1])
    }
}
