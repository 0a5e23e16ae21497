import EDDCommandLine
import EDDCore
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
          --half-life DAYS      recency half-life in days (default \(Int(FitOptions.defaultHalfLifeDays)), chosen by backtest)
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
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let out = try args.required("--out")
        var (options, calendarsPath) = try FitOptionFlags.read(&args)
        options.asOf = try args.value("--as-of", "an RFC 3339 timestamp with an offset") { RFC3339.parse($0)?.instant }
        let closuresPath = try args.value("--closures")
        let aliasesPath = try args.value("--aliases")
        let rejects = try args.value("--rejects")
        try args.rejectUnknown()
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
        let result = try ScanIngestion.read(path: scans, options: ingest, progress: Progress.rows)
        CommandLineTool.printError(result.summary.description)
        options.calendars = options.calendars.completed(from: result.timelines).closing(closures)
        // Only what the data and options say goes into the model (and so into its id): the input's name does
        // not, so the same scans give the same file whether read from a file or from standard input.
        let (model, summary) = ModelFitter.fit(
            timelines: result.timelines, options: options,
            dataSummary: [
                "rows": String(result.summary.rowsRead), "rejected": String(result.summary.rejectedTotal),
            ])
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
    }
}
