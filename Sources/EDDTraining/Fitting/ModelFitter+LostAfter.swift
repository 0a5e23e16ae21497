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
    /// At most 1 in 100 (``ghostShareLimit``), a stage still open is taken as lost only once it is more likely a
    /// ghost than slow: beyond the share of completed stages that the ghost rate leaves (99.7% for 2 ghosts in
    /// 1,000), so a freight feed's rare months-long hold-ups keep their place in the tail.
    ///
    /// A feed that mixes carriers of different shapes (parcels in days, freight in months) gets a cap per
    /// carrier where it differs: a carrier with at least ``carrierMinimumStages`` completed stages of its own
    /// is judged the same way on its own stages and its own matured shipments; the others share the feed's.
    /// - Returns: the feed's cap and reason, and the carriers whose own cap differs from it.
    static func chooseLostAfter(
        stages: DurationCounts, totals: DurationCounts,
        carriers: [String: (stages: DurationCounts, totals: DurationCounts, ghosts: GhostCounts)],
        ghosts feedGhosts: GhostCounts
    ) -> (days: Int, reason: String, carriers: [String: (days: Int, reason: String)]) {
        // nil is the whole feed.
        var suggested: [String?: (days: Int, reason: String)] = [nil: LostAfter.derive(counts: stages)]
        if carriers.count > 1 {
            for (carrier, c) in carriers where c.stages.total >= carrierMinimumStages {
                suggested[carrier] = LostAfter.derive(counts: c.stages)
            }
        }
        // Ghosts matter only where the cap would exceed the floor, among shipments old enough to have matured.
        var counts: [String?: (old: Int, ghosts: Int)] = [:]
        for (key, s) in suggested where s.days > LostAfter.floor {
            let t = key.map { carriers[$0]!.totals } ?? totals
            let q99 = t.total == 0 ? s.days : t.sorted(at: min(t.total - 1, Int(Double(t.total) * 0.99)))
            let g = key.map { carriers[$0]!.ghosts } ?? feedGhosts
            let matured = g.matured(olderThanDays: q99 * 7 / 5 + 2)
            counts[key] = (matured.shipments, matured.ghosts)
        }
        func decide(_ key: String?) -> (days: Int, reason: String) {
            let s = suggested[key]!
            guard s.days > LostAfter.floor else { return s }
            let (old, ghosts) = counts[key] ?? (0, 0)
            guard old >= 100 else {
                return (s.days, s.reason + "; too few matured shipments to count ghosts, so it stands")
            }
            let share = Double(ghosts) / Double(old)
            let counted = "\(ghosts) of \(old) matured shipments never delivered (\(percent(share)))"
            if share <= ghostShareLimit {
                // A stage still open at age a is a ghost with odds g : (1 − g)·S(a), S the share of completed
                // stages longer than a: it counts as lost only where S(a) < g / (1 − g). The ghost rate g is
                // estimated with one ghost and one delivery added, so a feed with none still has a cap.
                let g = Double(ghosts + 1) / Double(old + 2)
                let level = max(LostAfter.quantile, 1 - g / (1 - g))
                let own = LostAfter.derive(counts: key.map { carriers[$0]!.stages } ?? stages, level: level)
                return (
                    max(own.days, s.days),
                    "\(own.reason); \(counted): few ghosts, so a stage still open is more likely lost than slow "
                        + "only beyond that"
                )
            }
            return (
                LostAfter.floor,
                s.reason + "; \(counted): ghosts would inflate the tails, so the floor of \(LostAfter.floor)"
            )
        }
        let feed = decide(nil)
        var own: [String: (days: Int, reason: String)] = [:]
        for case let carrier? in suggested.keys {
            let c = decide(carrier)
            if c.days != feed.days { own[carrier] = c }
        }
        return (feed.days, feed.reason, own)
    }

    /// Completed stages a carrier needs for a lost-after cap of its own: its 99th percentile then rests on at
    /// least five stages beyond it.
    static let carrierMinimumStages = 500

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
