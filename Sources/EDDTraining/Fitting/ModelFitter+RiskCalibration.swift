import EDDCore

extension ModelFitter {
    /// At most this many risk questions fit the risk lines, to bound fitting time.
    static let riskQuestionLimit = 100_000
    /// At most this many grid questions are asked of one shipment (spread over its life, weighted by the
    /// days each stands for).
    static let riskQuestionsPerShipment = 8

    /// Fits the risk lines out of time: the shadow model (fitted as of `start`, its own lines the
    /// identity, so it answers raw) is asked the delay risk of each shipment ordered in [start, asOf) at
    /// several moments of its life (at the order, at the hand-off, then spread over the days it was under
    /// way, the way a daily sweep meets it), against the feed's promised date or else the shadow's own EDD at
    /// the default confidence; what happened, against what it stated and by which view, fits
    /// ``RiskCalibration`` (``RiskCalibration/fit(_:)``).
    ///
    /// Only shipments whose promised day ended before `asOf` count, so that whether each was late is known.
    /// Questions asked after the promised date are left out (the answer is then 1, not the model's). Returned and canceled shipments are left out too: their risk answers do not come from the
    /// model.
    static func riskCalibration(
        _ timelines: some Sequence<ShipmentTimeline>, shadow: EDDModel, from start: Instant, asOf: Instant
    ) -> RiskCalibration {
        let predictor = Predictor(model: shadow)
        var questions: [RiskQuestion] = []
        // Each question's shipment order time, and each asked shipment's, to split them into halves in time.
        var asked: [Instant] = []
        var shipments: [Instant] = []
        for t in timelines {
            guard let reference = t.orderTime ?? t.shipTime, reference >= start, reference < asOf,
                !(t.returnTime.map { $0 < asOf } ?? false), !(t.cancelTime.map { $0 < asOf } ?? false)
            else { continue }
            let route = predictor.route(
                carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
            let dz = route.destinationZone
            let promised =
                t.promisedDate
                ?? predictor.forecast(route: route, orderTime: t.orderTime, shipTime: nil, now: reference)
                .quantileDate(shadow.metadata.defaultConfidence)
            // Chosen by the promise alone: were shipments kept for being delivered, the early ones would
            // outnumber the late ones still under way and the map would understate lateness.
            guard dz.localDate(of: asOf).adding(days: -1) >= promised else { continue }
            let delivered = t.deliveryTime.flatMap { $0 < asOf ? $0 : nil }
            let late = delivered.map { dz.localDate(of: $0) > promised } ?? true
            let end = delivered ?? asOf
            // A daily sweep meets a shipment once a day it is under way, a late one more often than an early
            // one: questions on a grid over its life, each weighing the days it stands for (a long life gets
            // a coarser grid, not more weight lost), plus the order and the hand-off, where checkout and
            // ship-time questions are asked.
            let life = reference.days(to: end)
            let step = max(1, life / Double(riskQuestionsPerShipment))
            var moments: [(Instant, Double)] = [(reference, 0.5)]
            if let ship = t.shipTime, ship > reference, ship < end { moments.append((ship, 0.5)) }
            var offset = jitter(t.id) * step
            while offset < life {
                moments.append((reference.adding(days: offset), step))
                offset += step
            }
            let before = questions.count
            for (now, weight) in moments where now < end && dz.localDate(of: now) <= promised {
                let scans = t.events.filter { $0.time <= now }
                let answer = predictor.risk(
                    route: route, orderTime: t.orderTime, promised: promised, now: now, scans: scans)
                // An answer at the order itself is the date forecast's, which no risk line calibrates.
                guard let view = answer.view else { continue }
                questions.append(
                    RiskQuestion(stated: answer.stated, view: view, late: late, weight: weight, heldOut: false))
                asked.append(reference)
            }
            if questions.count > before { shipments.append(reference) }
            if questions.count >= riskQuestionLimit { break }
        }
        // The later half: shipments ordered at or after the median order time of those asked.
        if let median = shipments.isEmpty ? nil : shipments.sorted()[shipments.count / 2] {
            for i in questions.indices { questions[i].heldOut = asked[i] >= median }
        }
        return RiskCalibration.fit(questions)
    }
}
