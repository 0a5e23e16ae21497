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

    /// The accumulated groups: names per kind, statistics per kind by (kind, group, period); period −1 is the
    /// window. Each kind's statistics are their own dictionary, so the kinds can be added up side by side.
    struct Groups {
        var names: [[String]] = Array(repeating: [], count: Kind.allCases.count)
        var ids: [[String: Int]] = Array(repeating: [:], count: Kind.allCases.count)
        var stats: [[Int64: GroupStatistics]] = Array(repeating: [:], count: Kind.allCases.count)
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
            stats[kind.rawValue][Self.key(kind, group, period)]
        }
    }

    /// Builds the report.
    ///
    /// - Parameters:
    ///   - timelines: every shipment read (ingestion's output, in memory or spilled, in any order; the window
    ///     is applied here). It is iterated twice, or three times when `ingest` has no cut-off.
    ///   - ingest: ingestion's summary (rejected rows, the cut-off).
    ///   - options: window, period and thresholds; carriers `calendars` does not configure are completed from
    ///     the shipments' deliveries (``CarrierCalendars/completed(from:)``, one more pass over them).
    ///   - model: when given, its order-time ranges are scored against the window's deliveries.
    ///   - title: the page title.
    /// - Returns: the report; an empty window gives a report with no periods and zero counts.
    public static func analyze(
        timelines: some Sequence<ShipmentTimeline>, ingest: IngestSummary, options: PerformanceOptions,
        model: EDDModel? = nil,
        title: String
    ) -> PerformanceReport {
        var options = options
        options.calendars = options.calendars.completed(from: timelines)
        let a = accumulate(timelines: timelines, ingest: ingest, options: options, model: model)
        let groups = a.groups
        let labels = a.labels
        let overview = overview(
            groups, ingest: ingest, outside: a.outside, withoutDates: a.withoutDates, withPromise: a.withPromise)
        return PerformanceReport(
            title: title,
            window: PerformanceReport.Window(
                from: a.first?.description, to: a.last?.description, period: options.period.rawValue,
                periods: labels, cutoff: a.read == 0 ? nil : a.cutoff.description),
            overview: overview,
            distributions: distributionRows(groups, labels, minimum: options.minimumShipments),
            promise: promiseRows(groups, labels, minimum: options.minimumShipments),
            scorecards: scorecardRows(groups, minimum: options.minimumShipments),
            changes: changes(groups, labels, complete: a.complete, options: options),
            coverage: model == nil ? nil : coverageRows(groups, labels),
            notes: notes(options, model: model))
    }

    static func latestEvent(_ timelines: some Sequence<ShipmentTimeline>) -> Instant {
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
        var shares: [String: Double] = [:]
        if all.shipments > 0 { for (name, n) in outcomes { shares[name] = Double(n) / Double(all.shipments) } }
        return PerformanceReport.Overview(
            shipments: all.shipments, outcomes: outcomes, outcomeShares: shares, outsideWindow: outside,
            withoutDates: withoutDates,
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
