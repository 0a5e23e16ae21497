import EDDCore

/// Turning protocol queries into forecasts and forecasts into protocol answers.
extension Predictor {
    /// The EDD answer of one shipping option of a query.
    public func answer(_ q: EDDQuery, option: ShippingOption, now: Instant) -> EDDAnswer {
        answer(
            q,
            route: route(
                carrier: option.carrier, service: option.service, origin: q.origin, destination: q.destination),
            now: now)
    }

    /// The EDD answer of a query on `route` (its option's route, worked out by ``route(carrier:service:origin:destination:)``).
    func answer(_ q: EDDQuery, route: Route, now: Instant) -> EDDAnswer {
        answer(
            EDDTerms(q),
            forecast(route: route, orderTime: q.orderTime?.instant, shipTime: q.shipTime?.instant, now: now))
    }

    /// Where the forecast of `terms` on `route` starts and the order-timing shift its CDF takes (nil when it
    /// starts from the ship time): ``forecast(route:orderTime:shipTime:now:)`` is that start with the CDF of
    /// ``forecastCDF(route:shift:)``.
    func forecastStart(_ terms: EDDTerms, route: Route, now: Instant) -> (start: CivilDate, shift: Double?) {
        forecastStart(route: route, orderTime: terms.orderTime?.instant, shipTime: terms.shipTime?.instant, now: now)
    }

    /// The EDD answer of `q` from its forecast.
    func answer(_ q: EDDTerms, _ f: DeliveryForecast) -> EDDAnswer {
        let confidence = q.confidence ?? model.metadata.defaultConfidence
        let k = f.quantileDays(confidence)
        let coverage = q.range ?? 0.8
        // A level above what the days before the tail bucket reach is answered by the tail: say so, and
        // state for the edd only the probability the support backs.
        var highest = max(confidence, (1 + coverage) / 2)
        for level in q.quantiles where level > highest { highest = level }
        let tail = highest > f.beforeTail + 1e-9
        let probability = k >= f.cdf.count - 1 ? f.beforeTail : f.probability(withinWorkingDays: k)
        return EDDAnswer(
            edd: f.date(afterWorkingDays: k), confidence: confidence, probability: probability,
            range: f.rangeDates(coverage),
            mostLikely: f.date(afterWorkingDays: f.modeDays),
            quantiles: q.quantiles.map { ($0, f.quantileDate($0)) },
            distribution: q.distribution ? f.distribution() : nil, basis: (f.level, f.shipments), tail: tail)
    }

    /// The risk answer of a query.
    public func answer(_ q: RiskQuery, now: Instant) -> RiskAnswer {
        let s = q.shipment
        let route = route(carrier: s.carrier, service: s.service, origin: s.origin, destination: s.destination)
        var scans = q.scans.map { TimelineEvent(code: $0.code, time: $0.time.instant, postal: $0.postal) }
        if let ship = s.shipTime?.instant, !scans.contains(where: { $0.code.isCarrierScan }) {
            scans.append(TimelineEvent(code: .pickedUp, time: ship))
        }
        let r = risk(
            route: route, orderTime: s.orderTime?.instant, promised: q.promised, now: q.now?.instant ?? now,
            scans: scans)
        return RiskAnswer(
            pLate: r.pLate, late: r.pLate >= q.threshold, state: r.state, edd: r.edd,
            reasons: r.reasons.map { ($0.code, $0.detail) })
    }
}
