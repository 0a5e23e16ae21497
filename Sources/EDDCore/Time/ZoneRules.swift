import Foundation
import Synchronization

/// The UTC offsets of one IANA time zone as a table of transitions, for fast local-date arithmetic.
///
/// Built once per zone from Foundation's `TimeZone` (which reads the system's tz database) for the years
/// 1970–2100; afterwards a lookup is a binary search over a few dozen integers rather than a call into ICU.
public struct ZoneRules: Sendable, Hashable {
    /// The IANA identifier, e.g. `America/Sao_Paulo`.
    public let identifier: String
    /// Instants (Unix seconds) at which the offset changes, ascending.
    let transitions: [Int64]
    /// `offsets[0]` applies before `transitions[0]`; `offsets[i + 1]` from `transitions[i]` on.
    let offsets: [Int32]

    /// A zone with a constant offset (seconds east of UTC).
    public init(fixedOffset: Int, identifier: String? = nil) {
        self.identifier = identifier ?? "UTC\(fixedOffset >= 0 ? "+" : "")\(fixedOffset / 3600)"
        self.transitions = []
        self.offsets = [Int32(fixedOffset)]
    }

    /// UTC.
    public static let utc = ZoneRules(fixedOffset: 0, identifier: "UTC")

    /// The rules of an IANA zone, or nil when the identifier is unknown. Cached: each zone is built once.
    public static func named(_ identifier: String) -> ZoneRules? {
        if let cached = cache.withLock({ $0[identifier] }) { return cached }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        var transitions: [Int64] = []
        var offsets: [Int32] = [Int32(zone.secondsFromGMT(for: start))]
        var t = start
        while let next = zone.nextDaylightSavingTimeTransition(after: t), next < end {
            let offset = Int32(zone.secondsFromGMT(for: next))
            if offset != offsets.last {
                transitions.append(Int64(next.timeIntervalSince1970))
                offsets.append(offset)
            }
            t = next
        }
        let rules = ZoneRules(identifier: identifier, transitions: transitions, offsets: offsets)
        cache.withLock { $0[identifier] = rules }
        return rules
    }

    private init(identifier: String, transitions: [Int64], offsets: [Int32]) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
    }

    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// The UTC offset (seconds east) in force at `instant`.
    @inline(__always)
    public func utcOffset(at instant: Instant) -> Int {
        if transitions.isEmpty { return Int(offsets[0]) }
        // Index of the first transition after the instant.
        var lo = 0
        var hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if transitions[mid] <= instant.seconds { lo = mid + 1 } else { hi = mid }
        }
        return Int(offsets[lo])
    }

    /// The local civil date at `instant`.
    public func localDate(of instant: Instant) -> CivilDate {
        instant.adding(seconds: Int64(utcOffset(at: instant))).utcDate
    }

    /// Local seconds after midnight at `instant`.
    public func secondOfDay(of instant: Instant) -> Int {
        localTime(of: instant).secondOfDay
    }

    /// The local civil date and seconds after midnight at `instant`, from one look-up of the offset (what
    /// ``localDate(of:)`` and ``secondOfDay(of:)`` give, for half their cost when both are needed).
    @inline(__always)
    public func localTime(of instant: Instant) -> (date: CivilDate, secondOfDay: Int) {
        let local = instant.seconds + Int64(utcOffset(at: instant))
        let day = Instant.floorDiv(local, 86_400)
        return (CivilDate(dayNumber: Int32(clamping: day)), Int(local - day * 86_400))
    }

    /// The instant of a local wall-clock time.
    ///
    /// A time that does not exist (skipped by a forward DST jump) is read with the offset before the jump,
    /// so it lands just after it; a time that occurs twice takes the earlier occurrence.
    public func instant(of date: CivilDate, secondOfDay: Int) -> Instant {
        let wall = Instant(date: date, secondOfDay: secondOfDay)
        // A reading is valid when the offset it assumes is the offset in force at the instant it gives.
        let before = utcOffset(at: wall.adding(seconds: -86_400))
        let first = wall.adding(seconds: Int64(-before))
        let firstValid = utcOffset(at: first) == before
        let after = utcOffset(at: wall.adding(seconds: 86_400))
        let second = wall.adding(seconds: Int64(-after))
        let secondValid = utcOffset(at: second) == after
        switch (firstValid, secondValid) {
        case (true, true): return min(first, second)
        case (false, true): return second
        default: return first  // valid, or a skipped time read with the offset before the jump
        }
    }
}
