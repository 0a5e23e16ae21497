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
    ///
    /// A feed that mixes carriers of different shapes (parcels in days, freight in months) gets a cap per
    /// carrier where it differs: a carrier with at least ``carrierMinimumStages`` completed stages of its own
    /// is judged the same way on its own stages and its own matured shipments; the others share the feed's.
    /// - Returns: the feed's cap and reason, and the carriers whose own cap differs from it.
    static func chooseLostAfter(
        stages: DurationCounts, totals: DurationCounts,
        carriers: [String: (stages: DurationCounts, totals: DurationCounts)],
        timelines: some Sequence<ShipmentTimeline>, asOf: Instant
    ) -> (days: Int, reason: String, carriers: [String: (days: Int, reason: String)]) {
        // nil is the whole feed.
        var suggested: [String?: (days: Int, reason: String)] = [nil: LostAfter.derive(counts: stages)]
        if carriers.count > 1 {
            for (carrier, c) in carriers where c.stages.total >= carrierMinimumStages {
                suggested[carrier] = LostAfter.derive(counts: c.stages)
            }
        }
        // Ghosts are counted only where the cap would exceed the floor, among shipments old enough to matter.
        var matured: [String?: Instant] = [:]
        for (key, s) in suggested where s.days > LostAfter.floor {
            let t = key.map { carriers[$0]!.totals } ?? totals
            let q99 = t.total == 0 ? s.days : t.sorted(at: min(t.total - 1, Int(Double(t.total) * 0.99)))
            matured[key] = asOf.adding(seconds: -Int64(q99 * 7 / 5 + 2) * 86_400)
        }
        var counts: [String?: (old: Int, ghosts: Int)] = [:]
        if !matured.isEmpty {
            for t in timelines {
                guard let reference = t.orderTime ?? t.shipTime else { continue }
                if let cancel = t.cancelTime, cancel < asOf { continue }
                if let back = t.returnTime, back < asOf { continue }
                let undelivered = t.deliveryTime.map({ $0 >= asOf }) ?? true
                for key in [nil, t.carrier] as [String?] {
                    guard let before = matured[key], reference < before else { continue }
                    var c = counts[key, default: (0, 0)]
                    c.old += 1
                    if undelivered { c.ghosts += 1 }
                    counts[key] = c
                }
            }
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
            if share <= ghostShareLimit { return (s.days, s.reason + "; \(counted): few ghosts, so it stands") }
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
