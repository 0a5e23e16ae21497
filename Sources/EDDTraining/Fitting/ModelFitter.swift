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
    /// Shipments per batch of the passes over timelines (``forEachBatch(_:size:prepare:_:)``).
    static let observedBatch = 4096

    /// Fits a model.
    ///
    /// The shipments are read in three passes, a batch at a time; the third observes each for the fit and
    /// the shadow fit and keeps both observations (``ObservationStore``: in memory for an array, in a
    /// temporary file for ``SpilledShipments``), which the later passes read instead of the timelines. What
    /// they keep in memory is summed (histograms, counts of durations, per-origin sums, calibration bins) or
    /// bounded (the newest matured orders for the quantile layer). So `timelines` may be an array or
    /// shipments read back from disk, with the same result.
    /// - Parameters:
    ///   - timelines: shipments built by ingestion (as of `options.asOf` when set), iterated several times;
    ///     `edd-train` hands them in ``inFitOrder(_:)``, so the bytes do not depend on the input's order.
    ///   - options: fitting options. Carriers `options.calendars` does not configure get the calendar their
    ///     deliveries call for (``CarrierCalendars/completed(with:)``, counted in the fit's first pass), then
    ///     `options.closures` apply; every stage counts working days in those calendars, and the model keeps them.
    ///   - dataSummary: a description of the input, recorded in the model's metadata.
    /// - Returns: the model and a summary of the fit.
    public static func fit<S: Sequence<ShipmentTimeline>>(
        timelines: S, options: FitOptions, dataSummary: [String: String] = [:]
    ) -> (EDDModel, FitSummary) {
        fit(timelines: timelines, options: options, dataSummary: dataSummary, spilled: timelines as? SpilledShipments)
    }

    /// ``fit(timelines:options:dataSummary:)`` that keeps what the shipments are observed as (``ObservationStore``)
    /// in `spilled`'s directory, and reports a failure to keep or read it back there, when given; in memory
    /// otherwise.
    static func fit<S: Sequence<ShipmentTimeline>>(
        timelines: S, options: FitOptions, dataSummary: [String: String] = [:], spilled: SpilledShipments?,
        places sharedPlaces: LanePlaces.Table? = nil
    ) -> (EDDModel, FitSummary) {
        // The first pass: the cut-off, and the counts that complete the calendars of carriers not configured
        // (every stage below counts working days in them).
        var latest = PlausibleLatest()
        var completion = CarrierCalendars.CompletionCounts()
        let completes = !options.calendars.fallbackIsExplicit
        forEachBatch(timelines, size: observedBatch) { batch in
            for t in batch {
                latest.add(t)
                if completes, options.calendars.carriers[t.carrier] == nil { completion.add(t) }
            }
        }
        let plausible = latest.result
        let asOf = options.asOf ?? plausible.latest.adding(seconds: 1)
        var summary = FitSummary()
        var options = options
        options.calendars = options.calendars.completed(with: completion).closing(options.closures)
        // With a given cut-off the events after it are invisible anyway; without one, the outliers are
        // what would have moved it.
        summary.implausibleLatest = options.asOf == nil ? plausible.outliers : 0
        var survey = FeedSurvey(
            asOf: asOf, learnsClosures: options.learnsClosures, learnsLateInDay: options.lateInDay == nil,
            calendars: options.calendars)
        forEachBatch(timelines, size: observedBatch) { batch in
            for t in batch { survey.add(t) }
        }
        if let counts = survey.lateInDay {
            let learned = counts.derive(perOrigin: options.learnsLateInDayPerOrigin)
            options.lateInDay = learned.0
            summary.lateInDayReason = learned.reason
        }
        summary.lateInDay = options.lateInDay ?? .none
        if let counts = survey.deliveryDays {
            // A stage of its own over daily counts: the calendars it yields are what every stage below counts in.
            let findings = ClosureDetector.detect(counts, calendars: options.calendars)
            options.calendars = options.calendars.learning(findings.learned)
            summary.closures = findings
        }
        summary.malformedPostal = survey.postal.shipments
        let places = PlaceCache(calendars: options.calendars, shared: sharedPlaces)
        let handoff = survey.handoffCarriers
        if options.calibrationDays == nil {
            let window = survey.window.window
            options.calibrationDays = window.days
            summary.calibrationDaysReason = window.reason
        }
        let calibrationDays = options.calibrationDays ?? CalibrationWindow.minimumDays
        summary.calibrationDays = calibrationDays
        let halfLifeDays: Double
        if let given = options.halfLifeDays {
            halfLifeDays = given
        } else {
            let derived = HalfLife.derive(spanDays: survey.window.spanDays, windowDays: calibrationDays)
            halfLifeDays = derived.days
            options.halfLifeDays = derived.days
            summary.halfLifeReason = derived.reason
        }
        summary.halfLifeDays = halfLifeDays
        let calibrationStart = asOf.adding(seconds: -Int64(calibrationDays) * 86_400)

        // Pass: what the day range and the lost-after cap are read from, and the orders the quantile
        // layer will learn from (the latest matured ones before the calibration window).
        var stageDurations = DurationCounts()
        var allDurations = DurationCounts()
        var totals = DurationCounts()
        var carrierDurations: [String: (stages: DurationCounts, totals: DurationCounts, ghosts: GhostCounts)] = [:]
        var matured = NewestReferences(limit: effectsSampleLimit)
        var ghosts = GhostCounts(asOf: asOf)
        // This pass also observes each shipment for the shadow fit and keeps both observations, before the
        // caps (derived from this pass) apply, for the passes below; and it counts the same-day and pickup
        // shares, which need the timeline's scans. Observed with no cap (a carrier's included) and capped
        // afterwards, a shadow stage comes out as observing it with the cap would make it.
        var shadowOptions = options
        if options.lostAfterWorkingDays == nil { shadowOptions.carrierLostAfter = [:] }
        var unused = FitSummary()
        let observations = ObservationStore(spill: spilled?.spill, failed: { spilled?.fail($0) })
        var sameDay = SameDayShares.Accumulator(cutoff: asOf)
        var shadowSameDay = SameDayShares.Accumulator(cutoff: calibrationStart)
        var pickup = PickupShares.Accumulator(cutoff: asOf)
        var shadowPickup = PickupShares.Accumulator(cutoff: calibrationStart)
        var hazards = HandlingHazards.Accumulator(cutoff: asOf, carriers: handoff)
        var shadowHazards = HandlingHazards.Accumulator(cutoff: calibrationStart, carriers: handoff)
        // Observing and the shares' counting read the same shipments and write different sums: batch by
        // batch, they run on two threads (each still sums its shipments in order).
        var carrierGhosts: [String: GhostCounts] = [:]
        var carrierStages: [String: (stages: DurationCounts, totals: DurationCounts)] = [:]
        var batchStart = 0
        func resolve(_ t: ShipmentTimeline) -> (ShipmentTimeline, ResolvedShipment) { (t, places[t]) }
        forEachBatch(
            timelines, size: observedBatch, prepare: resolve,
            first: { shipments in
                for (t, r) in shipments {
                    ghosts.add(t)
                    carrierGhosts[t.carrier, default: GhostCounts(asOf: asOf)].add(t)
                    sameDay.add(t, zone: r.destinationZone, calendar: r.calendar, alsoTo: &shadowSameDay)
                    pickup.add(t, zone: r.originZone, calendar: r.calendar)
                    shadowPickup.add(t, zone: r.originZone, calendar: r.calendar)
                    let lateAfter = options.lateInDay?.secondOfDay(
                        origin: r.handlingChain[OriginLevel.origin.rank], calendar: r.calendar)
                    hazards.add(t, zone: r.originZone, calendar: r.calendar, lateAfter: lateAfter)
                    shadowHazards.add(t, zone: r.originZone, calendar: r.calendar, lateAfter: lateAfter)
                }
            },
            second: { shipments in
                for (k, (t, r)) in shipments.enumerated() {
                    let served = observe(
                        t, r, asOf: asOf, options: options, handoffCarriers: handoff, summary: &summary)
                    let shadow = observe(
                        t, r, asOf: calibrationStart, options: shadowOptions, handoffCarriers: handoff,
                        summary: &unused)
                    observations.append(CachedObservation(lane: r.lane, served: served, shadow: shadow))
                    guard let o = served else { continue }
                    for outcome in [o.handling, o.transit, o.total, o.direct] {
                        if case .completed(let d) = outcome { allDurations.add(d) }
                    }
                    for outcome in [o.handling, o.transit, o.direct] {
                        if case .completed(let d) = outcome {
                            stageDurations.add(d)
                            carrierStages[t.carrier, default: (.init(), .init())].stages.add(d)
                        }
                    }
                    if case .completed(let d) = o.total {
                        totals.add(d)
                        carrierStages[t.carrier, default: (.init(), .init())].totals.add(d)
                        if o.reference < calibrationStart, o.features != nil {
                            matured.add(o.reference, batchStart + k)
                        }
                    }
                }
                batchStart += shipments.count
            })
        // Every shipment counts its carrier's ghosts, so every carrier with durations is among them.
        for (carrier, g) in carrierGhosts {
            let d = carrierStages[carrier]
            carrierDurations[carrier] = (d?.stages ?? .init(), d?.totals ?? .init(), g)
        }
        observations.finish()
        var derivedCap: (lostAfter: Int, calibration: Int)?
        let buckets = DayHistogram.bucketCount(longest: longestCompleted(allDurations))
        if options.lostAfterWorkingDays == nil {
            // Completed stages do not depend on the cap, so one pass without it reads them; the censored
            // stages beyond the chosen cap then become competing outcomes, as a pass with it would make them.
            let choice = chooseLostAfter(
                stages: stageDurations, totals: totals, carriers: carrierDurations, ghosts: ghosts)
            let base = options.calibrationLostAfterWorkingDays
            // A long cap keeps the calibration's looser one at least twice as long.
            func calibration(_ cap: Int) -> Int { cap > base / 2 ? 2 * cap : base }
            options.lostAfterWorkingDays = choice.days
            options.calibrationLostAfterWorkingDays = calibration(choice.days)
            options.carrierLostAfter = choice.carriers.mapValues { ($0.days, calibration($0.days)) }
            summary.lostAfterReason = choice.reason
            summary.carrierLostAfter = choice.carriers.mapValues(\.days)
            summary.censored = 0
            summary.lost = 0
            derivedCap = (choice.days, options.calibrationLostAfterWorkingDays)
        }
        let carrierCaps = options.carrierLostAfter
        /// The shipment as the stages learn it: observed as in the pass above, then capped.
        func observed(_ c: CachedObservation, _ r: ResolvedShipment, features: Bool = false, recount: inout FitSummary)
            -> ShipmentObservation?
        {
            guard var o = c.servedObservation(r, features: features) else { return nil }
            if let derivedCap {
                let c = carrierCaps[r.carrier] ?? derivedCap
                o.cap(c.lostAfter, calibration: c.calibration, summary: &recount)
            }
            return o
        }
        /// The shipment as the shadow fit's stages learn it, capped likewise.
        func shadowObserved(_ c: CachedObservation, _ r: ResolvedShipment) -> ShipmentObservation? {
            guard var o = c.shadowObservation(r) else { return nil }
            if let derivedCap {
                let c = carrierCaps[r.carrier] ?? derivedCap
                var ignored = FitSummary()
                o.cap(c.lostAfter, calibration: c.calibration, summary: &ignored)
            }
            return o
        }
        summary.lostAfter = options.lostAfterWorkingDays ?? LostAfter.floor
        summary.calibrationLostAfter = options.calibrationLostAfterWorkingDays
        summary.buckets = buckets

        // Pass: the histograms, of the fit and of the shadow fit as of the calibration window's start.
        // Each lane's nodes are looked up once per hierarchy (``LaneStatistics``), not once per shipment. The
        // two fits share nothing but what they read, so they are summed on two threads.
        var lanes = StageLanes(buckets: buckets, pooled: true)
        var shadowLanes = StageLanes(buckets: buckets, pooled: false)
        let resolved = places.resolved
        concurrently(
            {
                observations.forEach { _, c in
                    let r = resolved[Int(c.lane)]
                    if let o = observed(c, r, recount: &summary) { lanes.add(o, r) }
                }
            },
            {
                observations.forEach { _, c in
                    let r = resolved[Int(c.lane)]
                    if let o = shadowObserved(c, r) { shadowLanes.add(o, r) }
                }
            })
        let handling = lanes.handling.statistics
        let transit = lanes.transit.statistics
        let pooled = lanes.pooled!.statistics
        let direct = lanes.direct.statistics
        let milestones = lanes.milestones.statistics
        let shadowHandling = shadowLanes.handling.statistics
        let shadowTransit = shadowLanes.transit.statistics
        let shadowDirect = shadowLanes.direct.statistics
        let shadowMilestones = shadowLanes.milestones.statistics
        let empirical = lanes.empirical.statistics
        let shadowEmpirical = shadowLanes.empirical.statistics
        let milestoneFit = Shrinkage.fit(milestones)
        let handlingFit = Shrinkage.fit(handling)
        let transitFit = Shrinkage.fit(transit)
        let transitTable = StageTable(statistics: transit, fit: transitFit)
        let directTable = StageTable(statistics: direct, fit: Shrinkage.fit(direct))
        let shadowTransitTable = StageTable(statistics: shadowTransit, fit: Shrinkage.fit(shadowTransit))
        let shadowHandlingTable = StageTable(statistics: shadowHandling, fit: Shrinkage.fit(shadowHandling))
        let shadowDirectTable = StageTable(statistics: shadowDirect, fit: Shrinkage.fit(shadowDirect))
        let shadowEmpiricalTable = StageTable(statistics: shadowEmpirical, fit: Shrinkage.fit(shadowEmpirical))

        // Pass: origin factors against the lanes' medians, of the fit and of the shadow fit; it keeps the
        // observations of the orders the quantile layer learns from (at most ``effectsSampleLimit``), whose
        // rows need the factors.
        var factorRows = OriginTransitFactors.Accumulator()
        var shadowFactorRows = OriginTransitFactors.Accumulator()
        var recentCount = 0
        let chosen = matured.positions
        var chosenObservations = [ShipmentObservation?](repeating: nil, count: chosen.count)
        var medians = LaneMedians(transitTable)
        var shadowMedians = LaneMedians(shadowTransitTable)
        concurrently(
            {
                observations.forEach { i, c in
                    let r = resolved[Int(c.lane)]
                    let k = chosen[i]
                    if let o = observed(c, r, features: k != nil, recount: &unused) {
                        medians.addRow(&factorRows, o, r)
                        if o.reference >= calibrationStart { recentCount += 1 }
                        if let k { chosenObservations[k] = o }
                    }
                }
            },
            {
                observations.forEach { _, c in
                    let r = resolved[Int(c.lane)]
                    if let o = shadowObserved(c, r) { shadowMedians.addRow(&shadowFactorRows, o, r) }
                }
            })
        let originFactors = factorRows.factors
        let shadowFactors = shadowFactorRows.factors

        // The quantile layer learns from the chosen matured orders, newest first.
        let loo = LeaveOneOut(handling: handling, handlingFit: handlingFit, transit: transit, transitFit: transitFit)
        let effectRows = chosenObservations.compactMap { o -> OrderEffects.Row? in
            guard let o, case .completed(let y) = o.total, let x = o.features,
                let f = loo.totalDistribution(o, transitFactor: originFactors.factor(origin: o.originID))
            else { return nil }
            return OrderEffects.Row(features: x, base: f, days: y, weight: o.weight)
        }
        var effects = OrderEffects.fit(effectRows)
        if effects != .none {
            let varying = OrderEffects.varyingFeatures(effectRows.map(\.features))
            summary.leftOutFeatures = zip(OrderEffects.names, varying).filter { !$0.1 }.map(\.0)
        }
        // The rows' features were built with it; the served model must judge late orders by the same hour.
        effects.lateInDay = options.lateInDay ?? .none

        // Pass: split-conformal calibration. The shadow fit as of the window's start predicts the window's
        // orders out of time, as the served model will predict next month's, so drift shows in the map.
        // Every order-time candidate answers each recent order; the check chooses among them.
        var candidates = CandidateCheck(from: calibrationStart, to: asOf)
        var transitSamples = CalibrationMap.Accumulator()
        observations.forEach { _, c in
            guard let reference = c.servedReference, reference >= calibrationStart,
                let o = observed(c, resolved[Int(c.lane)], features: true, recount: &unused)
            else { return }
            // The window's latest weeks weigh more (``CalibrationMap/recencyWeight(ageDays:windowDays:)``).
            let recency = CalibrationMap.recencyWeight(ageDays: o.reference.days(to: asOf), windowDays: calibrationDays)
            if let lane = shadowTransitTable.lookup(o.transitChain)?.node.distribution {
                transitSamples.add(
                    lane.scaled(by: shadowFactors.factor(origin: o.originID)), o.calibrationTransit, o.jitter,
                    weight: recency)
            }
            guard let x = o.features else { return }
            let staged: DayDistribution
            let plain: DayDistribution
            if EDDModel.usesDirect(transit: shadowTransitTable, direct: shadowDirectTable, chain: o.transitChain) {
                // A service without hand-off scans answers from order → delivery whatever is chosen.
                guard let d = shadowDirectTable.lookup(o.transitChain)?.node.distribution else { return }
                (staged, plain) = (effects.apply(d, features: x), d)
            } else {
                guard let h = shadowHandlingTable.lookup(o.handlingChain)?.node.distribution,
                    let lane = shadowTransitTable.lookup(o.transitChain)?.node.distribution,
                    let whole = shadowEmpiricalTable.lookup(o.transitChain)?.node.distribution
                else { return }
                let d = h.convolved(with: lane.scaled(by: shadowFactors.factor(origin: o.originID)))
                (staged, plain) = (effects.apply(d, features: x), d)
                candidates.add(
                    [staged, plain, whole], outcome: o.calibrationTotal, jitter: o.jitter, reference: o.reference,
                    weight: recency)
                return
            }
            candidates.add(
                [staged, plain, plain], outcome: o.calibrationTotal, jitter: o.jitter, reference: o.reference,
                weight: recency)
        }
        let dateValidation = candidates.validation
        let totalMap = candidates.full[DateValidation.Candidate.allCases.firstIndex(of: dateValidation.chosen)!].map
        let transitMap = transitSamples.map
        // The staged model keeps its quantile layer; the plain candidates answer without it.
        let servedEffects = dateValidation.chosen == .staged ? effects : .none
        let empiricalTable =
            dateValidation.chosen == .laneEmpirical
            ? StageTable(statistics: empirical, fit: Shrinkage.fit(empirical))
            : EDDModel.emptyLaneTable(buckets: buckets)
        // The shadow answers risk questions as the served model will (its pooled lanes are the service lanes:
        // every training shipment names its service); its answers, raw, against what happened fit the risk lines.
        let shadowModel = EDDModel(
            metadata: ModelMetadata(
                asOf: calibrationStart, halfLifeDays: halfLifeDays,
                lostAfterWorkingDays: options.lostAfterWorkingDays ?? LostAfter.floor,
                calibrationDays: calibrationDays, defaultConfidence: options.defaultConfidence,
                shipments: 0, censored: 0, data: [:]),
            calendars: options.calendars, handling: shadowHandlingTable, transit: shadowTransitTable,
            pooledTransit: shadowTransitTable, originTransitFactors: shadowFactors,
            milestones: StageTable(statistics: shadowMilestones, fit: Shrinkage.fit(shadowMilestones)),
            direct: shadowDirectTable, orderEffects: servedEffects, totalCalibration: totalMap,
            transitCalibration: transitMap, empirical: shadowEmpiricalTable,
            dateValidation: DateValidation(chosen: dateValidation.chosen, figures: [:]),
            sameDay: shadowSameDay.shares, pickup: shadowPickup.shares, handlingHazards: shadowHazards.hazards)
        // A shadow that could answer too few of the window's deliveries (a history hardly longer than the
        // window: it was fitted on days, or nothing) states risk from global fallbacks; a line or bend fitted
        // to those answers would reshape the served model's sound ones, so risk is left as stated.
        let riskMap =
            totalMap.isFitted
            ? riskCalibration(timelines, shadow: shadowModel, from: calibrationStart, asOf: asOf) : .identity
        summary.handlingNodes = handling.keys.map(\.count)
        summary.transitNodes = transit.keys.map(\.count)
        summary.handlingStrengths = handlingFit.strengths
        summary.transitStrengths = transitFit.strengths
        summary.calibrationShipments = recentCount
        summary.calibration = totalMap
        summary.transitCalibration = transitMap
        let model = EDDModel(
            metadata: ModelMetadata(
                asOf: asOf, halfLifeDays: halfLifeDays,
                lostAfterWorkingDays: options.lostAfterWorkingDays ?? LostAfter.floor,
                calibrationDays: calibrationDays, defaultConfidence: options.defaultConfidence,
                shipments: summary.used, censored: summary.censored, data: dataSummary),
            calendars: options.calendars,
            handling: StageTable(statistics: handling, fit: handlingFit),
            transit: transitTable, pooledTransit: StageTable(statistics: pooled, fit: Shrinkage.fit(pooled)),
            originTransitFactors: originFactors,
            milestones: StageTable(statistics: milestones, fit: milestoneFit), direct: directTable,
            orderEffects: servedEffects, totalCalibration: totalMap, transitCalibration: transitMap,
            riskCalibration: riskMap, empirical: empiricalTable, dateValidation: dateValidation,
            sameDay: sameDay.shares, pickup: pickup.shares, handlingHazards: hazards.hazards)
        summary.riskCalibration = riskMap
        summary.orderEffects = effects
        summary.dateValidation = dateValidation
        return (model, summary)
    }

    /// The duration the day range must resolve: the longest completed duration of any stage (or order →
    /// delivery) once the longest 0.5% are set aside. Those few outliers (a parcel delivered after seven
    /// months) would otherwise widen every distribution of the model, and every convolution with it, for
    /// mass the tail bucket carries as well; an answer that reaches the tail says so (`basis.tail`).
    static func longestCompleted(_ durations: DurationCounts) -> Int {
        guard durations.total > 0 else { return 0 }
        let index = Int((Double(durations.total) * 0.995).rounded(.up)) - 1
        return durations.sorted(at: min(max(index, 0), durations.total - 1))
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
    static func latestEvent(_ timelines: some Sequence<ShipmentTimeline>) -> Instant {
        plausibleLatest(timelines).latest
    }

    /// The latest plausible event and the number of shipments whose latest event lies implausibly beyond it.
    static func plausibleLatest(_ timelines: some Sequence<ShipmentTimeline>) -> (latest: Instant, outliers: Int) {
        var latest = PlausibleLatest()
        for t in timelines { latest.add(t) }
        return latest.result
    }

    /// Whether the shipment was canceled before the cut-off and before (or without) its hand-off: it teaches
    /// nothing.
    static func canceledBeforeShipping(_ t: ShipmentTimeline, asOf: Instant) -> Bool {
        guard let cancel = t.cancelTime, cancel < asOf else { return false }
        return t.shipTime.map { $0 >= cancel } ?? true
    }

    /// Turns one timeline into what the stages learn from it, or nil when it teaches nothing (canceled
    /// before shipping, nothing visible before the cut-off).
    static func observe(
        _ t: ShipmentTimeline, _ r: ResolvedShipment, asOf: Instant, options: FitOptions,
        handoffCarriers: Set<String> = [], summary: inout FitSummary
    ) -> ShipmentObservation? {
        if canceledBeforeShipping(t, asOf: asOf) {
            summary.canceled += 1
            return nil
        }
        guard let reference = t.orderTime ?? t.shipTime, reference < asOf else {
            summary.skipped += 1
            return nil
        }
        let originZone = r.originZone
        let destinationZone = r.destinationZone
        let calendar = r.calendar
        let carrierCap = options.carrierLostAfter[t.carrier]
        let cap = carrierCap?.lostAfter ?? options.lostAfterWorkingDays ?? Int.max / 4
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
        let looseCap =
            options.lostAfterWorkingDays == nil
            ? cap : carrierCap?.calibration ?? options.calibrationLostAfterWorkingDays
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
            // Each milestone's last scan, and in transit earlier days' scans too: a sweep meets a parcel at
            // any of its in-transit scans, not knowing more will follow, so the node learns what remained
            // after each day's (up to ``ShipmentObservation/earlierInTransitDays`` of them, spread evenly).
            var lastOf = [Instant?](repeating: nil, count: Milestone.allCases.count)
            var transitDays: [CivilDate] = []
            for e in t.events where e.time < asOf {
                guard let m = Milestone(e.code) else { continue }
                lastOf[Milestone.allCases.firstIndex(of: m)!] = e.time
                if m == .inTransit { transitDays.append(destinationZone.localDate(of: e.time)) }
            }
            for (i, at) in lastOf.enumerated() {
                guard let at else { continue }
                let from = destinationZone.localDate(of: at)
                milestoneOutcomes.append(
                    (
                        Milestone.allCases[i],
                        stage(from: from, end: delivered, lastDay: lastDestinationDay, gone: returned)
                    ))
            }
            let earlier = Array(Set(transitDays)).sorted().dropLast()
            let n = earlier.count
            let kept = ShipmentObservation.earlierInTransitDays
            for j in 0..<min(n, kept) {
                let day = earlier[earlier.startIndex + (n <= kept ? j : (2 * j + 1) * n / (2 * kept))]
                milestoneOutcomes.append(
                    (.inTransit, stage(from: day, end: delivered, lastDay: lastDestinationDay, gone: returned)))
            }
        }
        let features = t.orderTime.map { o in
            OrderEffects.features(
                date: originZone.localDate(of: o), secondOfDay: originZone.secondOfDay(of: o), calendar: calendar,
                lateAfter: options.lateInDay?.secondOfDay(
                    origin: r.handlingChain[OriginLevel.origin.rank], calendar: calendar))
        }
        let age = max(0, reference.days(to: asOf))
        // The fit derives the half-life before it observes any shipment; unset would mean no recency weight.
        let halfLife = options.halfLifeDays ?? .infinity
        return ShipmentObservation(
            handlingChain: r.handlingChain, transitChain: r.transitChain, pooledTransitChain: r.pooledTransitChain,
            handling: handling, transit: transit, direct: direct, total: total, calibrationTotal: calibrationTotal,
            calibrationTransit: calibrationTransit, milestones: milestoneOutcomes,
            features: features, weight: pow(0.5, age / halfLife), returned: returned, reference: reference,
            jitter: jitter(t.id))
    }

    /// What a lane's places resolve to, whatever the calendars: zones and key chains. A fit works it out
    /// once per lane (``PlaceCache``); a backtest once for all its folds (``Table``).
    struct LanePlaces: Sendable {
        var originZone: ZoneRules
        var destinationZone: ZoneRules
        /// The destination the carrier's calendar is chosen for.
        var destination: ResolvedPlace
        var handlingChain: [String?]
        var transitChain: [String?]
        var pooledTransitChain: [String?]
        /// The carrier's milestone chains, in ``Milestone/allCases`` order.
        var milestoneChains: [[String?]]

        init(_ t: ShipmentTimeline) {
            milestoneChains = Milestone.allCases.map { $0.chain(carrier: t.carrier, service: t.service) }
            let origin = Geography.resolve(t.origin)
            destination = Geography.resolve(t.destination)
            originZone = Geography.zone(for: origin)
            destinationZone = Geography.zone(for: destination)
            handlingChain = ModelFitter.handlingChain(origin)
            transitChain = ModelFitter.transitChain(
                carrier: t.carrier, service: t.service, origin: origin, destination: destination)
            pooledTransitChain = ModelFitter.transitChain(
                carrier: t.carrier, service: nil, origin: origin, destination: destination)
        }

        /// Every lane of some shipments, resolved.
        struct Table: Sendable {
            let places: [ShipmentLanes.Lane: LanePlaces]

            init(_ timelines: some Sequence<ShipmentTimeline>) {
                var places: [ShipmentLanes.Lane: LanePlaces] = [:]
                for t in timelines {
                    let lane = ShipmentLanes.Lane(
                        carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
                    if places[lane] == nil { places[lane] = LanePlaces(t) }
                }
                self.places = places
            }
        }
    }

    /// What a fit needs of a shipment's places, worked out once and shared by the main and shadow fits: a
    /// class, so handing it to each stage of each pass retains one object instead of copying its chains.
    final class ResolvedShipment {
        var originZone: ZoneRules
        var destinationZone: ZoneRules
        /// The carrier's calendar for the destination, from the calendars the stages count in.
        var calendar: BusinessCalendar
        var handlingChain: [String?]
        var transitChain: [String?]
        var pooledTransitChain: [String?]
        /// The carrier's milestone chains, in ``Milestone/allCases`` order.
        var milestoneChains: [[String?]]
        /// The lane's number in the order a fit first met it (``PlaceCache``).
        var lane: Int
        /// Likewise the number of its handling chain (its origin's), and of its carrier and service (what its
        /// milestone chains depend on): the slots of those stages' ``LaneStatistics``, far fewer than lanes.
        var originSlot: Int
        var serviceSlot: Int
        var carrier: String

        init(
            _ places: LanePlaces, carrier: String, lane: Int, originSlot: Int, serviceSlot: Int,
            calendar: BusinessCalendar
        ) {
            self.lane = lane
            self.originSlot = originSlot
            self.serviceSlot = serviceSlot
            self.carrier = carrier
            self.calendar = calendar
            milestoneChains = places.milestoneChains
            originZone = places.originZone
            destinationZone = places.destinationZone
            handlingChain = places.handlingChain
            transitChain = places.transitChain
            pooledTransitChain = places.pooledTransitChain
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
