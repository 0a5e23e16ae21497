import EDDCore

extension PickupShares {
    /// Counts what ``PickupShares`` is made of, one shipment at a time: on the day an order was picked up
    /// (its first carrier scan, origin local date, a working day of its carrier), at the half hour of each hour,
    /// whether it had been placed by then and whether it was still waiting.
    ///
    /// Only pickups before `cutoff` count, so the shadow fit (cut off at the calibration window's start)
    /// learns nothing from what came after it. Unweighted, as ``SameDayShares/Accumulator`` is.
    struct Accumulator {
        let cutoff: Instant
        /// Per origin id ("" when the feed names none): the 24 placed-by hours, then the 24 still-waiting ones.
        var origins: [String: [Double]] = [:]

        init(cutoff: Instant) {
            self.cutoff = cutoff
        }

        mutating func add(_ t: ShipmentTimeline, zone: ZoneRules, calendar: BusinessCalendar) {
            guard let order = t.orderTime, let pickup = t.events.first(where: { $0.code.isCarrierScan })?.time,
                order < pickup, pickup < cutoff
            else { return }
            let day = zone.localDate(of: pickup)
            guard calendar.isWorkingDay(day) else { return }
            let key = t.origin.id ?? ""
            var counts =
                origins.removeValue(forKey: key) ?? [Double](repeating: 0, count: 2 * SameDayShares.hours)
            defer { origins[key] = counts }
            let midnight = zone.instant(of: day, secondOfDay: 0)
            for hour in 0..<SameDayShares.hours {
                let at = midnight.adding(seconds: Int64(hour * 3600 + 1800))
                guard at > order else { continue }
                counts[hour] += 1
                if at < pickup { counts[SameDayShares.hours + hour] += 1 }
            }
        }

        /// Every origin's cell, and each named origin's own.
        var shares: PickupShares {
            var cells: [String: Cell] = [:]
            func add(_ counts: [Double], key: String) {
                var c = cells[key] ?? Cell()
                for h in 0..<SameDayShares.hours {
                    c.placed[h] += counts[h]
                    c.waiting[h] += counts[SameDayShares.hours + h]
                }
                cells[key] = c
            }
            // In origin order, so the sums (and the model's bytes) do not depend on the dictionary's.
            for (origin, counts) in origins.sorted(by: { $0.key < $1.key }) {
                if !origin.isEmpty { add(counts, key: origin) }
                add(counts, key: "")
            }
            return PickupShares(cells: cells)
        }
    }
}
