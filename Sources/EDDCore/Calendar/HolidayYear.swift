/// The holidays of one year as a rule set builds them.
///
/// Every helper takes dates that may not exist (a year outside what ``CivilDate`` holds, Easter before the
/// Gregorian reform) and skips them, so a rule set written with these helpers is total: no year traps. The
/// rules are meant for 1900–2199; outside that range they give what the rules say, not what history did.
struct HolidayYear {
    let year: Int
    /// Easter Sunday of the year, when the Gregorian computus applies (1583 on).
    let easter: CivilDate?
    private(set) var holidays: [Holiday] = []

    init(_ year: Int) {
        self.year = year
        // Only where the Gregorian computus applies (1583 on) and the date is one ``CivilDate`` holds; the
        // computus itself is the one the US and Brazilian rules use.
        self.easter = (1583...9999).contains(year) ? HolidayRules.easterSunday(year: year) : nil
    }

    /// Whether a date is already a holiday of this year's list.
    func contains(_ d: CivilDate) -> Bool { holidays.contains { $0.date == d } }

    /// The date, or nil when it does not exist in this year.
    func date(_ month: Int, _ day: Int) -> CivilDate? { CivilDate(year: year, month: month, day: day) }

    mutating func add(_ d: CivilDate?, _ name: String) {
        if let d { holidays.append(Holiday(date: d, name: name)) }
    }

    /// A fixed date (`years` limits the years the law has it).
    mutating func fixed(_ month: Int, _ day: Int, _ name: String, years: ClosedRange<Int> = Int.min...Int.max) {
        if years.contains(year) { add(date(month, day), name) }
    }

    /// A day `offset` days from Easter Sunday (-2 Good Friday, 1 Easter Monday, 39 Ascension, 50 Whit
    /// Monday, 60 Corpus Christi).
    mutating func easter(_ offset: Int, _ name: String, years: ClosedRange<Int> = Int.min...Int.max) {
        if years.contains(year) { add(easter?.adding(days: offset), name) }
    }

    /// The `n`-th `weekday` (0 = Sunday) of `month`; `n = -1` for the last.
    func nth(_ n: Int, _ weekday: Int, _ month: Int) -> CivilDate? {
        if n > 0 {
            guard let first = date(month, 1) else { return nil }
            return first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
        }
        guard let last = date(month, CivilDate.daysInMonth(year: year, month: month)) else { return nil }
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
    }

    mutating func nth(_ n: Int, _ weekday: Int, _ month: Int, _ name: String) { add(nth(n, weekday, month), name) }

    /// The first `weekday` on or after the given day (Victoria Day: the Monday on or after 18 May).
    func onOrAfter(_ weekday: Int, _ month: Int, _ day: Int) -> CivilDate? {
        date(month, day).map { $0.adding(days: (weekday - $0.weekday + 7) % 7) }
    }

    mutating func onOrAfter(_ weekday: Int, _ month: Int, _ day: Int, _ name: String) {
        add(onOrAfter(weekday, month, day), name)
    }

    /// Days that, when one falls on a weekend, give a substitute on the next weekday that is not already a
    /// holiday: the rule of the UK, Australia and New Zealand (Christmas on a Saturday → Monday 27th, Boxing
    /// Day on the Sunday → Tuesday 28th). All the days are listed before any substitute is placed, so a
    /// substitute never lands on a later day of the group. `onSaturday: false` substitutes Sundays only.
    mutating func withSubstitutes(_ days: [(CivilDate?, String)], onSaturday: Bool = true) {
        for (d, name) in days { add(d, name) }
        for case let (d?, name) in days where d.weekday == 0 || (onSaturday && d.weekday == 6) {
            var s = d.adding(days: 1)
            while s.isWeekend || contains(s) { s = s.adding(days: 1) }
            add(s, name + " (substitute)")
        }
    }

    mutating func fixedWithSubstitute(
        _ month: Int, _ day: Int, _ name: String, onSaturday: Bool = true, years: ClosedRange<Int> = Int.min...Int.max
    ) {
        if years.contains(year) { withSubstitutes([(date(month, day), name)], onSaturday: onSaturday) }
    }

    /// A fixed date moved to the next Monday when it falls on a weekend (the day itself is then not a holiday).
    mutating func fixedMovedToMonday(_ month: Int, _ day: Int, _ name: String) {
        guard let d = date(month, day) else { return }
        add(d.weekday == 6 ? d.adding(days: 2) : d.weekday == 0 ? d.adding(days: 1) : d, name)
    }

    /// A fixed date moved to the Monday when it falls on a Sunday (and, with `saturday`, also from Saturday).
    mutating func fixedMondayIfWeekend(
        _ month: Int, _ day: Int, _ name: String, saturday: Bool = false, years: ClosedRange<Int> = Int.min...Int.max
    ) {
        guard years.contains(year), let d = date(month, day) else { return }
        add(d, name)
        if d.weekday == 0 { add(d.adding(days: 1), name + " (observed)") }
        if saturday && d.weekday == 6 { add(d.adding(days: 2), name + " (observed)") }
    }

    /// Takes a date off the list (a holiday moved rather than given a substitute).
    mutating func remove(_ d: CivilDate?) { holidays.removeAll { $0.date == d } }

    /// The list in date order.
    var sorted: [Holiday] { holidays.sorted { $0.date < $1.date } }
}
