import EDDCore

extension HandlingHazards {
    /// Counts what ``HandlingHazards`` is made of, one shipment at a time: for each of its first
    /// ``HandlingHazards/days`` working days of handling (counted as the fit counts handling, from the
    /// order's count start) seen whole before `cutoff`, that the order was still waiting when the day began,
    /// and whether it was picked up (its first carrier scan, origin local date) that day.
    ///
    /// Only the carriers in `carriers` (those whose feed reports hand-offs) count, and not a shipment whose
    /// first carrier scan is its delivery; an order canceled or returned before its pickup stops counting the
    /// day before. Only what came before `cutoff` counts, so the shadow fit learns nothing from after it.
    /// Unweighted, as ``PickupShares/Accumulator`` is.
    struct Accumulator {
        let cutoff: Instant
        let carriers: Set<String>
        /// Per origin id ("" when the feed names none): the waiting counts per (side, day, weekday), then the
        /// picked ones.
        var origins: [String: [Double]] = [:]

        init(cutoff: Instant, carriers: Set<String>) {
            self.cutoff = cutoff
            self.carriers = carriers
        }

        mutating func add(_ t: ShipmentTimeline, zone: ZoneRules, calendar: BusinessCalendar, lateAfter: Int?) {
            guard carriers.contains(t.carrier), let order = t.orderTime, order < cutoff else { return }
            let ship = t.shipTime.flatMap { $0 < cutoff ? $0 : nil }
            if let ship, let delivered = t.deliveryTime, delivered <= ship { return }
            let start = calendar.handlingCountStart(order: order, zone: zone)
            // The days seen whole: up to the last local day before the cut-off.
            var last = min(
                HandlingHazards.days - 1,
                calendar.workingDays(from: start, to: zone.localDate(of: cutoff).adding(days: -1)))
            var pickedDay = ship.map { max(0, calendar.workingDays(from: start, to: zone.localDate(of: $0))) }
            if let gone = [t.cancelTime, t.returnTime].compactMap({ $0 }).filter({ $0 < cutoff }).min(),
                ship.map({ gone < $0 }) ?? true
            {
                last = min(last, calendar.workingDays(from: start, to: zone.localDate(of: gone)) - 1)
                pickedDay = nil
            }
            guard last >= 0 else { return }
            let late = HandlingHazards.isLate(
                secondOfDay: zone.secondOfDay(of: order), start: start, calendar: calendar, lateAfter: lateAfter)
            let key = t.origin.id ?? ""
            let cells = HandlingHazards.cellCount
            var counts = origins.removeValue(forKey: key) ?? [Double](repeating: 0, count: 2 * cells)
            defer { origins[key] = counts }
            for day in 0...last {
                let weekday = calendar.addingWorkingDays(day, to: start).weekday
                let i = HandlingHazards.index(late: late, day: day, weekday: weekday)
                counts[i] += 1
                if pickedDay == day {
                    counts[cells + i] += 1
                    break
                }
            }
        }

        /// Every origin's cell, and each named origin's own.
        var hazards: HandlingHazards {
            let n = HandlingHazards.cellCount
            var cells: [String: Cell] = [:]
            func add(_ counts: [Double], key: String) {
                var c = cells[key] ?? Cell()
                for i in 0..<n {
                    c.waiting[i] += counts[i]
                    c.picked[i] += counts[n + i]
                }
                cells[key] = c
            }
            // In origin order, so the sums (and the model's bytes) do not depend on the dictionary's.
            for (origin, counts) in origins.sorted(by: { $0.key < $1.key }) {
                if !origin.isEmpty { add(counts, key: origin) }
                add(counts, key: "")
            }
            return HandlingHazards(cells: cells, carriers: carriers)
        }
    }
}
