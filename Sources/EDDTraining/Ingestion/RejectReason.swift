import EDDCore

/// Why a scan row was rejected; `rawValue` is the stable snake_case name used in summaries and rejects files.
public enum RejectReason: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The row has more or fewer fields than the header.
    case wrongFieldCount = "wrong_field_count"
    /// A required column is empty (the detail names it).
    case missingValue = "missing_value"
    /// The event is neither a DATA.md code nor an alias for the row's carrier.
    case unknownEvent = "unknown_event"
    /// `event_time` is not RFC 3339 with an offset.
    case badTimestamp = "bad_timestamp"
    /// `event_time` parses but its year is outside 1990–2100.
    case implausibleTimestamp = "implausible_timestamp"
    /// `promised_date` is present but not `YYYY-MM-DD`.
    case badPromisedDate = "bad_promised_date"
    /// A quoted field never closes; the line that opened it is rejected.
    case unterminatedQuote = "unterminated_quote"
    /// The row is longer than the reader accepts.
    case rowTooLong = "row_too_long"
    /// A text field is not valid UTF-8.
    case invalidUTF8 = "invalid_utf8"

    public var description: String { rawValue }
}
