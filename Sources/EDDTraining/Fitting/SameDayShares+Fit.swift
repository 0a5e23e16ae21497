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
        var cells: [String: Cell] = [:]
        var days: [String: Days] = [:]

        init(cutoff: Instant) {
            self.cutoff = cutoff
        }

        mutating func add(_ t: ShipmentTimeline, zone: ZoneRules, calendar: BusinessCalendar) {
            guard let delivered = t.deliveryTime, delivered < cutoff else { return }
            let scans = t.events.filter { $0.code.isCarrierScan && $0.time < delivered }
            guard let first = scans.first else { return }
            let lastDay = zone.localDate(of: delivered)
            var day = zone.localDate(of: first.time)
            var j = 0
            var own: [Milestone: Cell] = [:]
            var counted = Days()
            while day <= lastDay {
                defer { day = day.adding(days: 1) }
                guard calendar.isWorkingDay(day) else { continue }
                let isToday = day == lastDay
                if isToday { counted.today += 1 } else { counted.later += 1 }
                let midnight = zone.instant(of: day, secondOfDay: 0)
                for hour in 0..<SameDayShares.hours {
                    let at = midnight.adding(seconds: Int64(hour * 3600 + 1800))
                    if at >= delivered { break }
                    guard at > first.time else { continue }
                    while j + 1 < scans.count, scans[j + 1].time <= at { j += 1 }
                    guard let m = Milestone(scans[j].code) else { continue }
                    if isToday {
                        own[m, default: Cell()].today[hour] += 1
                    } else {
                        own[m, default: Cell()].later[hour] += 1
                    }
                }
            }
            for key in ["", t.carrier] {
                var d = days[key] ?? Days()
                d.today += counted.today
                d.later += counted.later
                days[key] = d
            }
            for (m, cell) in own {
                for key in [m.rawValue, SameDayShares.key(carrier: t.carrier, milestone: m)] {
                    var c = cells[key] ?? Cell()
                    for h in 0..<SameDayShares.hours {
                        c.today[h] += cell.today[h]
                        c.later[h] += cell.later[h]
                    }
                    cells[key] = c
                }
            }
        }

        var shares: SameDayShares { SameDayShares(cells: cells, days: days) }
    }
}
