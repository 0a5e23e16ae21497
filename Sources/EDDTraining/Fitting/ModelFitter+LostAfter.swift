import EDDCore

extension ModelFitter {
    /// Chooses the lost-after cap from the data: the floor, or the cap the completed stages suggest
    /// (``LostAfter/derive(completed:)``), depending on how many shipments of the feed are ghosts.
    ///
    /// The cap exists to keep ghosts (lost parcels, tracking never updated) out of the lane statistics: a
    /// Kaplan–Meier that keeps them at risk inflates every tail. Where a feed has them, the floor keeps
    /// them out (an open parcel past a few working days is then as likely a ghost as a slow parcel). Where it
    /// has almost none, capping only drops slow shipments that will arrive, and every lane looks fast: a
    /// freight feed's 40-day transits are not lost. Ghosts are counted among the shipments old enough to
    /// have matured (ordered before the cut-off minus the 99th percentile of completed order → delivery
    /// durations, in calendar days at 7/5 of the working days): those never delivered, returned or canceled.
    /// At most 1 in 100 (``ghostShareLimit``), the suggested cap is used.
    /// - Returns: the cap and the reason.
    static func chooseLostAfter(
        stages: DurationCounts, totals: DurationCounts, ghosts counts: GhostCounts
    ) -> (days: Int, reason: String) {
        let suggested = LostAfter.derive(counts: stages)
        guard suggested.days > LostAfter.floor else { return suggested }
        let q99 =
            totals.total == 0
            ? suggested.days : totals.sorted(at: min(totals.total - 1, Int(Double(totals.total) * 0.99)))
        let (old, ghosts) = counts.matured(olderThanDays: q99 * 7 / 5 + 2)
        guard old >= 100 else {
            return (suggested.days, suggested.reason + "; too few matured shipments to count ghosts, so it stands")
        }
        let share = Double(ghosts) / Double(old)
        let counted = "\(ghosts) of \(old) matured shipments never delivered (\(percent(share)))"
        if share <= ghostShareLimit {
            return (suggested.days, suggested.reason + "; \(counted): few ghosts, so it stands")
        }
        return (
            LostAfter.floor,
            suggested.reason + "; \(counted): ghosts would inflate the tails, so the floor of \(LostAfter.floor)"
        )
    }

    /// The share of matured shipments never delivered up to which open shipments are taken as slow, not lost.
    static let ghostShareLimit = 0.01
}

/// The shipments a feed's ghosts are counted among, by age, gathered in the pass that reads the completed
/// durations: which shipments count as matured depends on those durations' 99th percentile, so they are kept
/// by whole days of age and summed once it is known (``ModelFitter/chooseLostAfter(stages:totals:ghosts:)``).
struct GhostCounts {
    let asOf: Instant
    /// By whole days of age (`(asOf − reference − 1 s) / 1 day`), shipments neither canceled nor returned
    /// before the cut-off, and those of them not delivered before it.
    private var shipments: [Int] = []
    private var undelivered: [Int] = []

    init(asOf: Instant) { self.asOf = asOf }

    mutating func add(_ t: ShipmentTimeline) {
        guard let reference = t.orderTime ?? t.shipTime else { return }
        let age = asOf.seconds - reference.seconds
        guard age > 0 else { return }
        if let cancel = t.cancelTime, cancel < asOf { return }
        if let back = t.returnTime, back < asOf { return }
        let day = Int((age - 1) / 86_400)
        if day >= shipments.count {
            shipments += [Int](repeating: 0, count: day + 1 - shipments.count)
            undelivered += [Int](repeating: 0, count: day + 1 - undelivered.count)
        }
        shipments[day] += 1
        if t.deliveryTime.map({ $0 >= asOf }) ?? true { undelivered[day] += 1 }
    }

    /// The shipments whose reference lies before `asOf` minus `days` whole days, and how many of them were
    /// never delivered: a reference `age` seconds before the cut-off lies before it minus `days` days exactly
    /// when `age > days × 86,400`, that is when `(age − 1) / 86,400 ≥ days`.
    func matured(olderThanDays days: Int) -> (shipments: Int, ghosts: Int) {
        guard days >= 0, days < shipments.count else {
            return days < 0 ? (shipments.reduce(0, +), undelivered.reduce(0, +)) : (0, 0)
        }
        return (shipments[days...].reduce(0, +), undelivered[days...].reduce(0, +))
    }
}
