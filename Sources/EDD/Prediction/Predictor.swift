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

    /// Where and how a parcel travels: the resolved places and the key chains into the model.
    public struct Route: Sendable {
        public var carrier: String
        public var origin: ResolvedPlace
        public var destination: ResolvedPlace
        public var originZone: ZoneRules
        public var destinationZone: ZoneRules
        public var calendar: BusinessCalendar
        public var service: String?
        /// Handling time at the origin (uncalibrated).
        public var handling: DayDistribution = .point(0)
        /// Transit on the lane (uncalibrated), with the level that answered and its effective shipments.
        public var transit: DayDistribution = .point(0)
        public var level = "global"
        public var shipments = 0.0
        /// Handling ⊗ transit, before the quantile layer.
        public var total: DayDistribution = .point(0)
    }

    /// Everything about a shipping option that does not depend on time: the resolved places, the calendar and
    /// the model's distributions for them. Cached per (carrier, service, origin, destination).
    public func route(carrier: String, service: String?, origin: Place, destination: Place) -> Route {
        let key = RouteCache.Key(carrier: carrier, service: service, origin: origin, destination: destination)
        if let cached = cache.route(for: key) { return cached }
        let o = Geography.resolve(origin)
        let d = Geography.resolve(destination)
        var route = Route(
            carrier: carrier, origin: o, destination: d, originZone: Geography.zone(for: o),
            destinationZone: Geography.zone(for: d), calendar: model.calendars.calendar(for: carrier), service: service)
        (route.transit, route.level, route.shipments) = transit(route)
        route.handling = handling(route)
        route.total = route.handling.convolved(with: route.transit)
        cache.store(route, for: key)
        return route
    }

    /// The transit distribution of a route (uncalibrated) and the level that answered.
    ///
    /// Keys are built one level at a time from the most specific, stopping at the first the model knows
    /// (usually the first or second), rather than building the whole chain.
    func transit(_ route: Route) -> (DayDistribution, level: String, shipments: Double) {
        for (i, level) in LaneLevel.allCases.enumerated() {
            guard
                let key = LaneKey.transitKey(
                    level, carrier: route.carrier, service: route.service, origin: route.origin,
                    destination: route.destination),
                let node = model.transit.nodes[i][key.key]
            else { continue }
            return (node.distribution, model.transit.levels[i], node.effectiveShipments)
        }
        return (.point(0), "global", 0)
    }

    /// The handling distribution of a route's origin (uncalibrated).
    func handling(_ route: Route) -> DayDistribution {
        for key in OriginKey.handlingChain(origin: route.origin) {
            if let node = model.handling.nodes[key.level.rank][key.key] { return node.distribution }
        }
        return .point(0)
    }

    /// The delivery forecast of a parcel ordered at `orderTime` (handling + transit), or already with the
    /// carrier since `shipTime` (transit only; takes precedence when both are given).
    public func forecast(route: Route, orderTime: Instant?, shipTime: Instant?, now: Instant) -> DeliveryForecast {
        if let shipTime {
            let start = route.originZone.localDate(of: shipTime)
            return DeliveryForecast(
                start: start, calendar: route.calendar, cdf: calibratedCDF(route.transit, model.transitCalibration),
                level: route.level, shipments: route.shipments)
        }
        let order = orderTime ?? now
        let x = OrderEffects.features(
            date: route.originZone.localDate(of: order), secondOfDay: route.originZone.secondOfDay(of: order),
            calendar: route.calendar)
        let total = model.orderEffects.apply(route.total, features: x)
        return DeliveryForecast(
            start: route.originZone.localDate(of: order), calendar: route.calendar,
            cdf: calibratedCDF(total, model.totalCalibration), level: route.level, shipments: route.shipments)
    }

    /// `g(F(k))` for every k, with the last forced to 1.
    func calibratedCDF(_ d: DayDistribution, _ map: CalibrationMap) -> [Double] {
        var out = [Double](repeating: 0, count: d.probabilities.count)
        var s = 0.0
        for (k, p) in d.probabilities.enumerated() {
            s += p
            out[k] = map.apply(min(s, 1))
        }
        out[out.count - 1] = 1
        return out
    }
}
