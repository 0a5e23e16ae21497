import EDDCore

extension RequestDecoder {
    /// The `invalid_request` error of a date outside ``CivilDate/supportedDays``.
    static func unsupportedDate(_ name: String) -> ProtocolError {
        .invalidRequest(
            "\(name) must be a date from \(CivilDate.firstSupported) to \(CivilDate.lastSupported)")
    }

    /// A request field that carries a date, for span errors.
    enum DateField: CustomStringConvertible {
        case orderTime, shipTime, now, promised
        case scan(Int)

        var description: String {
            switch self {
            case .orderTime: "order_time"
            case .shipTime: "ship_time"
            case .now: "now"
            case .promised: "promised"
            case .scan(let k): "scans[\(k)].time"
            }
        }
    }

    /// The earliest and latest dates of a request seen so far, refusing one that would make them more than
    /// ``maximumSpanDays`` apart.
    ///
    /// Bounds what a request asks the calendars to count (the working days from the order to the promise, from
    /// a scan to now), so no combination of dates costs more than dates a few years apart.
    struct DateSpan {
        private var low: (day: Int32, field: DateField)?
        private var high: (day: Int32, field: DateField)?

        /// Adds a timestamp's date as written (its own offset).
        mutating func include(_ time: RFC3339.Timestamp, _ field: DateField) throws(ProtocolError) {
            try include(time.localDate.dayNumber, field)
        }

        /// Adds the date with day number `day`.
        mutating func include(_ day: Int32, _ field: DateField) throws(ProtocolError) {
            guard let low, let high else {
                self.low = (day, field)
                self.high = (day, field)
                return
            }
            if day < low.day {
                guard Int(high.day) - Int(day) <= RequestDecoder.maximumSpanDays else {
                    throw RequestDecoder.spanError(field, high.field)
                }
                self.low = (day, field)
            } else if day > high.day {
                guard Int(day) - Int(low.day) <= RequestDecoder.maximumSpanDays else {
                    throw RequestDecoder.spanError(field, low.field)
                }
                self.high = (day, field)
            }
        }
    }

    static func spanError(_ field: DateField, _ other: DateField) -> ProtocolError {
        .invalidRequest("\(field) must be within \(maximumSpanDays) days of \(other)")
    }
}
