import EDDCommandLine
import EDDCore
import EDDTraining

/// The fit-option flags shared by `fit` and `backtest`.
enum FitOptionFlags {
    /// Reads `--half-life`, `--lost-after`, `--calibration-lost-after`, `--calibration-days` and
    /// `--calendars` into fit options (defaults where absent).
    static func read(_ args: inout ArgumentList) throws -> FitOptions {
        var options = FitOptions()
        let positiveDays: (String) -> Double? = { Double($0).flatMap { $0 > 0 ? $0 : nil } }
        let positiveInteger: (String) -> Int? = { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        if let h = try args.value("--half-life", "a positive number of days", positiveDays) { options.halfLifeDays = h }
        if let l = try args.value("--lost-after", "a positive integer", positiveInteger) {
            options.lostAfterWorkingDays = l
        }
        if let l = try args.value("--calibration-lost-after", "a positive integer", positiveInteger) {
            options.calibrationLostAfterWorkingDays = l
        }
        if let c = try args.value("--calibration-days", "a positive integer", positiveInteger) {
            options.calibrationDays = c
        }
        if let path = try args.value("--calendars") { options.calendars = try CarrierCalendars.load(path: path) }
        return options
    }
}
