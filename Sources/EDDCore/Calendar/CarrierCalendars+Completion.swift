extension CarrierCalendars {
    /// What ``completed(with:)`` decides a carrier's calendar from: its deliveries by local weekday and its
    /// shipments by destination country. Plain sums gathered one shipment at a time, so a fit reading
    /// shipments back from disk gathers them in a pass it makes anyway, and shards' counts add up to those of
    /// their union.
    public struct CompletionCounts: Sendable {
        /// Deliveries by weekday of the destination's local date (0 = Sunday), by carrier.
        var weekdays: [String: [Int]] = [:]
        /// Shipments by destination country, by carrier.
        var countries: [String: [String: Int]] = [:]
        /// Destination zones: resolving a place per delivery would cost more than the counting.
        private var zones = PlaceZones()

        public init() {}

        /// Counts a shipment (of any carrier: ``completed(with:)`` leaves configured ones as they are).
        public mutating func add(_ t: ShipmentTimeline) {
            countries[t.carrier, default: [:]][t.destination.country, default: 0] += 1
            guard let d = t.deliveryTime else { return }
            let day = zones.zone(of: t.destination).localDate(of: d)
            weekdays[t.carrier, default: Array(repeating: 0, count: 7)][day.weekday] += 1
        }
    }

    /// Adds calendars for the counted carriers that have none: Mon–Fri, plus Saturday when the carrier delivers
    /// on Saturdays at least half as often as on an average weekday (every day, and no holidays, when it
    /// delivers on Sundays that often too), with the public holidays of the country it mostly delivers to.
    /// An explicit fallback (a `*` row) leaves every calendar as it is.
    public func completed(with counts: CompletionCounts) -> CarrierCalendars {
        if fallbackIsExplicit { return self }
        var out = self
        for (carrier, byCountry) in counts.countries where carriers[carrier] == nil {
            let country = byCountry.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            var weekdays = WeekdaySet.mondayToFriday
            if let counts = counts.weekdays[carrier], counts.reduce(0, +) >= 100 {
                let weekdayMean = Double(counts[1...5].reduce(0, +)) / 5
                if Double(counts[6]) >= 0.5 * weekdayMean { weekdays.insert(.saturday) }
                // Seven-day operations (freight, many couriers): a carrier delivering on Sundays as it does
                // on Saturdays works every day, and then no public holiday either.
                if Double(counts[6]) >= 0.5 * weekdayMean, Double(counts[0]) >= 0.5 * weekdayMean {
                    weekdays = .everyDay
                }
            }
            let known = HolidayRegistry.isKnown(country) && weekdays != .everyDay
            out.carriers[carrier] = BusinessCalendar(weekdays: weekdays, holidayCountry: known ? country : nil)
            if known { out.followsDestination.insert(carrier) }
        }
        return out
    }
}
