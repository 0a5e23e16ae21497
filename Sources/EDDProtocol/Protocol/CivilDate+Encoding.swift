import EDDCore

extension CivilDate {
    /// The first and last day numbers with a four-digit year: 0000-01-01 and 9999-12-31.
    static var fourDigitYearDays: ClosedRange<Int32> { -719_528...2_932_896 }

    /// Year, month and day when the year has four digits (0…9999), else nil: what the response encoders need.
    @inline(__always)
    var fourDigitYearComponents: (year: Int, month: Int, day: Int)? {
        guard CivilDate.fourDigitYearDays.contains(dayNumber) else { return nil }
        return components
    }
}
