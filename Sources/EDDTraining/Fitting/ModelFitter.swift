import EDDCore
import Foundation

/// Learns an ``EDDModel`` from shipment timelines (`edd-train fit`).
///
/// 1. Each shipment becomes a handling observation (order → first carrier scan, per origin chain) and a transit
///    observation (first carrier scan → delivery, per lane chain), in working days of the carrier's calendar,
///    weighted by recency. Stages under way at the cut-off are censored; past the lost cap, or returned, they
///    are competing outcomes.
/// 2. The histograms are shrunk down each hierarchy (``Shrinkage``).
/// 3. The quantile layer (``OrderEffects``) is fitted on leave-one-out residuals of matured orders.
/// 4. A shadow fit as of the calibration window's start predicts the window's orders out of time; their
///    outcomes calibrate the stated confidences (``CalibrationMap``, split-conformal).
public enum ModelFitter {

    /// At most this many matured orders fit the quantile layer (the latest ones), to bound fitting time.
    static let effectsSampleLimit = 30_000

    /// Fits a model.
    /// - Parameters:
    ///   - timelines: shipments built by ingestion (as of `options.asOf` when set).
    ///   - options: fitting options.
    ///   - dataSummary: a description of the input, recorded in the model's metadata.
    /// - Returns: the model and a summary of the fit.
    public static func fit(timelines: [ShipmentTimeline], options: FitOptions, dataSummary: [String: String] = [:])
        -> (EDDModel, FitSummary)
    {
        let plausible = plausibleLatest(timelines)
        let asOf = options.asOf ?? plausible.latest.adding(seconds: 1)
        var summary = FitSummary()
        var options = options
        if options.learnsClosures {
            // A stage of its own over daily counts: the calendars it yields are what every stage below counts in.
            let findings = ClosureDetector.detect(
                DeliveryDayCounts(timelines, asOf: asOf), calendars: options.calendars)
            options.calendars = options.calendars.learning(findings.learned)
            summary.closures = findings
        }
        summary.malformedPostal = PostalFormatCount(timelines).shipments
        // With a given cut-off the events after it are invisible anyway; without one, the outliers are
        // what would have moved it.
        summary.implausibleLatest = options.asOf == nil ? plausible.outliers : 0
        var observations: [ShipmentObservation] = []
        var carriers: [String] = []
        observations.reserveCapacity(timelines.count)
        let places = timelines.map(ResolvedShipment.init)
        let handoff = handoffCarriers(timelines, asOf: asOf)
        for (t, r) in zip(timelines, places) {
            guard
                let obs = observe(t, r, asOf: asOf, options: options, handoffCarriers: handoff, summary: &summary)
            else { continue }
            observations.append(obs)
            carriers.append(t.carrier)
        }
        let buckets = DayHistogram.bucketCount(longest: longestCompleted(observations))
        if options.lostAfterWorkingDays == nil {
            // Completed stages do not depend on the cap, so one pass without it reads them; the censored
            // stages beyond the chosen cap then become competing outcomes, as a pass with it would make them.
            let (cap, reason) = chooseLostAfter(observations, timelines: timelines, asOf: asOf)
            options.lostAfterWorkingDays = cap
            summary.lostAfterReason = reason
            if cap > options.calibrationLostAfterWorkingDays / 2 {
                options.calibrationLostAfterWorkingDays = 2 * cap
            }
            summary.censored = 0
            summary.lost = 0
            for i in observations.indices {
                observations[i].cap(cap, calibration: options.calibrationLostAfterWorkingDays, summary: &summary)
            }
        }
        summary.lostAfter = options.lostAfterWorkingDays ?? LostAfter.floor
        summary.calibrationLostAfter = options.calibrationLostAfterWorkingDays
        summary.buckets = buckets
        var handling = HierarchyStatistics(levels: EDDModel.handlingLevels, buckets: buckets)
        var transit = HierarchyStatistics(levels: EDDModel.transitLevels, buckets: buckets)
        var pooled = HierarchyStatistics(levels: EDDModel.transitLevels, buckets: buckets)
        var direct = HierarchyStatistics(levels: EDDModel.transitLevels, buckets: buckets)
        var milestones = HierarchyStatistics(levels: Milestone.levels, buckets: buckets)
        for (o, t) in zip(observations, carriers) {
            accumulate(&handling, chain: o.handlingChain, outcome: o.handling, weight: o.weight)
            accumulate(&transit, chain: o.transitChain, outcome: o.transit, weight: o.weight)
            accumulate(&pooled, chain: o.pooledTransitChain, outcome: o.transit, weight: o.weight)
            accumulate(&direct, chain: o.transitChain, outcome: o.direct, weight: o.weight)
            for (m, outcome) in o.milestones {
                accumulate(&milestones, chain: m.chain(carrier: t), outcome: outcome, weight: o.weight)
            }
        }
        let milestoneFit = Shrinkage.fit(milestones)
        let handlingFit = Shrinkage.fit(handling)
        let transitFit = Shrinkage.fit(transit)
        let transitTable = StageTable(statistics: transit, fit: transitFit)
        let directTable = StageTable(statistics: direct, fit: Shrinkage.fit(direct))
        let originFactors = originTransitFactors(observations, transitTable)
        if options.calibrationDays == nil {
            let window = CalibrationWindow.derive(
                completedDays: timelines.compactMap { t in
                    guard let start = t.orderTime ?? t.shipTime, let end = t.deliveryTime, end < asOf, start <= end
                    else { return nil }
                    return start.days(to: end)
                },
                references: observations.map(\.reference), asOf: asOf)
            options.calibrationDays = window.days
            summary.calibrationDaysReason = window.reason
        }
        let calibrationDays = options.calibrationDays ?? CalibrationWindow.minimumDays
        summary.calibrationDays = calibrationDays
        let calibrationStart = asOf.adding(seconds: -Int64(calibrationDays) * 86_400)
        let recent = observations.filter { $0.reference >= calibrationStart }
        let loo = LeaveOneOut(handling: handling, handlingFit: handlingFit, transit: transit, transitFit: transitFit)
        // The quantile layer learns from the latest matured orders before the calibration window.
        let matured = observations.filter { o in
            guard o.reference < calibrationStart, o.features != nil, case .completed = o.total else { return false }
            return true
        }.sorted { $0.reference > $1.reference }.prefix(effectsSampleLimit)
        let effectRows: [OrderEffects.Row] = matured.compactMap { o in
            let factor = originFactors.factor(origin: o.originID)
            guard case .completed(let y) = o.total, let x = o.features,
                let f = loo.totalDistribution(o, transitFactor: factor)
            else { return nil }
            return OrderEffects.Row(features: x, base: f, days: y, weight: o.weight)
        }
        let effects = OrderEffects.fit(effectRows)
        if effects != .none {
            let varying = OrderEffects.varyingFeatures(effectRows.map(\.features))
            summary.leftOutFeatures = zip(OrderEffects.names, varying).filter { !$0.1 }.map(\.0)
        }
        // Split-conformal calibration: a shadow fit as of the window's start predicts the window's orders
        // out of time, as the served model will predict next month's, so drift shows in the map.
        let shadow = shadowTables(
            timelines, places, asOf: calibrationStart, options: options, handoffCarriers: handoff, buckets: buckets)
        let totalMap = CalibrationMap.fit(
            recent.compactMap { o in
                guard let x = o.features else { return nil }
                if EDDModel.usesDirect(transit: shadow.transit, direct: shadow.direct, chain: o.transitChain) {
                    guard let d = shadow.direct.lookup(o.transitChain)?.node.distribution else { return nil }
                    return (effects.apply(d, features: x), o.calibrationTotal, o.jitter)
                }
                guard let h = shadow.handling.lookup(o.handlingChain)?.node.distribution,
                    let lane = shadow.transit.lookup(o.transitChain)?.node.distribution
                else { return nil }
                let t = lane.scaled(by: shadow.factors.factor(origin: o.originID))
                return (effects.apply(h.convolved(with: t), features: x), o.calibrationTotal, o.jitter)
            })
        let transitMap = CalibrationMap.fit(
            recent.compactMap { o in
                shadow.transit.lookup(o.transitChain).map {
                    (
                        $0.node.distribution.scaled(by: shadow.factors.factor(origin: o.originID)),
                        o.calibrationTransit, o.jitter
                    )
                }
            })
        // The shadow answers risk questions as the served model will (its pooled lanes are the service lanes:
        // every training shipment names its service); its answers, raw, against what happened fit the risk lines.
        let shadowModel = EDDModel(
            metadata: ModelMetadata(
                asOf: calibrationStart, halfLifeDays: options.halfLifeDays,
                lostAfterWorkingDays: options.lostAfterWorkingDays ?? LostAfter.floor,
                calibrationDays: calibrationDays, defaultConfidence: options.defaultConfidence,
                shipments: 0, censored: 0, data: [:]),
            calendars: options.calendars, handling: shadow.handling, transit: shadow.transit,
            pooledTransit: shadow.transit, originTransitFactors: shadow.factors, milestones: shadow.milestones,
            direct: shadow.direct, orderEffects: effects, totalCalibration: totalMap, transitCalibration: transitMap)
        let riskMap = riskCalibration(timelines, shadow: shadowModel, from: calibrationStart, asOf: asOf)
        summary.handlingNodes = handling.keys.map(\.count)
        summary.transitNodes = transit.keys.map(\.count)
        summary.handlingStrengths = handlingFit.strengths
        summary.transitStrengths = transitFit.strengths
        summary.calibrationShipments = recent.count
        summary.calibration = totalMap
        summary.transitCalibration = transitMap
        let model = EDDModel(
            metadata: ModelMetadata(
                asOf: asOf, halfLifeDays: options.halfLifeDays,
                lostAfterWorkingDays: options.lostAfterWorkingDays ?? LostAfter.floor,
                calibrationDays: calibrationDays, defaultConfidence: options.defaultConfidence,
                shipments: summary.used, censored: summary.censored, data: dataSummary),
            calendars: options.calendars,
            handling: StageTable(statistics: handling, fit: handlingFit),
            transit: transitTable, pooledTransit: StageTable(statistics: pooled, fit: Shrinkage.fit(pooled)),
            originTransitFactors: originFactors,
            milestones: StageTable(statistics: milestones, fit: milestoneFit), direct: directTable,
            orderEffects: effects, totalCalibration: totalMap, transitCalibration: transitMap,
            riskCalibration: riskMap)
        summary.riskCalibration = riskMap
        summary.orderEffects = effects
        return (model, summary)
    }

    /// Handling and transit tables fitted as of an earlier instant (for out-of-time calibration).
    static func shadowTables(
        _ timelines: [ShipmentTimeline], _ places: [ResolvedShipment], asOf: Instant, options: FitOptions,
        handoffCarriers: Set<String>, buckets: Int
    ) -> (
        handling: StageTable, transit: StageTable, direct: StageTable, factors: OriginTransitFactors,
        milestones: StageTable
    ) {
        var ignored = FitSummary()
        var observations: [ShipmentObservation] = []
        var handling = HierarchyStatistics(levels: EDDModel.handlingLevels, buckets: buckets)
        var transit = HierarchyStatistics(levels: EDDModel.transitLevels, buckets: buckets)
        var direct = HierarchyStatistics(levels: EDDModel.transitLevels, buckets: buckets)
        var milestones = HierarchyStatistics(levels: Milestone.levels, buckets: buckets)
        for (t, r) in zip(timelines, places) {
            guard
                let o = observe(
                    t, r, asOf: asOf, options: options, handoffCarriers: handoffCarriers, summary: &ignored)
            else { continue }
            accumulate(&handling, chain: o.handlingChain, outcome: o.handling, weight: o.weight)
            accumulate(&transit, chain: o.transitChain, outcome: o.transit, weight: o.weight)
            accumulate(&direct, chain: o.transitChain, outcome: o.direct, weight: o.weight)
            for (m, outcome) in o.milestones {
                accumulate(&milestones, chain: m.chain(carrier: t.carrier), outcome: outcome, weight: o.weight)
            }
            observations.append(o)
        }
        let transitTable = StageTable(statistics: transit, fit: Shrinkage.fit(transit))
        return (
            StageTable(statistics: handling, fit: Shrinkage.fit(handling)), transitTable,
            StageTable(statistics: direct, fit: Shrinkage.fit(direct)),
            originTransitFactors(observations, transitTable),
            StageTable(statistics: milestones, fit: Shrinkage.fit(milestones))
        )
    }

    /// Per-origin transit factors from completed transits against their lanes' medians.
    static func originTransitFactors(_ observations: [ShipmentObservation], _ transit: StageTable)
        -> OriginTransitFactors
    {
        OriginTransitFactors.fit(
            observations.compactMap { o in
                guard case .completed(let days) = o.transit, let origin = o.originID,
                    let lane = transit.lookup(o.transitChain)?.node.distribution
                else { return nil }
                return (origin, days, lane.quantile(0.5), o.weight)
            })
    }

    /// Carriers whose feed reports hand-offs: most of their deliveries before the cut-off have a carrier scan
    /// before the DELIVERED one. An open shipment of any other carrier is "not yet delivered", not "not yet
    /// handed over".
    static func handoffCarriers(_ timelines: [ShipmentTimeline], asOf: Instant) -> Set<String> {
        var counts: [String: (handoff: Int, delivered: Int)] = [:]
        for t in timelines {
            guard let d = t.deliveryTime, d < asOf else { continue }
            var c = counts[t.carrier, default: (0, 0)]
            c.delivered += 1
            if let s = t.shipTime, s < d { c.handoff += 1 }
            counts[t.carrier] = c
        }
        return Set(counts.filter { 2 * $0.value.handoff >= $0.value.delivered }.keys)
    }

    /// The duration the day range must resolve: the longest completed duration of any stage (or order →
    /// delivery) once the longest 0.5% are set aside. Those few outliers (a parcel delivered after seven
    /// months) would otherwise widen every distribution of the model, and every convolution with it, for
    /// mass the tail bucket carries as well; an answer that reaches the tail says so (`basis.tail`).
    static func longestCompleted(_ observations: [ShipmentObservation]) -> Int {
        var durations: [Int] = []
        durations.reserveCapacity(observations.count * 2)
        for o in observations {
            for outcome in [o.handling, o.transit, o.total, o.direct] {
                if case .completed(let d) = outcome { durations.append(d) }
            }
        }
        guard !durations.isEmpty else { return 0 }
        durations.sort()
        let index = Int((Double(durations.count) * 0.995).rounded(.up)) - 1
        return durations[min(max(index, 0), durations.count - 1)]
    }

    static func accumulate(_ stats: inout HierarchyStatistics, chain: [String?], outcome: StageOutcome, weight: Double)
    {
        switch outcome {
        case .completed(let d): stats.addEvent(chain: chain, days: d, weight: weight)
        case .censored(let d): stats.addCensored(chain: chain, days: d, weight: weight)
        case .competing, .unknown: break
        }
    }

    /// The instant just after the latest plausible event: the cut-off when none is given.
    ///
    /// A scan far beyond the rest of the feed (a year-2099 typo in a 2026 feed) must not move the cut-off,
    /// or every shipment under way would look months late and calibration would see no recent orders. Each
    /// shipment's latest event is sorted; from the top, one more than a year after the next one (and after
    /// the feed's own span, so short, sparse feeds are not cut) is set aside and counted. Judged against the
    /// data, not the wall clock, so the same input always gives the same cut-off.
    static func latestEvent(_ timelines: [ShipmentTimeline]) -> Instant {
        plausibleLatest(timelines).latest
    }

    /// The latest plausible event and the number of shipments whose latest event lies implausibly beyond it.
    static func plausibleLatest(_ timelines: [ShipmentTimeline]) -> (latest: Instant, outliers: Int) {
        var lasts: [Int64] = []
        lasts.reserveCapacity(timelines.count)
        for t in timelines { if let last = t.events.last?.time { lasts.append(last.seconds) } }
        guard !lasts.isEmpty else { return (Instant(seconds: 0), 0) }
        lasts.sort()
        let firsts = timelines.compactMap { $0.events.first?.time.seconds }.min() ?? lasts[0]
        var top = lasts.count - 1
        while top > 0 {
            let gap = lasts[top] - lasts[top - 1]
            let span = lasts[top - 1] - firsts
            guard gap > max(366 * 86_400, span) else { break }
            top -= 1
        }
        return (Instant(seconds: lasts[top]), lasts.count - 1 - top)
    }

    /// Turns one timeline into what the stages learn from it, or nil when it teaches nothing (canceled
    /// before shipping, nothing visible before the cut-off).
    static func observe(
        _ t: ShipmentTimeline, _ r: ResolvedShipment, asOf: Instant, options: FitOptions,
        handoffCarriers: Set<String> = [], summary: inout FitSummary
    ) -> ShipmentObservation? {
        if let cancel = t.cancelTime, cancel < asOf, t.shipTime.map({ $0 >= cancel }) ?? true {
            summary.canceled += 1
            return nil
        }
        guard let reference = t.orderTime ?? t.shipTime, reference < asOf else {
            summary.skipped += 1
            return nil
        }
        let originZone = r.originZone
        let destinationZone = r.destinationZone
        let calendar = options.calendars.calendar(for: t.carrier, destination: Geography.resolve(t.destination))
        let cap = options.lostAfterWorkingDays ?? Int.max / 4
        // The last local day fully observed before the cut-off.
        let lastOriginDay = originZone.localDate(of: asOf).adding(days: -1)
        let lastDestinationDay = destinationZone.localDate(of: asOf).adding(days: -1)

        let orderDate = t.orderTime.map { calendar.handlingCountStart(order: $0, zone: originZone) }
        let delivered = t.deliveryTime.flatMap { $0 < asOf ? destinationZone.localDate(of: $0) : nil }
        // No hand-off: the first carrier scan is the delivery itself (or there is none yet on a carrier
        // whose feed never reports hand-offs). Order → delivery is then learned whole, on the lane.
        let visibleShip = t.shipTime.flatMap { $0 < asOf ? $0 : nil }
        let noHandoff =
            orderDate != nil
            && (visibleShip == nil
                ? !handoffCarriers.contains(t.carrier) : (t.deliveryTime.map { $0 <= visibleShip! } ?? false))
        let shipDate = noHandoff ? nil : visibleShip.map { originZone.localDate(of: $0) }
        let returned = t.returnTime.map { $0 < asOf } ?? false

        func stage(from start: CivilDate?, end: CivilDate?, lastDay: CivilDate, gone: Bool, cap: Int = cap)
            -> StageOutcome
        {
            guard let start else { return .unknown }
            if let end { return .completed(max(0, calendar.workingDays(from: start, to: end))) }
            if gone { return .competing }
            let elapsed = calendar.workingDays(from: start, to: lastDay)
            return elapsed > cap ? .competing : .censored(max(0, elapsed))
        }
        let handling =
            noHandoff ? .unknown : stage(from: orderDate, end: shipDate, lastDay: lastOriginDay, gone: returned)
        let transit =
            shipDate == nil
            ? .unknown : stage(from: shipDate, end: delivered, lastDay: lastDestinationDay, gone: returned)
        let total = stage(from: orderDate, end: delivered, lastDay: lastDestinationDay, gone: returned)
        let looseCap = options.lostAfterWorkingDays == nil ? cap : options.calibrationLostAfterWorkingDays
        let calibrationTotal = stage(
            from: orderDate, end: delivered, lastDay: lastDestinationDay, gone: returned, cap: looseCap)
        let calibrationTransit =
            shipDate == nil
            ? .unknown
            : stage(from: shipDate, end: delivered, lastDay: lastDestinationDay, gone: returned, cap: looseCap)

        let direct: StageOutcome = noHandoff ? total : .unknown
        summary.used += 1
        // Each used shipment lands in exactly one outcome, so the counts add up to `used`.
        switch noHandoff ? total : transit {
        case .censored: summary.censored += 1
        case .competing: if returned { summary.returned += 1 } else { summary.lost += 1 }
        case .completed:
            summary.delivered += 1
            if noHandoff { summary.withoutHandoff += 1 }
        case .unknown:
            switch handling {
            case .censored: summary.censored += 1
            case .competing: if returned { summary.returned += 1 } else { summary.lost += 1 }
            case .completed, .unknown: summary.notPickedUp += 1
            }
        }
        var milestoneOutcomes: [(Milestone, StageOutcome)] = []
        if shipDate != nil {
            var lastOf: [Milestone: Instant] = [:]
            for e in t.events where e.time < asOf {
                if let m = Milestone(e.code) { lastOf[m] = e.time }
            }
            for m in Milestone.allCases {
                guard let at = lastOf[m] else { continue }
                let from = destinationZone.localDate(of: at)
                milestoneOutcomes.append(
                    (m, stage(from: from, end: delivered, lastDay: lastDestinationDay, gone: returned)))
            }
        }
        let features = t.orderTime.map { o in
            OrderEffects.features(
                date: originZone.localDate(of: o), secondOfDay: originZone.secondOfDay(of: o), calendar: calendar)
        }
        let age = max(0, reference.days(to: asOf))
        return ShipmentObservation(
            handlingChain: r.handlingChain, transitChain: r.transitChain, pooledTransitChain: r.pooledTransitChain,
            handling: handling, transit: transit, direct: direct, total: total, calibrationTotal: calibrationTotal,
            calibrationTransit: calibrationTransit, milestones: milestoneOutcomes,
            features: features, weight: pow(0.5, age / options.halfLifeDays), returned: returned, reference: reference,
            jitter: jitter(t.id))
    }

    /// What a fit needs of a shipment's places, worked out once and shared by the main and shadow fits.
    struct ResolvedShipment {
        var originZone: ZoneRules
        var destinationZone: ZoneRules
        var handlingChain: [String?]
        var transitChain: [String?]
        var pooledTransitChain: [String?]

        init(_ t: ShipmentTimeline) {
            let origin = Geography.resolve(t.origin)
            let destination = Geography.resolve(t.destination)
            originZone = Geography.zone(for: origin)
            destinationZone = Geography.zone(for: destination)
            handlingChain = ModelFitter.handlingChain(origin)
            transitChain = ModelFitter.transitChain(
                carrier: t.carrier, service: t.service, origin: origin, destination: destination)
            pooledTransitChain = ModelFitter.transitChain(
                carrier: t.carrier, service: nil, origin: origin, destination: destination)
        }
    }

    /// The handling key chain of an origin, aligned with ``EDDModel/handlingLevels``.
    public static func handlingChain(_ origin: ResolvedPlace) -> [String?] {
        var chain = [String?](repeating: nil, count: EDDModel.handlingLevels.count)
        for key in OriginKey.handlingChain(origin: origin) {
            if let i = OriginLevel.allCases.firstIndex(of: key.level) { chain[i] = key.key }
        }
        return chain
    }

    /// The transit key chain of a lane, aligned with ``EDDModel/transitLevels``.
    public static func transitChain(
        carrier: String, service: String?, origin: ResolvedPlace, destination: ResolvedPlace
    )
        -> [String?]
    {
        var chain = [String?](repeating: nil, count: EDDModel.transitLevels.count)
        for key in LaneKey.transitChain(carrier: carrier, service: service, origin: origin, destination: destination) {
            if let i = LaneLevel.allCases.firstIndex(of: key.level) { chain[i] = key.key }
        }
        chain[chain.count - 1] = "*"
        return chain
    }

    /// A reproducible number in [0, 1) from a shipment id (FNV-1a), to randomise discrete PIT values.
    static func jitter(_ id: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Double(h >> 11) / Double(1 << 53)
    }
}
