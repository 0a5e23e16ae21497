/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// Scans carry second precision at best, so an integer keeps comparisons and grouping exact.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch.
    public var seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// The UTC instant of a civil date at a time of day (seconds after midnight) at a fixed UTC offset.
    public init(date: CivilDate, secondOfDay: Int = 0, utcOffset: Int = 0) {
        self.seconds = Int64(date.dayNumber) * 86_400 + Int64(secondOfDay) - Int64(utcOffset)
    }

    /// The instant `s` seconds later.
    public func adding(seconds s: Int64) -> Instant { Instant(seconds: seconds + s) }

    /// The instant `d` days (of 86,400 s) later.
    public func adding(days d: Double) -> Instant { Instant(seconds: seconds + Int64((d * 86_400).rounded())) }

    /// Seconds from `self` to `other`.
    public func seconds(to other: Instant) -> Int64 { other.seconds - seconds }

    /// Days (fractional) from `self` to `other`.
    public func days(to other: Instant) -> Double { Double(other.seconds - seconds) / 86_400 }

    /// The UTC civil date of this instant (clamped to the day-number range for instants beyond ±5.8 million
    /// years, which no parsed input reaches, rather than trapping).
    public var utcDate: CivilDate {
        CivilDate(dayNumber: Int32(clamping: Instant.floorDiv(seconds, 86_400)))
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    /// RFC 3339 in UTC, e.g. `2026-11-24T01:12:00Z`.
    public var description: String { RFC3339.format(self, utcOffset: 0) }

    package static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
