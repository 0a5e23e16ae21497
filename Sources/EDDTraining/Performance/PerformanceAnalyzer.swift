import EDDCore

/// Computes the delivery performance report (`edd-train report`) from shipment timelines, in one pass over
/// the shipments that adds each into its groups, then a pass over the groups.
public enum PerformanceAnalyzer {
    /// The groups a shipment is counted in.
    enum Kind: Int, CaseIterable {
        case all, carrierService, origin, region, lane

        var name: String {
            switch self {
            case .all: "all"
            case .carrierService: "carrier_service"
            case .origin: "origin"
            case .region: "destination_region"
            case .lane: "lane"
            }
        }
    }

    /// The accumulated groups: names per kind, statistics per (kind, group, period); period −1 is the window.
    struct Groups {
        var names: [[String]] = Array(repeating: [], count: Kind.allCases.count)
        var ids: [[String: Int]] = Array(repeating: [:], count: Kind.allCases.count)
        var stats: [Int64: GroupStatistics] = [:]
        var carriers = Set<String>()

        static func key(_ kind: Kind, _ group: Int, _ period: Int) -> Int64 {
            Int64(kind.rawValue) << 56 | Int64(group) << 24 | Int64(period + 1)
        }

        mutating func id(_ kind: Kind, _ name: String) -> Int {
            if let id = ids[kind.rawValue][name] { return id }
            let id = names[kind.rawValue].count
            names[kind.rawValue].append(name)
            ids[kind.rawValue][name] = id
            return id
        }

        func statistics(_ kind: Kind, _ group: Int, _ period: Int) -> GroupStatistics? {
            stats[Self.key(kind, group, period)]
        }
    }

    /// Builds the report.
    ///
    /// - Parameters:
    ///   - timelines: every shipment read (ingestion's output; the window is applied here).
    ///   - ingest: ingestion's summary (rejected rows, the cut-off).
    ///   - options: window, period and thresholds; `calendars` should already be completed from the data.
    ///   - model: when given, its order-time ranges are scored against the window's deliveries.
    ///   - title: the page title.
    /// - Returns: the report; an empty window gives a report with no periods and zero counts.
    public static func analyze(
        timelines: [ShipmentTimeline], ingest: IngestSummary, options: PerformanceOptions, model: EDDModel? = nil,
        title: String
    ) -> PerformanceReport {
        let a = accumulate(timelines: timelines, ingest: ingest, options: options, model: model)
        let groups = a.groups
        let labels = a.labels
        let overview = overview(
            groups, ingest: ingest, outside: a.outside, withoutDates: a.withoutDates, withPromise: a.withPromise)
        return PerformanceReport(
            title: title,
            window: PerformanceReport.Window(
                from: a.first?.description, to: a.last?.description, period: options.period.rawValue,
                periods: labels, cutoff: timelines.isEmpty ? nil : a.cutoff.description),
            overview: overview,
            distributions: distributionRows(groups, labels, minimum: options.minimumShipments),
            promise: promiseRows(groups, labels, minimum: options.minimumShipments),
            scorecards: scorecardRows(groups, minimum: options.minimumShipments),
            changes: changes(groups, labels, complete: a.complete, options: options),
            coverage: model == nil ? nil : coverageRows(groups, labels),
            notes: notes(options, model: model))
    }

    /// What one pass over the shipments adds up.
    struct Accumulated {
        var groups: Groups
        var labels: [String]
        /// Whether the window covers each period from its first day to its last.
        var complete: [Bool]
        var first: CivilDate?
        var last: CivilDate?
        var outside: Int
        var withoutDates: Int
        var withPromise: Int
        var cutoff: Instant
    }

    /// Adds every shipment of the window into its groups, per period and over the window.
    static func accumulate(
        timelines: [ShipmentTimeline], ingest: IngestSummary, options: PerformanceOptions, model: EDDModel?
    ) -> Accumulated {
        let cutoff = ingest.cutoff ?? latestEvent(timelines)
        var groups = Groups()
        // Places repeat (a few warehouses, a few thousand postal codes): resolve each once, with the name of
        // its destination region.
        var placeCache: [Place: (zone: ZoneRules, region: String)] = [:]
        func resolved(_ p: Place) -> (zone: ZoneRules, region: String) {
            if let r = placeCache[p] { return r }
            let r = Geography.resolve(p)
            let value = (Geography.zone(for: r), r.country + (r.region.map { "-" + $0 } ?? ""))
            placeCache[p] = value
            return value
        }
        // Group ids by their parts, so a shipment builds no strings unless its group is new.
        var serviceIDs: [String: [String: Int]] = [:]
        var laneIDs: [Int64: Int] = [:]
        let predictor = model.map { Predictor(model: $0) }
        var outside = 0
        var withoutDates = 0
        var withPromise = 0
        // First pass: facts and groups; the periods' range is known only once all are seen.
        var kept: [(facts: ShipmentFacts, index: Int, service: Int, origin: Int, region: Int, lane: Int)] = []
        kept.reserveCapacity(timelines.count)
        var first: CivilDate?
        var last: CivilDate?
        for i in timelines.indices {
            let origin = resolved(timelines[i].origin)
            let destination = resolved(timelines[i].destination)
            guard
                let f = ShipmentFacts(
                    timelines[i], cutoff: cutoff, calendar: options.calendars.calendar(for: timelines[i].carrier),
                    originZone: origin.zone, destinationZone: destination.zone,
                    lostAfter: options.lostAfterWorkingDays)
            else {
                withoutDates += 1
                continue
            }
            if let from = options.from, f.reference < from {
                outside += 1
                continue
            }
            if let to = options.to, f.reference > to {
                outside += 1
                continue
            }
            first = min(first ?? f.reference, f.reference)
            last = max(last ?? f.reference, f.reference)
            let t = timelines[i]
            let service: Int
            if let known = serviceIDs[t.carrier]?[t.service] {
                service = known
            } else {
                service = groups.id(.carrierService, t.carrier + " " + t.service)
                serviceIDs[t.carrier, default: [:]][t.service] = service
                groups.carriers.insert(t.carrier)
            }
            let originName = t.origin.id ?? (t.origin.country + " " + t.origin.postal)
            let originID = groups.id(.origin, originName)
            let region = groups.id(.region, destination.region)
            let laneKey = Int64(service) << 42 | Int64(originID) << 21 | Int64(region)
            let lane: Int
            if let known = laneIDs[laneKey] {
                lane = known
            } else {
                lane = groups.id(
                    .lane, t.carrier + " " + t.service + " " + originName + " → " + destination.region)
                laneIDs[laneKey] = lane
            }
            if t.promisedDate != nil { withPromise += 1 }
            kept.append((f, i, service, originID, region, lane))
        }
        var periods: [CivilDate] = []
        if let start = options.from ?? first, let end = options.to ?? last {
            var p = options.periodStart(start)
            while p <= end {
                periods.append(p)
                p = options.nextPeriod(p)
            }
        }
        let periodIndex = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($0.element, $0.offset) })
        let all = groups.id(.all, "all")
        for k in kept {
            let f = k.facts
            let period = periodIndex[options.periodStart(f.reference)]!
            var coverage: CoverageOutcome?
            if let predictor, let order = timelines[k.index].orderTime, let delivered = timelines[k.index].deliveryTime
            {
                let t = timelines[k.index]
                let route = predictor.route(
                    carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
                let forecast = predictor.forecast(route: route, orderTime: order, shipTime: nil, now: order)
                coverage = CoverageOutcome(
                    forecast: forecast, delivered: route.destinationZone.localDate(of: delivered))
            }
            for (kind, id) in [
                (Kind.all, all), (.carrierService, k.service), (.origin, k.origin), (.region, k.region),
                (.lane, k.lane),
            ] {
                for p in [period, -1] {
                    groups.stats[Groups.key(kind, id, p), default: GroupStatistics()].add(f)
                    if let coverage, kind == .all || kind == .carrierService {
                        groups.stats[Groups.key(kind, id, p)]!.addCoverage(coverage)
                    }
                }
            }
        }
        return Accumulated(
            groups: groups, labels: periods.map(options.label),
            complete: periods.map { p in
                guard let start = options.from ?? first, let end = options.to ?? last else { return false }
                return start <= p && options.nextPeriod(p).adding(days: -1) <= end
            }, first: first, last: last, outside: outside,
            withoutDates: withoutDates, withPromise: withPromise, cutoff: cutoff)
    }

    static func latestEvent(_ timelines: [ShipmentTimeline]) -> Instant {
        var latest = Instant(seconds: 0)
        for t in timelines { if let e = t.events.last?.time, e > latest { latest = e } }
        return latest.adding(seconds: 1)
    }

    static func overview(
        _ g: Groups, ingest: IngestSummary, outside: Int, withoutDates: Int, withPromise: Int
    ) -> PerformanceReport.Overview {
        let all = g.statistics(.all, 0, -1) ?? GroupStatistics()
        var outcomes: [String: Int] = [:]
        for o in ShipmentFacts.Outcome.allCases { outcomes[o.name] = all.outcomes[o.rawValue] }
        var rejected: [String: Int] = [:]
        for r in RejectReason.allCases { rejected[r.rawValue] = ingest.rejected[r] ?? 0 }
        return PerformanceReport.Overview(
            shipments: all.shipments, outcomes: outcomes, outsideWindow: outside, withoutDates: withoutDates,
            rowsRead: ingest.rowsRead, rowsAccepted: ingest.accepted, rejected: rejected,
            rejectedTotal: ingest.rejectedTotal, duplicatesDropped: ingest.duplicatesDropped,
            conflictingRows: ingest.conflictingRows, carriers: g.carriers.count,
            carrierServices: g.names[Kind.carrierService.rawValue].count, origins: g.names[Kind.origin.rawValue].count,
            destinationRegions: g.names[Kind.region.rawValue].count, lanes: g.names[Kind.lane.rawValue].count,
            withPromise: withPromise)
    }

    static func notes(_ options: PerformanceOptions, model: EDDModel?) -> [String] {
        var notes = [
            "Shipments are placed in \(options.period.rawValue)s by their order date at the origin (the hand-off date without an order).",
            "Days are working days of each carrier's calendar: handling from the order's local date to the first carrier scan, transit from that scan to delivery (destination local date).",
            "Distributions are Kaplan–Meier estimates: parcels still in transit at the cut-off count as 'not yet after this many days'; lost (undelivered \(options.lostAfterWorkingDays)+ working days after hand-off) and returned parcels are left out of them and counted as outcomes.",
            "On-time rates count shipments whose promised date has passed by the cut-off (delivered on or before it, or not); intervals are 95% Wilson intervals.",
            "Groups with fewer than \(options.minimumShipments) shipments are marked and not ranked or tested.",
        ]
        if model != nil {
            notes.append(
                "Coverage: the model's order-time forecast for each delivered order in the window; its central 80% and 90% ranges against the delivery date."
            )
        }
        return notes
    }
}
