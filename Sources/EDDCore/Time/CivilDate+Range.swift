extension CivilDate {
    /// The day numbers of the dates requests and generated data may use: 1900-01-01 … 2199-12-31.
    ///
    /// Wide enough for any order, shipment or promise and for far-fetched what-ifs; narrow enough that every
    /// calendar computation on it stays inside the business calendars' precomputed tables (which reach a
    /// decade further each way), so no request walks days one at a time. A computed property, not a stored
    /// one, so checking it on the request path is two integer comparisons with no lazy initialization.
    public static var supportedDays: ClosedRange<Int32> { -25_567...84_005 }

    /// The first supported date, 1900-01-01.
    public static var firstSupported: CivilDate { CivilDate(dayNumber: supportedDays.lowerBound) }

    /// The last supported date, 2199-12-31.
    public static var lastSupported: CivilDate { CivilDate(dayNumber: supportedDays.upperBound) }

    /// Whether the date lies in ``supportedDays``.
    @inline(__always)
    public var isSupported: Bool { CivilDate.supportedDays.contains(dayNumber) }

    /// The date of year, month and day for a month (1–12) and day that exist, in any year whose days fit
    /// a day number: what rule-based calendars (holidays, Easter) need for years ``init(year:month:day:)``
    /// refuses. Years beyond the day-number range wrap rather than trap.
    static func ruleDate(year: Int, month: Int, day: Int) -> CivilDate {
        CivilDate(dayNumber: Int32(truncatingIfNeeded: daysFromCivil(year: year, month: month, day: day)))
    }
}
