import EDDCommandLine
import EDDCore
import EDDSpillCommandLine
import EDDTraining
import Foundation

/// `edd-train fit`: learn a model from scans and write it.
enum FitCommand {
    static let help = """
        edd-train fit --scans FILE|- --out FILE [options]

        Learns handling and transit distributions from historical scans and writes a model file.

        Options:
          --scans FILE|-        scan CSV (DATA.md); '-' reads standard input
          --out FILE            model file to write (atomically)
          --as-of TIME          RFC 3339 cut-off: nothing at or after it is used; undelivered shipments are
                                censored there (default: just after the latest scan)
          --half-life DAYS      recency half-life in days (default: half the history's span)
          --lost-after DAYS     working days after which a stage still under way at the cut-off no longer
                                counts as censored in the lane statistics (default: from the data, printed
                                with the reason: the 99th percentile of completed stages when at most 1% of
                                matured shipments were never delivered, else 5)
          --calibration-lost-after DAYS
                                the same for the calibration of confidences (default 12, or twice the derived
                                lost-after when that is longer)
          --calibration-days N  days of recent orders that calibrate the confidences (default: derived
                                from the feed, see the fit summary)
          --aliases FILE        carrier event-code aliases (rows carrier,code,event)
          --rejects FILE        write rejected rows with their line numbers and reasons
          --calendars FILE      carrier calendars, rows carrier,working_days,holidays,cutoff (see the README);
                                carriers not listed get Mon–Fri (plus Saturday if they deliver on Saturdays)
                                and the public holidays of the country they mostly deliver to
          --closures FILE       extra closure dates, rows YYYY-MM-DD[,carrier]
          --no-learned-closures do not learn closures or worked holidays from the deliveries (by default a
                                carrier-area-day with at most 10% of its weekday's usual deliveries, where a
                                Poisson test at 1% over all days tested says so, is a closure; see the README)
          --late-in-day-per-origin
                                let each origin whose orders stop leaving the same day at another hour keep
                                its own late-in-day cut-off (default: the feed's, learned from its hand-offs)
          --partial             write the shard's partial fit to --out ('-': standard output) instead of a
                                model; 'edd-train merge' combines partials into the model one fit over their
                                union writes (the fit options, --calendars and --closures go to merge)
        \(SpillFlags.help)
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let out = try args.required("--out")
        var (options, calendarsPath) = try FitOptionFlags.read(&args)
        options.asOf = try args.value("--as-of", "an RFC 3339 timestamp with an offset") { RFC3339.parse($0)?.instant }
        let closuresPath = try args.value("--closures")
        let aliasesPath = try args.value("--aliases")
        let rejects = try args.value("--rejects")
        let spillFlags = try SpillFlags.read(&args)
        let partial = try args.flag("--partial")
        try args.rejectUnknown()
        if partial {
            let defaults = FitOptions()
            guard calendarsPath == nil, closuresPath == nil, options.halfLifeDays == defaults.halfLifeDays,
                options.lostAfterWorkingDays == nil,
                options.calibrationLostAfterWorkingDays == defaults.calibrationLostAfterWorkingDays,
                options.calibrationDays == defaults.calibrationDays, options.learnsClosures
            else {
                throw UsageError(
                    "--partial only reads the shard: give --calendars, --closures and the fit options to merge")
            }
        }
        try FileIdentity.requireDistinct(
            outputs: [("--out", out)] + (rejects.map { [("--rejects", $0)] } ?? []),
            inputs: [("--scans", scans)]
                + [
                    ("--aliases", aliasesPath), ("--calendars", calendarsPath),
                    ("--closures", closuresPath),
                ].compactMap { f, p in p.map { (f, $0) } })

        for output in [out] + (rejects.map { [$0] } ?? []) { try OutputFile.preflight(output) }
        try FitOptionFlags.loadCalendars(calendarsPath, into: &options)
        let closures = try closuresPath.map(CarrierCalendars.loadClosures(path:)) ?? []
        var ingest = IngestOptions()
        ingest.asOf = options.asOf
        if let path = aliasesPath { ingest.aliases = try AliasTable.load(path: path) }
        ingest.rejectsPath = rejects

        let clock = ContinuousClock()
        let started = clock.now
        // Only what the data and options say goes into the model (and so into its id): the input's name does
        // not, so the same scans give the same file whether read from a file or from standard input.
        func fitAndSave(_ shipments: some Sequence<ShipmentTimeline>, _ read: IngestSummary) throws -> FitSummary {
            var options = options
            options.closures = closures
            let (model, summary) = ModelFitter.fit(
                timelines: shipments, options: options,
                dataSummary: ["rows": String(read.rowsRead), "rejected": String(read.rejectedTotal)])
            if let spilled = shipments as? SpilledShipments, let failure = spilled.failure { throw failure }
            guard summary.delivered > 0 else {
                CommandLineTool.printError(summary.description)
                throw CommandError.badInput(
                    "\(scans == "-" ? "standard input" : scans) has no shipment delivered before the cut-off "
                        + "(\(summary.used) used, \(summary.canceled) canceled, \(summary.skipped) not yet visible): "
                        + "there is nothing to learn delivery times from; no model written")
            }
            let id = try ModelFile.save(model, path: out)
            CommandLineTool.printError(summary.description)
            CommandLineTool.printError("model \(id) written to \(out) in \(clock.now - started)")
            return summary
        }
        if partial {
            let reading = PartialFit.Reading(
                asOf: options.asOf,
                aliases: try aliasesPath.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw InputFileError.cannotOpen(path)
                    }
                    return PartialFit.digest(Array(data))
                } ?? "")
            if spillFlags.spills(scans) {
                try spillFlags.withDirectory { spill in
                    let read = try ScanIngestion.readSpilled(
                        path: scans, options: ingest, spill: spill, memory: spillFlags.memory, progress: Progress.rows)
                    CommandLineTool.printError(read.summary.description)
                    CommandLineTool.printError(SpillFlags.report(read, spill))
                    try PartialFit.write(read, reading: reading, to: out)
                }
            } else {
                let result = try ScanIngestion.read(path: scans, options: ingest, progress: Progress.rows)
                CommandLineTool.printError(result.summary.description)
                try PartialFit.write(result.timelines, summary: result.summary, reading: reading, to: out)
            }
            CommandLineTool.printError("partial fit written to \(out == "-" ? "standard output" : out)")
            return
        }
        if spillFlags.spills(scans) {
            try spillFlags.withDirectory { spill in
                let read = try ScanIngestion.readSpilled(
                    path: scans, options: ingest, spill: spill, memory: spillFlags.memory, progress: Progress.rows)
                CommandLineTool.printError(read.summary.description)
                CommandLineTool.printError(SpillFlags.report(read, spill))
                _ = try fitAndSave(read.shipments, read.summary)
            }
        } else {
            let result = try ScanIngestion.read(path: scans, options: ingest, progress: Progress.rows)
            CommandLineTool.printError(result.summary.description)
            _ = try fitAndSave(ModelFitter.inFitOrder(result.timelines), result.summary)
        }
    }
}
