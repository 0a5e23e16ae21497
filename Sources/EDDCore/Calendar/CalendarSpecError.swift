/// A calendars or closures file with a line this build cannot use (the file and line are in the message).
public struct CalendarSpecError: EDDError, Equatable {
    /// What is wrong with the line.
    public enum Reason: String, Sendable, Hashable {
        /// The row does not have the expected fields (`carrier,working_days[,holidays[,cutoff]]`, or a date).
        case malformedRow = "calendar_malformed_row"
        /// The holidays field names no calendar ``HolidayRegistry`` knows.
        case unknownHolidays = "calendar_unknown_holidays"
        /// The cut-off is not `HH:MM`.
        case badCutoff = "calendar_bad_cutoff"
    }

    /// What is wrong with the line.
    public let reason: Reason
    public let message: String
    public var code: String { reason.rawValue }
    public var kind: ErrorKind { .badInput }

    /// Creates the error for line `line` (1-based) of `path`.
    init(_ reason: Reason, path: String, line: Int, _ what: String) {
        self.reason = reason
        self.message = "\(path):\(line): \(what)"
    }
}
