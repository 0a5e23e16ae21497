import Synchronization

extension CarrierCalendars {
    /// The calendar a carrier works by for a parcel to `destination`: the rules (``ruleCalendar(for:destination:)``)
    /// with the days learned for that carrier in the destination's country and region applied on top.
    public func calendar(for carrier: String, destination: ResolvedPlace) -> BusinessCalendar {
        let base = ruleCalendar(for: carrier, destination: destination)
        guard let byRegion = learnedDates[carrier]?[destination.country] else { return base }
        let national = byRegion[""]
        let regional = LearnedDay.areaRegion(country: destination.country, region: destination.region).flatMap {
            byRegion[$0]
        }
        guard national != nil || regional != nil else { return base }
        let closures = (national?.closures ?? []).union(regional?.closures ?? [])
        let openings = (national?.openings ?? []).union(regional?.openings ?? [])
        let area = destination.country + "-" + (regional != nil ? destination.region ?? "" : "")
        return RegionalCalendars.shared.calendar(
            base, code: base.holidayCountry ?? "", learned: carrier + "|" + area, closures: closures,
            openings: openings)
    }

    /// The calendar a carrier works by for a parcel to `destination` by the rules alone: the carrier's own,
    /// or, when it observes the holidays of the destination's whole country (`DE`) and the destination's region
    /// has rules of its own (`BY`), the same calendar with the regional holidays (`DE-BY`). A carrier whose
    /// calendar was inferred from the data (``followsDestination``) keeps the destination country's holidays
    /// wherever it delivers.
    ///
    /// A configured calendar naming a region already, or another country, is used as it is. Regional
    /// calendars are built once per process and shared.
    public func ruleCalendar(for carrier: String, destination: ResolvedPlace) -> BusinessCalendar {
        let base = calendar(for: carrier)
        let follows =
            base.holidayCountry != nil && base.holidayCountry != destination.country
            && followsDestination.contains(carrier) && HolidayRegistry.isKnown(destination.country)
        guard base.holidayCountry == destination.country || follows else { return base }
        let code =
            HolidayRegistry.regionalCode(country: destination.country, region: destination.region)
            ?? destination.country
        guard code != base.holidayCountry else { return base }
        return RegionalCalendars.shared.calendar(base, code: code)
    }
}

/// Regional and learned variants of calendars, built on first use (building one precomputes a century of days).
final class RegionalCalendars: Sendable {
    static let shared = RegionalCalendars()

    struct Key: Hashable {
        let base: BusinessCalendar
        let code: String
        /// The carrier and area of learned days (their dates follow from them within one model), or "".
        let learned: String
    }

    private let built = Mutex<[Key: BusinessCalendar]>([:])

    func calendar(
        _ base: BusinessCalendar, code: String, learned: String = "", closures: Set<CivilDate> = [],
        openings: Set<CivilDate> = []
    ) -> BusinessCalendar {
        let key = Key(base: base, code: code, learned: learned)
        // Two models in one process (a reload) may have learned different days for one area: the dates decide.
        if let hit = built.withLock({ $0[key] }),
            learned.isEmpty || (hit.closures == base.closures.union(closures) && hit.openings == openings)
        {
            return hit
        }
        let made = BusinessCalendar(
            weekdays: base.weekdays, holidayCountry: code.isEmpty ? nil : code, closures: base.closures.union(closures),
            openings: openings, cutoffSecondOfDay: base.cutoffSecondOfDay)
        // The cache holds at most one entry per calendar, region and learned area in the loaded models: a few
        // hundred at most.
        built.withLock { $0[key] = made }
        return made
    }
}
