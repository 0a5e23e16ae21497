import Synchronization

extension CarrierCalendars {
    /// The calendar a carrier works by for a parcel to `destination`: the carrier's own, or, when that
    /// observes the holidays of the destination's whole country (`DE`) and the destination's region has
    /// rules of its own (`BY`), the same calendar with the regional holidays (`DE-BY`).
    ///
    /// A calendar naming a region already, or another country, is used as it is. Regional calendars are
    /// built once per process and shared.
    public func calendar(for carrier: String, destination: ResolvedPlace) -> BusinessCalendar {
        let base = calendar(for: carrier)
        guard base.holidayCountry == destination.country,
            let code = HolidayRegistry.regionalCode(country: destination.country, region: destination.region)
        else { return base }
        return RegionalCalendars.shared.calendar(base, code: code)
    }
}

/// Regional variants of calendars, built on first use (building one precomputes a century of days).
final class RegionalCalendars: Sendable {
    static let shared = RegionalCalendars()

    struct Key: Hashable {
        let base: BusinessCalendar
        let code: String
    }

    private let built = Mutex<[Key: BusinessCalendar]>([:])

    func calendar(_ base: BusinessCalendar, code: String) -> BusinessCalendar {
        let key = Key(base: base, code: code)
        if let hit = built.withLock({ $0[key] }) { return hit }
        let made = BusinessCalendar(
            weekdays: base.weekdays, holidayCountry: code, closures: base.closures,
            cutoffSecondOfDay: base.cutoffSecondOfDay)
        // The cache holds at most one entry per calendar and region in the model: a few hundred at most.
        built.withLock { $0[key] = made }
        return made
    }
}
