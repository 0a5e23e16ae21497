/// Answers EDD and delay-risk questions from a fitted model (the library behind `eddd` and `edd predict`).
///
/// A class, so that handing the current predictor to a request is one reference, not a copy of the model.
public final class Predictor: Sendable {
    public let model: EDDModel
    /// Routes already worked out, so a lane asked about again skips resolution, lookups and convolution.
    let cache = RouteCache()

    public init(model: EDDModel) {
        self.model = model
    }

    /// Where and how a parcel travels: the resolved places, the calendar and what the model says about them.
    /// Immutable and shared: the route cache hands out the same instance to every request on the lane.
    public final class Route: Sendable {
        public let carrier: String
        public let service: String?
        public let origin: ResolvedPlace
        public let destination: ResolvedPlace
        public let originZone: ZoneRules
        public let destinationZone: ZoneRules
        public let calendar: BusinessCalendar
        /// Handling time at the origin (uncalibrated).
        public let handling: DayDistribution
        /// Transit on the lane (uncalibrated), with the level that answered and its effective shipments.
        public let transit: DayDistribution
        public let level: LaneLevel
        public let shipments: Double
        /// Handling ⊗ transit with the quantile layer's level factor applied (the per-order timing shift and
        /// the calibration come on top).
        public let total: DayDistribution
        /// The running sum of `total` (P(total ≤ k)), so a request's shift and calibration read it directly.
        let totalCDF: [Double]
        /// The first index from which `totalCDF` stays constant (most lanes reach 1 within two weeks, so a
        /// request only works out the days before).
        let totalCDFConstantFrom: Int
        /// The local time of day from which an order here is late in the day (the quantile layer's feature).
        let lateAfter: Int

        init(carrier: String, service: String?, origin: Place, destination: Place, predictor: Predictor) {
            let model = predictor.model
            self.carrier = carrier
            self.service = service
            self.origin = Geography.resolve(origin)
            self.destination = Geography.resolve(destination)
            originZone = Geography.zone(for: self.origin)
            destinationZone = Geography.zone(for: self.destination)
            calendar = model.calendars.calendar(for: carrier, destination: self.destination)
            if predictor.usesDirect(carrier: carrier, service: service, origin: self.origin) {
                // The service's feed has no hand-off scans: order → delivery as learned whole (a ship-time
                // request then gets the same days from its ship date, an overstatement the data cannot avoid).
                let (whole, level, shipments) = predictor.transit(
                    carrier: carrier, service: service, origin: self.origin, destination: self.destination,
                    table: model.direct)
                transit = whole
                self.level = level
                self.shipments = shipments
                handling = .point(0, buckets: model.buckets)
                total = whole.scaled(by: model.orderEffects.scale)
            } else {
                let (lane, level, shipments) = predictor.transit(
                    carrier: carrier, service: service, origin: self.origin, destination: self.destination)
                transit = lane.scaled(by: model.originTransitFactors.factor(origin: self.origin.originID))
                self.level = level
                self.shipments = shipments
                handling = predictor.handling(origin: self.origin)
                if model.dateValidation.chosen == .laneEmpirical {
                    // The fit's own check found the lanes' order → delivery times as they happened answer
                    // better than handling ⊗ transit: order-time answers come from them; ship-time answers and
                    // risk still read the stages.
                    total = predictor.transit(
                        carrier: carrier, service: service, origin: self.origin, destination: self.destination,
                        table: model.empirical
                    ).0.scaled(by: model.orderEffects.scale)
                } else {
                    total = handling.convolved(with: transit).scaled(by: model.orderEffects.scale)
                }
            }
            var running = 0.0
            totalCDF = total.probabilities.map { p in
                running += p
                return min(running, 1)
            }
            totalCDFConstantFrom = Predictor.constantFrom(totalCDF)
            lateAfter = model.orderEffects.lateInDay.secondOfDay(origin: self.origin.originID, calendar: calendar)
        }
    }

    /// Everything about a shipping option that does not depend on time: the resolved places, the calendar and
    /// the model's distributions for them. Cached per (carrier, service, origin, destination).
    public func route(carrier: String, service: String?, origin: Place, destination: Place) -> Route {
        let key = RouteCache.Key(carrier: carrier, service: service, origin: origin, destination: destination)
        if let cached = cache.route(for: key) { return cached }
        let route = Route(
            carrier: carrier, service: service, origin: origin, destination: destination, predictor: self)
        cache.store(route, for: key)
        return route
    }

    /// The transit distribution of a lane (uncalibrated) and the level that answered.
    ///
    /// Keys are built one level at a time from the most specific, stopping at the first the model knows
    /// (usually the first or second), rather than building the whole chain.
    func transit(
        carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace,
        table given: StageTable? = nil
    )
        -> (DayDistribution, level: LaneLevel, shipments: Double)
    {
        // Without a service, the lanes with every service of the carrier pooled answer.
        let table = given ?? (service == nil ? model.pooledTransit : model.transit)
        for (i, level) in LaneLevel.allCases.enumerated() {
            guard
                let key = LaneKey.transitKey(
                    level, carrier: carrier, service: service, origin: origin, destination: destination),
                let node = table.nodes[i][key.key]
            else { continue }
            // The table's level names are LaneLevel's (ModelCodec refuses a file whose levels differ).
            return (node.distribution, level, node.effectiveShipments)
        }
        return (.point(0, buckets: model.buckets), .global, 0)
    }

    /// Whether a lane's order-time answers come from the order → delivery table (see
    /// ``ModelFitter/usesDirect(transit:direct:chain:)``).
    func usesDirect(carrier: String, service: String?, origin: ResolvedPlace) -> Bool {
        // Service and carrier keys name no place, so the origin stands in for both ends.
        var chain = [String?](repeating: nil, count: LaneLevel.allCases.count)
        for level in [LaneLevel.service, LaneLevel.carrier] {
            chain[level.rank] =
                LaneKey.transitKey(level, carrier: carrier, service: service, origin: origin, destination: origin)?.key
        }
        return EDDModel.usesDirect(
            transit: service == nil ? model.pooledTransit : model.transit, direct: model.direct, chain: chain)
    }

    /// The handling distribution of an origin (uncalibrated).
    func handling(origin: ResolvedPlace) -> DayDistribution {
        for key in OriginKey.handlingChain(origin: origin) {
            if let node = model.handling.nodes[key.level.rank][key.key] { return node.distribution }
        }
        return .point(0, buckets: model.buckets)
    }

    /// The delivery forecast of a parcel ordered at `orderTime` (handling + transit), or already with the
    /// carrier since `shipTime` (transit only; takes precedence when both are given).
    public func forecast(route: Route, orderTime: Instant?, shipTime: Instant?, now: Instant) -> DeliveryForecast {
        let (start, shift) = forecastStart(route: route, orderTime: orderTime, shipTime: shipTime, now: now)
        return forecast(route: route, start: start, cdf: forecastCDF(route: route, shift: shift))
    }

    /// The forecast on `route` counting from `start` with `cdf` (``forecastStart(route:orderTime:shipTime:now:)``
    /// and ``forecastCDF(route:shift:)``).
    package func forecast(route: Route, start: CivilDate, cdf: [Double]) -> DeliveryForecast {
        DeliveryForecast(
            start: start, calendar: route.calendar, cdf: cdf, level: route.level.rawValue, shipments: route.shipments)
    }

    /// Where ``forecast(route:orderTime:shipTime:now:)`` counts working days from, and the order-timing shift of
    /// its CDF in working days (nil when it counts from the ship time: the calibrated transit CDF, unshifted).
    ///
    /// The forecast's CDF is ``forecastCDF(route:shift:)`` of that shift: it depends on the route and the shift
    /// alone, so a caller may keep it per route and shift.
    package func forecastStart(
        route: Route, orderTime: Instant?, shipTime: Instant?, now: Instant
    ) -> (start: CivilDate, shift: Double?) {
        if let shipTime { return (route.originZone.localDate(of: shipTime), nil) }
        // One look-up of the origin's offset for both the date and the time of day.
        let local = route.originZone.localTime(of: orderTime ?? now)
        let date = route.calendar.handlingCountStart(local: local)
        let shift = model.orderEffects.shift(
            date: date, secondOfDay: local.secondOfDay, calendar: route.calendar, lateAfter: route.lateAfter)
        return (date, shift)
    }

    /// The calibrated CDF of a forecast on `route` with order-timing `shift` (nil: from the ship time).
    package func forecastCDF(route: Route, shift: Double?) -> [Double] {
        guard let shift else { return calibratedCDF(route.transit, model.transitCalibration) }
        return shiftedCalibratedCDF(
            route.totalCDF, constantFrom: route.totalCDFConstantFrom, shift: shift, model.totalCalibration)
    }

    /// `g(F_s(k))` for every k, where `F_s` is the CDF `cdf` moved `shift` working days later (a fractional
    /// shift splits each day between its two neighbours, mass below day 0 stays at 0, beyond the last bucket
    /// in the tail): the same as `DayDistribution.shifted(by:)` followed by ``calibratedCDF(_:_:)``, without
    /// building the intermediate distribution. `cdf` is constant from index `constantFrom` on, so `F_s` is
    /// too from `constantFrom + shift + 1` on, and the map is applied to that value once.
    func shiftedCalibratedCDF(
        _ cdf: [Double], constantFrom: Int, shift: Double, _ map: CalibrationMap
    ) -> [Double] {
        let n = cdf.count
        let whole = Int(shift.rounded(.down))
        let fraction = shift - Double(whole)
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            cdf.withUnsafeBufferPointer { c in
                map.points.withUnsafeBufferPointer { g in
                    // F_s(k) = (1 - fraction)·F(j) + fraction·F(j - 1) with j = k - whole, where F is 0 below
                    // day 0 and F(constantFrom) from there on.
                    let tail = min(max(constantFrom + 1 + whole, 0), n - 1)
                    for k in 0..<tail {
                        let j = k - whole
                        let v =
                            j <= 0
                            ? (j == 0 ? (1 - fraction) * c[0] : 0) : (1 - fraction) * c[j] + fraction * c[j - 1]
                        out[k] = CalibrationMap.apply(g, v)
                    }
                    let constant = CalibrationMap.apply(g, c[constantFrom])
                    for k in tail..<(n - 1) { out[k] = constant }
                }
            }
            out[n - 1] = 1
            count = n
        }
    }

    /// The first index from which `cdf` keeps its last value (0 for an empty one).
    static func constantFrom(_ cdf: [Double]) -> Int {
        var k = max(cdf.count - 1, 0)
        while k > 0, cdf[k - 1] == cdf[k] { k -= 1 }
        return k
    }

    /// `g(F(k))` for every k, with the last forced to 1 (``CalibrationMap/calibratedCDF(_:)``).
    func calibratedCDF(_ d: DayDistribution, _ map: CalibrationMap) -> [Double] { map.calibratedCDF(d) }
}
