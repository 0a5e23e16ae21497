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
        stages: DurationCounts, totals: DurationCounts, timelines: some Sequence<ShipmentTimeline>, asOf: Instant
    ) -> (days: Int, reason: String) {
        let suggested = LostAfter.derive(counts: stages)
        guard suggested.days > LostAfter.floor else { return suggested }
        let q99 =
            totals.total == 0
            ? suggested.days : totals.sorted(at: min(totals.total - 1, Int(Double(totals.total) * 0.99)))
        let matured = asOf.adding(seconds: -Int64(q99 * 7 / 5 + 2) * 86_400)
        var old = 0
        var ghosts = 0
        for t in timelines {
            guard let reference = t.orderTime ?? t.shipTime, reference < matured else { continue }
            if let cancel = t.cancelTime, cancel < asOf { continue }
            if let back = t.returnTime, back < asOf { continue }
            old += 1
            let undelivered = t.deliveryTime.map({ $0 >= asOf }) ?? true
            if undelivered { ghosts += 1 }
        }
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
