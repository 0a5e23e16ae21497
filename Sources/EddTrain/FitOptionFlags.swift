import EDDCommandLine
import EDDCore
import EDDTraining

/// The fit-option flags shared by `fit` and `backtest`.
enum FitOptionFlags {
    /// Reads `--half-life`, `--lost-after`, `--calibration-lost-after`, `--calibration-days`,
    /// `--no-learned-closures`, `--late-in-day-per-origin` into fit options
    /// (defaults where absent) and returns the `--calendars` path, which ``loadCalendars(_:into:)`` reads once
    /// every argument has been checked.
    static func read(_ args: inout ArgumentList) throws -> (options: FitOptions, calendars: String?) {
        var options = FitOptions()
        // A century of half-life is already "no recency weighting"; a stage a year late is lost.
        if let h = try args.number("--half-life", in: 0...36_500, above: true, "days") { options.halfLifeDays = h }
        if let l = try args.integer("--lost-after", in: 1...365, "working days") { options.lostAfterWorkingDays = l }
        if let l = try args.integer("--calibration-lost-after", in: 1...365, "working days") {
            options.calibrationLostAfterWorkingDays = l
        }
        if let c = try args.integer("--calibration-days", in: 1...3660, "days") { options.calibrationDays = c }
        if try args.flag("--no-learned-closures") { options.learnsClosures = false }
        if try args.flag("--late-in-day-per-origin") { options.learnsLateInDayPerOrigin = true }
        return (options, try args.value("--calendars"))
    }

    /// Loads the `--calendars` file into `options`, when one was given.
    static func loadCalendars(_ path: String?, into options: inout FitOptions) throws {
        if let path { options.calendars = try CarrierCalendars.load(path: path) }
    }
}
