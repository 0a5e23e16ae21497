import EDDCore

extension SameDayShares {
    /// Counts the parcel-days ``SameDayShares`` is made of, one shipment at a time: every delivered parcel, on
    /// each working day of its carrier from its first carrier scan to its delivery (destination local dates),
    /// was or was not delivered that day, and at the half hour of each hour until its delivery was at the
    /// milestone of its last carrier scan (or not yet picked up, which no cell counts).
    ///
    /// Only parcels delivered before `cutoff` count, so the shadow fit (cut off at the calibration window's
    /// start) learns nothing from what came after it. Unweighted: what is used are rates within the parcel-days
    /// of one kind, which recency would barely move.
    struct Accumulator {
        let cutoff: Instant
        /// Per carrier: the delivery-day and other-day counts, then per milestone (``Milestone/allCases``
        /// order) its 24 delivery-day hours and its 24 other-day hours, flat, so a shipment costs one lookup.
        var carriers: [String: [Double]] = [:]
        static let width = 2 + Milestone.allCases.count * 2 * SameDayShares.hours

        init(cutoff: Instant) {
            self.cutoff = cutoff
        }

        mutating func add(_ t: ShipmentTimeline, zone: ZoneRules, calendar: BusinessCalendar) {
            guard let delivered = t.deliveryTime, delivered < cutoff,
                let firstIndex = Self.firstScan(t, before: delivered)
            else { return }
            var counts = carriers.removeValue(forKey: t.carrier) ?? [Double](repeating: 0, count: Self.width)
            defer { carriers[t.carrier] = counts }
            Self.walk(t, from: firstIndex, delivered: delivered, zone: zone, calendar: calendar) { counts[$0] += 1 }
        }

        /// ``add(_:zone:calendar:)`` to these counts and to `earlier`'s, whose cut-off is not later (the
        /// shadow fit's): the parcel's days are walked once for both.
        mutating func add(
            _ t: ShipmentTimeline, zone: ZoneRules, calendar: BusinessCalendar, alsoTo earlier: inout Accumulator
        ) {
            precondition(earlier.cutoff <= cutoff, "the earlier counts are cut off later")
            guard let delivered = t.deliveryTime, delivered < earlier.cutoff else {
                return add(t, zone: zone, calendar: calendar)
            }
            guard let firstIndex = Self.firstScan(t, before: delivered) else { return }
            var counts = carriers.removeValue(forKey: t.carrier) ?? [Double](repeating: 0, count: Self.width)
            var earlierCounts =
                earlier.carriers.removeValue(forKey: t.carrier) ?? [Double](repeating: 0, count: Self.width)
            defer {
                carriers[t.carrier] = counts
                earlier.carriers[t.carrier] = earlierCounts
            }
            Self.walk(t, from: firstIndex, delivered: delivered, zone: zone, calendar: calendar) {
                counts[$0] += 1
                earlierCounts[$0] += 1
            }
        }

        /// The index of the parcel's first carrier scan, when it came before its delivery (else it counts nowhere).
        private static func firstScan(_ t: ShipmentTimeline, before delivered: Instant) -> Int? {
            guard let i = t.events.firstIndex(where: { $0.code.isCarrierScan }), t.events[i].time < delivered
            else { return nil }
            return i
        }

        /// Hands `count` the index of every cell a parcel delivered at `delivered`, first scanned by the carrier
        /// at event `firstIndex`, adds one to.
        private static func walk(
            _ t: ShipmentTimeline, from firstIndex: Int, delivered: Instant, zone: ZoneRules,
            calendar: BusinessCalendar, count: (Int) -> Void
        ) {
            let first = t.events[firstIndex].time
            let lastDay = zone.localDate(of: delivered)
            var day = zone.localDate(of: first)
            // The latest carrier scan at or before the instant looked at (events are in time order).
            var last = firstIndex
            var next = firstIndex + 1
            while day <= lastDay {
                defer { day = day.adding(days: 1) }
                guard calendar.isWorkingDay(day) else { continue }
                let isToday = day == lastDay
                count(isToday ? 0 : 1)
                let midnight = zone.instant(of: day, secondOfDay: 0)
                for hour in 0..<SameDayShares.hours {
                    let at = midnight.adding(seconds: Int64(hour * 3600 + 1800))
                    if at >= delivered { break }
                    guard at > first else { continue }
                    while next < t.events.count, t.events[next].time <= at {
                        if t.events[next].code.isCarrierScan { last = next }
                        next += 1
                    }
                    guard let m = Milestone(t.events[last].code), let k = Milestone.allCases.firstIndex(of: m)
                    else { continue }
                    count(2 + (k * 2 + (isToday ? 0 : 1)) * SameDayShares.hours + hour)
                }
            }
        }

        /// Every carrier's cells and days, and each carrier's own.
        var shares: SameDayShares {
            var cells: [String: Cell] = [:]
            var days: [String: Days] = [:]
            func add(_ counts: [Double], carrier: String?) {
                let key = carrier ?? ""
                var d = days[key] ?? Days()
                d.today += counts[0]
                d.later += counts[1]
                days[key] = d
                for (k, m) in Milestone.allCases.enumerated() {
                    let base = 2 + k * 2 * SameDayShares.hours
                    let today = Array(counts[base..<(base + SameDayShares.hours)])
                    let later = Array(counts[(base + SameDayShares.hours)..<(base + 2 * SameDayShares.hours)])
                    guard (today + later).contains(where: { $0 > 0 }) else { continue }
                    let cellKey = carrier.map { SameDayShares.key(carrier: $0, milestone: m) } ?? m.rawValue
                    var c = cells[cellKey] ?? Cell()
                    for h in 0..<SameDayShares.hours {
                        c.today[h] += today[h]
                        c.later[h] += later[h]
                    }
                    cells[cellKey] = c
                }
            }
            // In carrier order, so the sums (and the model's bytes) do not depend on the dictionary's.
            for (carrier, counts) in carriers.sorted(by: { $0.key < $1.key }) {
                add(counts, carrier: carrier)
                add(counts, carrier: nil)
            }
            return SameDayShares(cells: cells, days: days)
        }
    }
}
