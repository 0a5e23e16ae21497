import EDDCore
import Foundation

/// Finds the days a carrier was closed, or open, against its calendar's rules, from its daily deliveries
/// alone (``DeliveryDayCounts``).
///
/// **The test.** For each carrier, area (a country, and each region of it) and day on a weekday the
/// carrier works, the usual volume λ is the median of the deliveries on the same weekday one to four weeks
/// before and after that follow as many days off by the rules (at least four such days inside the tested
/// span): a Tuesday after Easter Monday is compared with days after two days off, not with Tuesdays, since
/// a carrier collecting nothing on the days before delivers little on it; such a day is not tested. Under "an ordinary day", deliveries
/// are taken as Poisson with mean λ. A day is a **closure** when both
/// - its deliveries x are at most a tenth of λ (a closed day shows next to none, while the day after a
///   holiday or a weekend without collections can dip to a third of its usual volume), and
/// - P(X ≤ x | λ) ≤ α / N, with α = 1% and N the number of carrier-area-days tested in the fit (Bonferroni):
///   across the whole fit, the chance of flagging any ordinary day is at most 1%.
/// So a day with no deliveries at all is a closure only when λ ≥ ln(N / α) (e.g. 13.8 deliveries with
/// N = 10,000): on thinner lanes nothing is claimed, whatever the data shows. A rule **holiday** is
/// **contradicted** (the carrier worked it) when λ reaches that same bound, so that a closure would have
/// shown, and the day still had at least half its usual deliveries.
///
/// The tested span of an area starts once deliveries can have reached their usual volume (the first order
/// plus the carrier's 95th-percentile order → delivery days) and ends at the last order (or the last full
/// day before the cut-off), so the ramps at a feed's ends are not mistaken for closures; the first and last
/// 0.5% of the area's orders are set aside for this, so that a few stray orders far from the rest (as at
/// either end of the Olist data) do not stretch the span over days of little volume.
///
/// **Combining with the rules.** A closure on a day the rules already close confirms them. A closure the
/// rules lack is learned: seen on the same month and day in two or more years it recurs yearly, else seen the
/// same number of days from Easter in two or more years it recurs with Easter, else it holds for the dates
/// seen only. A contradicted holiday is learned as worked by that carrier in that area, every year, by its
/// rule name. A region's finding on a date its whole country shares is reported once, for the country.
public enum ClosureDetector {
    /// The family-wise level of the closure test.
    public static let level = 0.01
    /// A closure has at most this share of the usual volume.
    public static let closedShare = 0.1
    /// A worked holiday has at least this share of the usual volume.
    public static let openShare = 0.5
    /// Same-weekday neighbours either side that give the usual volume, and the fewest needed.
    static let neighbourWeeks = 4
    static let fewestNeighbours = 4
    /// The share of an area's orders set aside at each end of its span (``DeliveryDayCounts/Tally/orderSpan(trimming:)``).
    static let orderTrim = 0.005
    /// Easter-based recurrences are looked for this many days either side of Easter Sunday.
    static let easterReach = 70

    /// One carrier-area-day tested.
    struct Cell {
        var area: DeliveryDayCounts.Area
        var day: CivilDate
        var observed: Int
        var usual: Double
        /// The rule holiday on the day, or nil when the rules call it a working day.
        var holiday: String?
    }

    /// Tests every carrier-area-day of `counts` against the rules of `calendars`.
    public static func detect(_ counts: DeliveryDayCounts, calendars: CarrierCalendars) -> ClosureFindings {
        var cells: [Cell] = []
        var ruleCache: [DeliveryDayCounts.Area: BusinessCalendar] = [:]
        for (area, tally) in counts.areas.sorted(by: { $0.key < $1.key }) {
            let rules = calendars.ruleCalendar(
                for: area.carrier, destination: ResolvedPlace(country: area.country, region: area.region))
            ruleCache[area] = rules
            let span = tally.orderSpan(trimming: orderTrim)
            let first = span.first + Int32(counts.lead95(area.carrier))
            let last = min(span.last, tally.lastFullDay)
            guard first <= last else { continue }
            for n in first...last {
                let day = CivilDate(dayNumber: n)
                guard rules.weekdays.contains(weekday: day.weekday) else { continue }
                // Only days after as many days off compare: the first day after a Monday holiday gets as
                // little as a Monday does (nothing was collected the days before), not a closure.
                let gap = daysOffBefore(day, rules)
                var around: [Int] = []
                for k in 1...neighbourWeeks {
                    for m in [n - Int32(7 * k), n + Int32(7 * k)] where m >= first && m <= last {
                        guard daysOffBefore(CivilDate(dayNumber: m), rules) == gap else { continue }
                        around.append(tally.deliveries[m] ?? 0)
                    }
                }
                guard around.count >= fewestNeighbours else { continue }
                let usual = median(around)
                guard usual > 0 else { continue }
                var holiday: String?
                if !rules.isWorkingDay(day), let code = rules.holidayCountry, !rules.closures.contains(day) {
                    holiday = HolidayRules.holidays(country: code, year: day.year).first { $0.date == day }?.name
                    // A day closed by a configured closure, not a holiday, is the user's to decide.
                    if holiday == nil { continue }
                } else if !rules.isWorkingDay(day) {
                    continue
                }
                cells.append(
                    Cell(area: area, day: day, observed: tally.deliveries[n] ?? 0, usual: usual, holiday: holiday))
            }
        }
        var findings = ClosureFindings()
        findings.tested = cells.count
        guard !cells.isEmpty else { return findings }
        let perDay = level / Double(cells.count)
        findings.perDayLevel = perDay
        findings.leastUsualForZero = log(1 / perDay)
        var closures: [Cell] = []
        var openings: [Cell] = []
        for c in cells {
            let closed =
                Double(c.observed) <= closedShare * c.usual && poissonCDF(c.observed, mean: c.usual) <= perDay
            if closed {
                if c.holiday != nil { findings.confirmedHolidays += 1 } else { closures.append(c) }
            } else if c.holiday != nil, c.usual >= findings.leastUsualForZero,
                Double(c.observed) >= openShare * c.usual
            {
                openings.append(c)
            }
        }
        findings.learned = group(closures: national(closures), openings: national(openings))
        return findings
    }

    /// The days off by the rules just before `day` (at most a week).
    static func daysOffBefore(_ day: CivilDate, _ rules: BusinessCalendar) -> Int {
        var n = 0
        while n < 7, !rules.isWorkingDay(day.adding(days: -(n + 1))) { n += 1 }
        return n
    }

    /// Drops a region's finding on a date its whole country has the same finding on.
    static func national(_ cells: [Cell]) -> [Cell] {
        var countryDays = Set<String>()
        for c in cells where c.area.region == nil { countryDays.insert("\(c.area.carrier)|\(c.area.country)|\(c.day)") }
        return cells.filter { c in
            c.area.region == nil || !countryDays.contains("\(c.area.carrier)|\(c.area.country)|\(c.day)")
        }
    }

    /// Findings grouped by area into recurrences.
    static func group(closures: [Cell], openings: [Cell]) -> [LearnedDay] {
        var out: [LearnedDay] = []
        func day(_ cells: [Cell], _ kind: LearnedDay.Kind, _ recurrence: LearnedDay.Recurrence) -> LearnedDay {
            let a = cells[0].area
            return LearnedDay(
                carrier: a.carrier, country: a.country, region: a.region, kind: kind, recurrence: recurrence,
                seen: cells.map(\.day).sorted(), observed: cells.map(\.observed).reduce(0, +),
                expected: cells.map(\.usual).reduce(0, +))
        }
        for (_, cells) in Dictionary(grouping: closures, by: \.area).sorted(by: { $0.key < $1.key }) {
            var left = cells.sorted { $0.day < $1.day }
            // Same month and day in two or more years.
            let byDate = Dictionary(grouping: left) { $0.day.components.month * 100 + $0.day.components.day }
            for (key, same) in byDate.sorted(by: { $0.key < $1.key }) where Set(same.map(\.day.year)).count >= 2 {
                out.append(day(same, .closure, .yearly(month: key / 100, day: key % 100)))
                left.removeAll { c in same.contains { $0.day == c.day } }
            }
            // Same distance from Easter in two or more years.
            let byEaster = Dictionary(grouping: left) { HolidayRules.easterSunday(year: $0.day.year).days(to: $0.day) }
            for (offset, same) in byEaster.sorted(by: { $0.key < $1.key })
            where abs(offset) <= easterReach && Set(same.map(\.day.year)).count >= 2 {
                out.append(day(same, .closure, .easter(offset: offset)))
                left.removeAll { c in same.contains { $0.day == c.day } }
            }
            if !left.isEmpty { out.append(day(left, .closure, .once)) }
        }
        let byHoliday = Dictionary(grouping: openings) {
            "\($0.area.carrier)|\($0.area.country)|\($0.area.region ?? "")|\($0.holiday!)"
        }
        for (_, same) in byHoliday.sorted(by: { $0.key < $1.key }) {
            out.append(day(same.sorted { $0.day < $1.day }, .opening, .holiday(name: same[0].holiday!)))
        }
        return out
    }

    /// P(X ≤ x) for X Poisson with the given mean, summed in log space so large means do not underflow.
    static func poissonCDF(_ x: Int, mean: Double) -> Double {
        guard x >= 0 else { return 0 }
        guard mean > 0 else { return 1 }
        var total = 0.0
        for k in 0...x {
            total += exp(-mean + Double(k) * log(mean) - lgamma(Double(k + 1)))
        }
        return min(1, total)
    }

    static func median(_ values: [Int]) -> Double {
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? Double(s[m]) : Double(s[m - 1] + s[m]) / 2
    }
}

/// What ``ClosureDetector`` found, for the fit summary and the model.
public struct ClosureFindings: Sendable {
    /// The closures the rules lack and the holidays the data contradicts, with their recurrences.
    public var learned: [LearnedDay] = []
    /// Carrier-area-days tested (N), the per-day level α / N, and the least usual volume at which a day
    /// with no deliveries at all is a closure (ln(N / α)).
    public var tested = 0
    public var perDayLevel = 0.0
    public var leastUsualForZero = 0.0
    /// Rule holidays the data confirmed (a closure detected on them).
    public var confirmedHolidays = 0

    public init() {}

    /// The summary lines.
    public var description: String {
        guard tested > 0 else { return "learned closures: no carrier-area-day could be tested (too little data)" }
        let closures = learned.filter { $0.kind == .closure }
        let openings = learned.filter { $0.kind == .opening }
        let share = Int(ClosureDetector.closedShare * 100)
        let least = LearnedDay.rounded(leastUsualForZero)
        let head =
            "learned closures: \(tested) carrier-area-days tested (a closure has at most \(share)% of the same "
            + "weekday's median volume over ±4 weeks and Poisson P ≤ 1%/\(tested); a day without deliveries "
            + "needs ≥ \(least) usual); \(confirmedHolidays) rule holidays confirmed, "
            + "\(closures.count) closures the rules lack, \(openings.count) rule holidays worked"
        var lines = [head]
        lines += learned.map { "  " + $0.description }
        return lines.joined(separator: "\n")
    }
}
