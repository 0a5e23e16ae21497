extension OrderEffects {
    /// A column of the quantile layer's design: the intercept, then one indicator per feature of the order.
    ///
    /// The raw value is the column's index in a feature vector and in ``OrderEffects/coefficients``; the
    /// names are those of the model file's header and the fit summary.
    public enum Feature: Int, CaseIterable, Sendable {
        case intercept = 0
        /// The order's local weekday (Sunday is the baseline, so it has no column).
        case monday, tuesday, wednesday, thursday, friday, saturday
        /// Placed after the carrier's configured cut-off, else the one learned from the feed (else 14:00).
        case lateInDay
        /// A public holiday on a weekday within the next seven days.
        case holidayAhead
        /// Peak season, 20 November to 31 December.
        case peak

        /// The column of a weekday, 1 (Monday) … 6 (Saturday) as ``CivilDate/weekday`` counts; nil for Sunday.
        static func weekday(_ w: Int) -> Feature? {
            w >= 1 && w <= 6 ? Feature(rawValue: monday.rawValue + w - 1) : nil
        }

        /// The features after the intercept, in column order.
        public static let indicators = Array(allCases.dropFirst())

        /// The name in the model file and the fit summary (`late_in_day`).
        public var name: String {
            switch self {
            case .intercept: return "intercept"
            case .monday: return "monday"
            case .tuesday: return "tuesday"
            case .wednesday: return "wednesday"
            case .thursday: return "thursday"
            case .friday: return "friday"
            case .saturday: return "saturday"
            case .lateInDay: return "late_in_day"
            case .holidayAhead: return "holiday_ahead"
            case .peak: return "peak"
            }
        }
    }
}
