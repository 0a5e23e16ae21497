/// The working-day calendar of a carrier or a warehouse in the synthetic world: working weekdays minus the
/// US federal holidays (observed dates: a Saturday holiday is observed on the Friday, a Sunday one on the
/// Monday).
///
/// A calendar is a set of civil dates with no zone: "a working day in the destination's zone" means the
/// destination's local date is a member.
public struct SyntheticCalendar: Sendable {
    /// Working weekdays as a bit mask (bit 0 = Sunday … bit 6 = Saturday).
    public let weekdayMask: UInt8
    private let holidays: Set<Int32>

    /// Monday to Friday.
    public static let weekdays: UInt8 = 0b011_1110
    /// Monday to Saturday.
    public static let weekdaysAndSaturday: UInt8 = 0b111_1110

    /// A calendar closed on weekends outside `weekdayMask` and on US federal holidays of 1990–2100.
    public init(weekdayMask: UInt8) {
        self.weekdayMask = weekdayMask
        self.holidays = SyntheticCalendar.federalHolidayDays
    }

    /// Whether the date is a working day.
    @inline(__always)
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        weekdayMask & (1 << UInt8(date.weekday)) != 0 && !holidays.contains(date.dayNumber)
    }

    /// The `n`-th working day strictly after `date` (`date` itself for 0).
    public func addingWorkingDays(_ n: Int, to date: CivilDate) -> CivilDate {
        var d = date
        var left = n
        while left > 0 {
            d = d.adding(days: 1)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// `date` when it is a working day, otherwise the next one.
    public func nextWorkingDay(onOrAfter date: CivilDate) -> CivilDate {
        var d = date
        while !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }

    /// The number of working days d with `a < d <= b` (0 when `b <= a`).
    public func workingDays(from a: CivilDate, to b: CivilDate) -> Int {
        guard b > a else { return 0 }
        var count = 0
        var d = a.adding(days: 1)
        while d <= b {
            if isWorkingDay(d) { count += 1 }
            d = d.adding(days: 1)
        }
        return count
    }

    /// The observed US federal holidays of a year.
    public static func federalHolidays(year: Int) -> [CivilDate] {
        func date(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: year, month: m, day: d)! }
        func observed(_ d: CivilDate) -> CivilDate {
            d.weekday == 6 ? d.adding(days: -1) : d.weekday == 0 ? d.adding(days: 1) : d
        }
        // The n-th given weekday of a month (n = -1: the last one).
        func nth(_ n: Int, _ weekday: Int, _ month: Int) -> CivilDate {
            if n < 0 {
                let last = date(month, CivilDate.daysInMonth(year: year, month: month))
                return last.adding(days: -((last.weekday - weekday + 7) % 7))
            }
            let first = date(month, 1)
            return first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
        }
        return [
            observed(date(1, 1)), nth(3, 1, 1), nth(3, 1, 2), nth(-1, 1, 5), observed(date(6, 19)),
            observed(date(7, 4)), nth(1, 1, 9), nth(2, 1, 10), observed(date(11, 11)), nth(4, 4, 11),
            observed(date(12, 25)),
        ]
    }

    private static let federalHolidayDays: Set<Int32> = Set(
        (1990...2100).flatMap { federalHolidays(year: $0) }.map(\.dayNumber))
}
