/// The working days of a carrier: which weekdays it works, the national holidays it observes, extra closures,
/// and the order cut-off; with business-day arithmetic both ways.
///
/// Counting is precomputed as prefix sums over 1899–2209 (the supported dates, 1900–2199, with a decade to
/// spare each way for horizons and time zones), so `workingDays(from:to:)` and `isWorkingDay(_:)` are O(1) and
/// `addingWorkingDays(_:to:)` a short scan; outside that range the rules are applied day by day.
public struct BusinessCalendar: Sendable, Hashable {
    /// The weekdays worked.
    public let weekdays: WeekdaySet
    /// The holiday calendar observed, a country or region code ``HolidayRegistry`` knows (`US`, `DE-BY`),
    /// or nil for none.
    public let holidayCountry: String?
    /// Extra non-working dates (closures, regional disruptions).
    public let closures: Set<CivilDate>
    /// Holiday dates the carrier works all the same (learned from its deliveries: the data wins over the
    /// rules); a date here that is no holiday changes nothing, and a closure wins over it.
    public let openings: Set<CivilDate>
    /// Orders placed at or after this local time of day (seconds after midnight) are handled from the next
    /// working day; nil for no cut-off.
    public let cutoffSecondOfDay: Int?
    private let table: Table

    public init(
        weekdays: WeekdaySet = .mondayToFriday, holidayCountry: String? = "US", closures: Set<CivilDate> = [],
        openings: Set<CivilDate> = [], cutoffSecondOfDay: Int? = nil
    ) {
        self.weekdays = weekdays
        self.holidayCountry = holidayCountry?.uppercased()
        self.closures = closures
        self.openings = openings
        self.cutoffSecondOfDay = cutoffSecondOfDay
        self.table = Table(
            weekdays: weekdays, holidayCountry: self.holidayCountry, closures: closures, openings: openings)
    }

    /// Mon–Fri with a country's public holidays.
    public static func standard(country: String) -> BusinessCalendar {
        BusinessCalendar(weekdays: .mondayToFriday, holidayCountry: country)
    }

    public static func == (a: BusinessCalendar, b: BusinessCalendar) -> Bool {
        a.weekdays == b.weekdays && a.holidayCountry == b.holidayCountry && a.closures == b.closures
            && a.openings == b.openings && a.cutoffSecondOfDay == b.cutoffSecondOfDay
    }

    public func hash(into h: inout Hasher) {
        h.combine(weekdays)
        h.combine(holidayCountry)
        h.combine(cutoffSecondOfDay)
    }

    /// Whether the carrier works on `d`.
    @inline(__always)
    public func isWorkingDay(_ d: CivilDate) -> Bool {
        if let i = table.index(d) { return table.prefix[i] - (i > 0 ? table.prefix[i - 1] : 0) == 1 }
        return table.ruleSaysWorking(d)
    }

    /// The number of working days d with `a < d ≤ b` (negative when `b < a`). Friday → Monday is 1.
    @inline(__always)
    public func workingDays(from a: CivilDate, to b: CivilDate) -> Int {
        if b < a { return -workingDays(from: b, to: a) }
        if let i = table.index(a), let j = table.index(b) { return Int(table.prefix[j] - table.prefix[i]) }
        var n = 0
        var d = a.adding(days: 1)
        while d <= b {
            if isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        WorkMeter.record(a.days(to: b))
        return n
    }

    /// The `n`-th working day strictly after `d` (strictly before when `n < 0`); `d` itself when `n == 0`.
    public func addingWorkingDays(_ n: Int, to d: CivilDate) -> CivilDate {
        if n == 0 { return d }
        if let i = table.index(d) {
            let target = n > 0 ? table.prefix[i] + Int32(n) : (i > 0 ? table.prefix[i - 1] : 0) + Int32(n) + 1
            if target >= 1, target <= table.prefix[table.prefix.count - 1] {
                // The first day whose running count reaches the target is that working day. A day adds at
                // most one working day, so it lies at least |n| days away: scan from there.
                return table.prefix.withUnsafeBufferPointer { p in
                    var j: Int
                    if n > 0 {
                        j = min(i + n, p.count - 1)
                        while p[j] < target { j += 1 }
                        WorkMeter.record(j - min(i + n, p.count - 1))
                    } else {
                        j = max(i + n, 0)
                        while j > 0 && p[j - 1] >= target { j -= 1 }
                        while p[j] < target { j += 1 }
                        WorkMeter.record(abs(j - max(i + n, 0)))
                    }
                    return CivilDate(dayNumber: table.first + Int32(j))
                }
            }
        }
        var remaining = abs(n)
        var day = d
        let step = n > 0 ? 1 : -1
        while remaining > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { remaining -= 1 }
        }
        WorkMeter.record(abs(d.days(to: day)))
        return day
    }

    /// `d` if it is a working day, else the next one.
    public func nextWorkingDay(onOrAfter d: CivilDate) -> CivilDate {
        isWorkingDay(d) ? d : addingWorkingDays(1, to: d)
    }

    /// The local date from which an order placed at `order` is handled: its own date, or the next working day
    /// when that date is not a working day or the order came at or after the cut-off.
    public func handlingStartDate(order: Instant, zone: ZoneRules) -> CivilDate {
        handlingStartDate(local: zone.localTime(of: order))
    }

    /// ``handlingStartDate(order:zone:)`` of an order placed at this local date and time.
    package func handlingStartDate(local: (date: CivilDate, secondOfDay: Int)) -> CivilDate {
        let date = local.date
        if !isWorkingDay(date) { return nextWorkingDay(onOrAfter: date) }
        if let cutoff = cutoffSecondOfDay, local.secondOfDay >= cutoff {
            return addingWorkingDays(1, to: date)
        }
        return date
    }

    /// Prefix counts of working days over the precomputed range, shared by copies of a calendar.
    final class Table: Sendable {
        let first: Int32
        let prefix: [Int32]
        let weekdays: WeekdaySet
        let holidays: Set<CivilDate>
        let closures: Set<CivilDate>
        let openings: Set<CivilDate>
        let holidayCountry: String?

        init(
            weekdays: WeekdaySet, holidayCountry: String?, closures: Set<CivilDate>, openings: Set<CivilDate> = []
        ) {
            let start = CivilDate(year: 1899, month: 1, day: 1)!
            let end = CivilDate(year: 2209, month: 12, day: 31)!
            var holidays = Set<CivilDate>()
            if let c = holidayCountry {
                for y in 1898...2210 { for h in HolidayRules.holidays(country: c, year: y) { holidays.insert(h.date) } }
            }
            self.first = start.dayNumber
            self.weekdays = weekdays
            self.holidays = holidays
            self.closures = closures
            self.openings = openings
            self.holidayCountry = holidayCountry
            // Marked by index rather than looked up day by day in the sets: the table spans 311 years, and
            // every calendar (one per carrier, warehouse, service) builds one.
            let count = start.days(to: end) + 1
            var working = (0..<7).map { weekdays.contains(weekday: $0) }
            working = (0..<count).map { working[(start.weekday + $0) % 7] }
            for day in holidays.subtracting(openings).union(closures) {
                let i = Int(day.dayNumber) - Int(start.dayNumber)
                if i >= 0 && i < count { working[i] = false }
            }
            var prefix = [Int32](repeating: 0, count: count)
            var running: Int32 = 0
            for i in 0..<count {
                if working[i] { running += 1 }
                prefix[i] = running
            }
            self.prefix = prefix
        }

        @inline(__always)
        func index(_ d: CivilDate) -> Int? {
            let i = Int(d.dayNumber - first)
            return i >= 0 && i < prefix.count ? i : nil
        }

        func ruleSaysWorking(_ d: CivilDate) -> Bool {
            guard weekdays.contains(weekday: d.weekday), !closures.contains(d) else { return false }
            guard let c = holidayCountry, !openings.contains(d) else { return true }
            WorkMeter.record(1)
            return !HolidayRules.holidays(country: c, year: d.year).contains { $0.date == d }
        }
    }
}
