import EDDCommandLine
import EDDCore
import EDDTraining
import Foundation

/// `edd-train synth`: writes a deterministic synthetic scan feed (see TrainingData/README.md).
enum SynthCommand {
    static let help = """
        usage: edd-train synth --shipments N --out FILE|- [--seed S] [--start YYYY-MM-DD] [--days D] [--clean]
                                 [--profile parcel|freight|no-handoff]

        Writes realistic carrier scans in the edd CSV format (DATA.md): several carriers and services, seven
        warehouses, 124 destination ZIP codes, weekends, US federal holidays, peak season, regional closures,
        lost and returned parcels, failed attempts, and the dirt of real feeds. The same options always give
        the same bytes. A summary of what was written goes to stderr.

          --shipments N   number of shipments (orders)
          --out FILE|-    where to write the CSV ('-' for standard output)
          --seed S        random seed, an unsigned 64-bit integer (default 1)
          --start DATE    first order date (default 2026-08-01)
          --days D        orders are spread over D days (default 120)
          --clean         no dirt: no duplicates, disorder, missing pickups, UTC offsets or malformed rows
          --profile P     the feed's shape (default parcel): parcel (the US parcel feed above), freight (ocean,
                          air and truck, 7-day operations, date-only timestamps, 5-300-day lead times, all
                          delivered, no dirt) or no-handoff (the parcel feed with only ORDER_PLACED and DELIVERED)
        """

    static func run(_ args: inout ArgumentList) throws {
        if args.wantsHelp {
            print(help)
            return
        }
        let shipments = try args.value("--shipments", "a whole number of shipments (0 or more)") {
            Int($0).flatMap { $0 >= 0 ? $0 : nil }
        }
        let out = try args.required("--out")
        let seed = try args.value("--seed", "an unsigned 64-bit integer") { UInt64($0) } ?? 1
        let start = try args.value("--start", "a date YYYY-MM-DD") { CivilDate($0) } ?? CivilDate("2026-08-01")!
        let days =
            try args.value("--days", "a whole number of days from 1 to 3660") {
                Int($0).flatMap { (1...3660).contains($0) ? $0 : nil }
            } ?? 120
        let clean = args.flag("--clean")
        let profile =
            try args.value("--profile", "parcel, freight or no-handoff") { SyntheticProfile(rawValue: $0) } ?? .parcel
        try args.rejectUnknown()
        if let extra = args.positionals.first { throw ToolError.usage("unexpected argument '\(extra)'") }
        guard let shipments else { throw ToolError.usage("missing required --shipments") }

        let configuration = SyntheticConfiguration(
            shipments: shipments, seed: seed, start: start, days: days, dirty: !clean,
            profile: profile)
        let generator = try SyntheticGenerator(configuration: configuration)
        let fd: Int32 = out == "-" ? 1 : open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ToolError.cannotCreate(out, String(cString: strerror(errno))) }
        defer { if fd != 1 { close(fd) } }

        let loud = shipments >= 100_000
        let stats = try generator.run(
            progress: { done in
                if loud { CommandLineTool.printError("synth: \(done) of \(shipments) shipments") }
            },
            sink: { chunk in try chunk.withUnsafeBytes { try CSVOutput.writeAll($0, to: fd, path: out) } })
        CommandLineTool.printError("synth: wrote \(out == "-" ? "standard output" : out)\n" + stats.summary)
    }
}
