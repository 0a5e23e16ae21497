import EDDCommandLine
import EDDCore
import EDDTraining
import Foundation

/// `edd-train synth`: writes a deterministic synthetic scan feed (see TrainingData/README.md).
enum SynthCommand {
    static let help = """
        usage: edd-train synth --shipments N --out FILE|- [--seed S] [--start YYYY-MM-DD] [--days D] [--clean]
                                 [--profile parcel|freight|no-handoff|eu]

        Writes realistic carrier scans in the edd CSV format (DATA.md): several carriers and services, seven
        warehouses, 124 destination ZIP codes, weekends, US federal holidays, peak season, regional closures,
        lost and returned parcels, failed attempts, and the dirt of real feeds. The same options always give
        the same bytes. A summary of what was written goes to stderr.

          --shipments N   number of shipments (orders)
          --out FILE|-    where to write the CSV ('-' for standard output)
          --seed S        random seed, an unsigned 64-bit integer (default 1)
          --start DATE    first order date, 1990-01-01 to 2089-12-31 (default 2026-08-01)
          --days D        orders are spread over D days (default 120)
          --clean         no dirt: no duplicates, disorder, missing pickups, UTC offsets or malformed rows
          --profile P     the feed's shape (default parcel): parcel (the US parcel feed above), freight (ocean,
                          air and truck, 7-day operations, date-only timestamps, 5-300-day lead times, all
                          delivered, no dirt), no-handoff (the parcel feed with only ORDER_PLACED and DELIVERED)
                          or eu (DE/FR/GB/NL/PL parcels, each country's and region's holidays, cross-border
                          lanes, planted closures; all delivered, no dirt)
        """

    static func run(_ args: inout ArgumentList) throws {
        if args.wantsHelp {
            print(help)
            return
        }
        let shipments = try args.integer("--shipments", in: 0...100_000_000, "shipments")
        let out = try args.required("--out")
        let seed = try args.value("--seed", "an unsigned 64-bit integer") { UInt64($0) } ?? 1
        // Ingestion accepts scans from 1990 to 2100; the last order plus its transit must stay inside.
        let start =
            try args.value("--start", "a date YYYY-MM-DD from 1990-01-01 to 2089-12-31") { text in
                CivilDate(text).flatMap {
                    $0 >= CivilDate(year: 1990, month: 1, day: 1)! && $0 <= CivilDate(year: 2089, month: 12, day: 31)!
                        ? $0 : nil
                }
            } ?? CivilDate("2026-08-01")!
        let days =
            try args.value("--days", "a whole number of days from 1 to 3660") {
                Int($0).flatMap { (1...3660).contains($0) ? $0 : nil }
            } ?? 120
        let clean = try args.flag("--clean")
        let profile =
            try args.value("--profile", "parcel, freight, no-handoff or eu") { SyntheticProfile(rawValue: $0) }
            ?? .parcel
        try args.rejectUnknown()
        guard let shipments else { throw UsageError("missing required --shipments") }

        let configuration = SyntheticConfiguration(
            shipments: shipments, seed: seed, start: start, days: days, dirty: !clean,
            profile: profile)
        let generator = try SyntheticGenerator(configuration: configuration)
        let output = try OutputFile(path: out)

        let loud = shipments >= 100_000
        let stats = try generator.run(
            progress: { done in
                if loud { CommandLineTool.printError("synth: \(done) of \(shipments) shipments") }
            },
            sink: { chunk in try output.write(chunk) })
        try output.finish()
        CommandLineTool.printError("synth: wrote \(out == "-" ? "standard output" : out)\n" + stats.summary)
    }
}
