/// A calendars or closures file with a line this build cannot use (the file and line are in the message).
public typealias CalendarSpecError = CodedError<CalendarSpecReason>

/// What is wrong with a line of a calendars or closures file; every reason is bad input.
public enum CalendarSpecReason: String, ErrorReason {
    /// The row does not have the expected fields (`carrier,working_days[,holidays[,cutoff]]`, or a date).
    case malformedRow = "calendar_malformed_row"
    /// The holidays field names no calendar ``HolidayRegistry`` knows.
    case unknownHolidays = "calendar_unknown_holidays"
    /// The cut-off is not `HH:MM`.
    case badCutoff = "calendar_bad_cutoff"

    /// The kind the command line maps to an exit status.
    public var kind: ErrorKind { .badInput }
}

extension CodedError where Reason == CalendarSpecReason {
    /// The error for line `line` (1-based) of `path`.
    init(_ reason: Reason, path: String, line: Int, _ what: String) {
        self.init(reason, "\(path):\(line): \(what)")
    }
}
