import EDDCommandLine
import EDDCore
import EDDSpillCommandLine
import EDDTraining
import Foundation

/// `edd-train merge`: combine shard partial fits into one model.
enum MergeCommand {
    static let help = """
        edd-train merge PARTIAL... --out FILE [options]

        Combines partial fits ('edd-train fit --partial') into the model one fit over the union of their
        scans writes: byte-identical when the shards split the scans by shipment id and were read with the
        same --as-of and --aliases (partials that differ are refused). Every stage is fitted here, from the
        shards' shipments merged in bounded memory.

        Options:
          --out FILE            model file to write (atomically)
          --half-life DAYS, --lost-after DAYS, --calibration-lost-after DAYS, --calibration-days N,
          --no-learned-closures, --late-in-day-per-origin
                                fit options, as for 'fit'
          --calendars FILE      carrier calendars, as for 'fit'
          --closures FILE       extra closure dates, as for 'fit'
          --tmp-dir DIR         where the merged shipments are kept while fitting (default $TMPDIR or /tmp)
        """

    static func run(_ args: inout ArgumentList) throws {
        let out = try args.required("--out")
        var (options, calendarsPath) = try FitOptionFlags.read(&args)
        let closuresPath = try args.value("--closures")
        let spillFlags = try SpillFlags.read(&args)
        try args.rejectUnknown(allowingPositionals: true)
        let partials = args.positionals
        guard !partials.isEmpty else { throw UsageError("merge needs at least one partial fit file") }
        try FileIdentity.requireDistinct(
            outputs: [("--out", out)],
            inputs: partials.map { ("partial", $0) }
                + [("--calendars", calendarsPath), ("--closures", closuresPath)].compactMap { f, p in
                    p.map { (f, $0) }
                })
        try OutputFile.preflight(out)
        try FitOptionFlags.loadCalendars(calendarsPath, into: &options)
        let closures = try closuresPath.map(CarrierCalendars.loadClosures(path:)) ?? []
        let clock = ContinuousClock()
        let started = clock.now
        try spillFlags.withDirectory { spill in
            let merged = try PartialFit.merge(partials, spill: spill)
            options.asOf = merged.reading.asOf
            options.closures = closures
            let (model, summary) = ModelFitter.fit(
                timelines: merged.shipments, options: options,
                dataSummary: ["rows": String(merged.rows), "rejected": String(merged.rejected)])
            if let failure = merged.shipments.failure { throw failure }
            guard summary.delivered > 0 else {
                CommandLineTool.printError(summary.description)
                throw CommandError.badInput(
                    "the partials hold no shipment delivered before the cut-off: there is nothing to learn "
                        + "delivery times from; no model written")
            }
            let id = try ModelFile.save(model, path: out)
            CommandLineTool.printError(
                "merged \(partials.count) partials: \(merged.shipments.count) shipments, \(merged.rows) rows")
            CommandLineTool.printError(summary.description)
            CommandLineTool.printError("model \(id) written to \(out) in \(clock.now - started)")
        }
    }
}
