/// A calendar date with no time of day and no time zone (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Arithmetic is exact integer arithmetic (Howard Hinnant's `days_from_civil`), so it is fast and has no
/// dependency on Foundation's calendars.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int32

    /// Creates a date from its day number (days since 1970-01-01).
    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Creates a date from year, month (1–12) and day (1–31), or returns nil when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            (-9999...9999).contains(year)
        else { return nil }
        self.dayNumber = Int32(CivilDate.daysFromCivil(year: year, month: month, day: day))
    }

    /// The year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        CivilDate.civilFromDays(Int(dayNumber))
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// Day of the week, 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let w = (Int(dayNumber) + 4) % 7  // 1970-01-01 was a Thursday.
        return w < 0 ? w + 7 : w
    }

    /// Whether this date falls on a Saturday or a Sunday.
    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + Int32(days))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int {
        Int(other.dayNumber) - Int(dayNumber)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// `YYYY-MM-DD`; years before 0 or after 9999 in ISO 8601's expanded form (`-0001-12-31`, `10000-01-01`).
    public var description: String {
        let (y, m, d) = components
        let year = y < 0 ? "-" + CivilDate.pad(-y, 4) : CivilDate.pad(y, 4)
        return year + "-" + CivilDate.pad(m, 2) + "-" + CivilDate.pad(d, 2)
    }

    /// Parses `YYYY-MM-DD` (exactly ten characters), or returns nil.
    public init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)
        guard let date = bytes.withUnsafeMutableBufferPointer({ CivilDate.parse(UnsafeBufferPointer($0)) })
        else { return nil }
        self = date
    }

    /// Parses `YYYY-MM-DD` from raw bytes, or returns nil.
    @inline(__always)
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        // The length is known, so the digits are read two at a time in place.
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let century = ASCII.twoDigits(b, at: 0), let year = ASCII.twoDigits(b, at: 2),
            let month = ASCII.twoDigits(b, at: 5), let day = ASCII.twoDigits(b, at: 8)
        else { return nil }
        return CivilDate(year: century * 100 + year, month: month, day: day)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in the month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid civil date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day number.
    ///
    /// Neri and Schneider's algorithm ("Euclidean affine functions and their application to calendar
    /// algorithms", 2022): a handful of multiplications and shifts on unsigned 32-bit values instead of signed
    /// divisions, in the range it is exact for (years -32800 … 2^31 / 365 or so); Hinnant's algorithm outside it.
    @inline(__always)
    package static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        guard days >= -12_699_422, days <= 1_000_000_000 else { return civilFromDaysByEras(days) }
        // Shift by 82 eras of 400 years so everything is non-negative, and count from 1 March.
        let n = UInt32(truncatingIfNeeded: days + 12_699_422)
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let dayOfCentury = n1 % 146_097 / 4
        let p2 = UInt64(2_939_745) &* UInt64(4 &* dayOfCentury &+ 3)
        let yearOfCentury = UInt32(truncatingIfNeeded: p2 >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4
        let n3 = 2141 &* dayOfYear &+ 197_913
        let january = dayOfYear >= 306
        let year = Int(100 &* century &+ yearOfCentury) - 32_800 + (january ? 1 : 0)
        let month = Int(n3 >> 16) - (january ? 12 : 0)
        return (year, month, Int((n3 & 0xFFFF) / 2141) + 1)
    }

    /// The civil date of a day number by Hinnant's era arithmetic (any day number).
    static func civilFromDaysByEras(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
