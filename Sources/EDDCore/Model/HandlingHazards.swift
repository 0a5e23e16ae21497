/// The chance that an order still waiting at the start of one of its first working days of handling is picked
/// up that day, by the side of the day's cut-off it was placed on, learned from the feed: per origin (the
/// warehouse or seller that ships, as handling is learned) and over every origin.
///
/// An origin's handling distribution mixes two kinds of order: those placed before the cut-off, which often
/// leave the same day, and those placed after it, which leave a day later. Moving the whole mixture by the
/// order-timing shift (a median, a fraction of a day) does not turn it into either: an order placed at 09:00
/// kept the mixture's same-day chance, about half what such orders had. What a parcel still waiting is asked
/// (will it go today?) is a hazard, so it is counted as one: of the orders still waiting when working day k of
/// their handling began, placed on one side of the cut-off, how many went that day. Per weekday of that day
/// too: whether an origin ships on a Saturday or a Sunday is its own, whatever its carrier's calendar says.
/// After ``days`` the handling distribution's own shape carries on.
public struct HandlingHazards: Sendable, Equatable {
    /// The working days of handling counted per side: day 0 (the order's) and the next two.
    public static let days = 3
    /// Whether an order counts on the late side: placed after the day's cut-off
    /// (``OrderEffects/isLateInDay(secondOfDay:calendar:lateAfter:)``), or on a day the carrier does not work
    /// (its handling then counts from a day nobody picks up on, like an order placed after the last cut-off).
    /// - Parameter start: the order's handling count start (``BusinessCalendar/handlingCountStart(order:zone:)``).
    public static func isLate(
        secondOfDay: Int, start: CivilDate, calendar: BusinessCalendar, lateAfter: Int?
    ) -> Bool {
        !calendar.isWorkingDay(start)
            || OrderEffects.isLateInDay(secondOfDay: secondOfDay, calendar: calendar, lateAfter: lateAfter)
    }

    /// Cells per origin: (side, day, weekday).
    public static let cellCount = 2 * days * 7

    /// The cells' index of (side, day, weekday of that day, 0 = Sunday): the early side's first.
    @inline(__always)
    public static func index(late: Bool, day: Int, weekday: Int) -> Int { ((late ? days : 0) + day) * 7 + weekday }

    /// Per (side, day, weekday) (``index(late:day:weekday:)``): orders still waiting when the day began, and
    /// of them those picked up that day.
    public struct Cell: Sendable, Equatable {
        public var waiting: [Double]
        public var picked: [Double]

        public init(
            waiting: [Double] = Array(repeating: 0, count: HandlingHazards.cellCount),
            picked: [Double] = Array(repeating: 0, count: HandlingHazards.cellCount)
        ) {
            self.waiting = waiting
            self.picked = picked
        }
    }

    /// Keyed by origin id, and by "" for every origin.
    public var cells: [String: Cell]
    /// The carriers whose feed reports hand-offs, the only ones counted: on a carrier that never scans a
    /// hand-off, an order is "waiting" until it is delivered, and these chances say nothing of it.
    public var carriers: Set<String>

    public init(cells: [String: Cell], carriers: Set<String>) {
        self.cells = cells
        self.carriers = carriers
    }

    /// Nothing learned (a model fitted before format 8): handling's own distribution, moved by the order's
    /// timing, stands.
    public static let none = HandlingHazards(cells: [:], carriers: [])

    /// Orders of one origin weigh this many at every origin's chance: an origin seen a few times says little
    /// alone.
    public static let priorOrders = 20.0

    /// Every origin's chance on a weekday is read with one order added at its side and day's chance over every
    /// weekday, and that one with half an order picked up of one (Jeffreys' prior): a cell seen on three
    /// orders that all went says "likely", never "certainly", and a weekend cell seen once not picked up
    /// says "rarely", never "never" (a small feed's cells are thin, and a chance of 1 would promise the date).
    public static let priorWeekdayOrders = 1.0

    /// P(picked up on working day `day` of handling, a `weekday` | still waiting when it began, placed on
    /// that side): every origin's chance (drawn to the side and day's over every weekday by
    /// ``priorWeekdayOrders``), an origin's own drawn to it by ``priorOrders``; nil when no order of any
    /// origin was seen waiting then.
    public func hazard(origin: String?, late: Bool, day: Int, weekday: Int) -> Double? {
        guard (0..<Self.days).contains(day), (0..<7).contains(weekday), let all = cells[""] else { return nil }
        let i = Self.index(late: late, day: day, weekday: weekday)
        guard all.waiting[i] > 0 else { return nil }
        // A side and day's weekdays are 7 adjacent cells (``index(late:day:weekday:)``).
        let week = Self.index(late: late, day: day, weekday: 0)..<Self.index(late: late, day: day, weekday: 0) + 7
        let weekRate = (all.picked[week].reduce(0, +) + 0.5) / (all.waiting[week].reduce(0, +) + 1)
        let rate = (all.picked[i] + Self.priorWeekdayOrders * weekRate) / (all.waiting[i] + Self.priorWeekdayOrders)
        guard let origin, !origin.isEmpty, let own = cells[origin] else { return rate }
        return (own.picked[i] + Self.priorOrders * rate) / (own.waiting[i] + Self.priorOrders)
    }

    /// The distribution of the working day of handling an order of `carrier` from `origin`, placed on the
    /// `late` side of the cut-off, whose handling counts from `start` on `calendar`, and still waiting at the
    /// start of working day `elapsed`, is picked up on: the learned chance on each of the first ``days`` days,
    /// then `handling`'s own shape from the first day after them. Nil when the carrier was not counted,
    /// `elapsed` is past those days, or a day on the way was never seen (the caller keeps its own answer).
    public func waiting(
        handling: DayDistribution, carrier: String, origin: String?, late: Bool, start: CivilDate,
        calendar: BusinessCalendar, elapsed: Int
    ) -> DayDistribution? {
        guard carriers.contains(carrier), elapsed >= 0, elapsed < Self.days else { return nil }
        let n = handling.probabilities.count
        guard n > Self.days else { return nil }
        var p = [Double](repeating: 0, count: n)
        var surviving = 1.0
        for day in elapsed..<Self.days {
            let weekday = calendar.addingWorkingDays(day, to: start).weekday
            guard let h = hazard(origin: origin, late: late, day: day, weekday: weekday) else { return nil }
            p[day] = surviving * h
            surviving *= 1 - h
        }
        if surviving > 0 {
            let tail = handling.remaining(atLeast: Self.days) ?? .point(Self.days, buckets: n)
            for (k, q) in tail.probabilities.enumerated() where q > 0 { p[k] += surviving * q }
        }
        return DayDistribution(probabilities: p)
    }
}
