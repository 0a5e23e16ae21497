import EDDCommandLine
import EDDCore
import EDDSpillCommandLine
import EDDTraining
import Foundation

/// `edd-train report`: the delivery performance report for the data team.
enum ReportCommand {
    static let help = """
        edd-train report --scans FILE|- [--model MODEL] [--from DATE] [--to DATE] [--by week|month] [--out DIR]

        Writes DIR/index.html (one self-contained page), DIR/report.json and DIR/tables/*.csv: shipments by
        outcome and rejected rows by reason; the transit-time distribution (0 … 10+ working days, Kaplan–Meier
        over parcels still in transit) per week or month, overall and per carrier service; on-time rates against
        promised_date with 95% intervals; scorecards per carrier service and origin; lanes, origins and services
        whose transit time or on-time rate changed between the last two periods beyond noise (log-rank and
        two-proportion tests, Benjamini–Hochberg at 5%); with --model, the model's 80%/90% ranges against what
        happened.

        Options:
          --scans FILE|-        scan CSV (DATA.md); '-' reads standard input
          --model MODEL         a model file whose stated ranges are scored against the window's deliveries
          --from DATE           first order date in the report, YYYY-MM-DD (or YYYY-MM: its first day)
          --to DATE             last order date in the report, YYYY-MM-DD (or YYYY-MM: its last day)
          --by week|month       period length (default week)
          --out DIR             output directory (default report)
          --calendars FILE      carrier calendars, as for 'fit' (default: the model's, else from the data)
          --lost-after DAYS     working days after hand-off past which an undelivered parcel is lost (default 20)
          --min-shipments N     groups with fewer are marked, not ranked or tested (default 30)
          --aliases FILE        carrier event-code aliases (rows carrier,code,event)
        \(SpillFlags.help)
        """

    static func run(_ args: inout ArgumentList) throws {
        let scans = try args.required("--scans")
        let modelPath = try args.value("--model")
        let from = try args.value("--from", "a date YYYY-MM-DD") { date($0, end: false) }
        let to = try args.value("--to", "a date YYYY-MM-DD") { date($0, end: true) }
        let by = try args.value("--by") ?? "week"
        guard let period = PerformanceOptions.Period(rawValue: by) else {
            throw UsageError("--by must be week or month, got '\(by)'")
        }
        let out = try args.value("--out") ?? "report"
        let calendarsPath = try args.value("--calendars")
        let lostAfter = try args.integer("--lost-after", in: 1...10_000, "working days") ?? 20
        let minimum = try args.integer("--min-shipments", in: 1...1_000_000) ?? 30
        var ingest = IngestOptions()
        let aliasesPath = try args.value("--aliases")
        let spillFlags = try SpillFlags.read(&args)
        try args.rejectUnknown()
        let options = try PerformanceOptions(
            from: from, to: to, period: period, lostAfterWorkingDays: lostAfter, minimumShipments: minimum)
        // Every flag is checked before any file is read; the report's folder is never one of the inputs.
        let inputs =
            [("--scans", scans)]
            + [
                ("--model", modelPath), ("--calendars", calendarsPath),
                ("--aliases", aliasesPath),
            ].compactMap { flag, path in path.map { (flag, $0) } }
        try FileIdentity.requireDistinct(outputs: [("--out", out)], inputs: inputs)
        if let path = aliasesPath { ingest.aliases = try AliasTable.load(path: path) }

        let clock = ContinuousClock()
        let started = clock.now
        let model = try modelPath.map { try ModelFile.load(path: $0) }
        let name = scans == "-" ? "standard input" : URL(fileURLWithPath: scans).lastPathComponent
        let base =
            try calendarsPath.map { try CarrierCalendars.load(path: $0) } ?? model?.calendars ?? CarrierCalendars()
        func analyze(_ shipments: some Sequence<ShipmentTimeline>, _ summary: IngestSummary) -> PerformanceReport {
            var options = options
            options.calendars = base
            return PerformanceAnalyzer.analyze(
                timelines: shipments, ingest: summary, options: options, model: model,
                title: "Delivery performance: \(name)")
        }
        // A large input is spilled and read back twice (the calendars, then the report), one shipment at a time.
        let report: PerformanceReport
        if spillFlags.spills(scans) {
            report = try spillFlags.withDirectory { spill in
                let read = try ScanIngestion.readSpilled(
                    path: scans, options: ingest, spill: spill, memory: spillFlags.memory, progress: Progress.rows)
                CommandLineTool.printError(read.summary.description)
                let report = analyze(read.shipments, read.summary)
                if let failure = read.shipments.failure { throw failure }
                CommandLineTool.printError(SpillFlags.report(read, spill))
                return report
            }
        } else {
            let result = try ScanIngestion.read(path: scans, options: ingest, progress: Progress.rows)
            CommandLineTool.printError(result.summary.description)
            report = analyze(result.timelines, result.summary)
        }
        try PerformanceReportWriter.write(report, to: out)
        CommandLineTool.printError(
            "\(report.overview.shipments) shipments in the window, \(report.window.periods.count) periods, "
                + "\(report.changes.flagged) changes flagged")
        CommandLineTool.printError("report written to \(out)/index.html in \(clock.now - started)")
    }

    /// A date `YYYY-MM-DD`, or `YYYY-MM` meaning its first day (or, for the end of a window, its last).
    static func date(_ text: String, end: Bool) -> CivilDate? {
        if let d = CivilDate(text) { return d }
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            let first = CivilDate(year: y, month: m, day: 1)
        else { return nil }
        guard end else { return first }
        return CivilDate(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)!.adding(days: -1)
    }
}
