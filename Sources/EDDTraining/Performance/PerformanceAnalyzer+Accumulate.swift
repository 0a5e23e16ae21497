import Dispatch
import EDDCore
import Foundation
import Synchronization

extension PerformanceAnalyzer {
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
        /// Shipments read (inside the window or not).
        var read: Int
    }

    /// One shipment as the first, parallel pass sees it.
    struct Seen: Sendable {
        var facts: ShipmentFacts
        /// The destination's region name (`US-CA`).
        var region: String
        /// With a model: where the delivery fell against its order-time ranges.
        var coverage: CoverageOutcome?
    }

    /// Shipments read per block: the facts of a block are worked out in parallel, then added up, so a pass
    /// holds one block whatever the input's size.
    static let blockSize = 1 << 16

    /// A group's statistics over one period (the period's first day's number; ``window`` for the window).
    struct PeriodKey: Hashable {
        var group: Int32
        var period: Int32
        static let window = Int32.min
    }

    /// Adds every shipment of the window into its groups, per period and over the window.
    ///
    /// One pass over `timelines` in blocks (so a spilled read is never held whole): each block's facts (and
    /// the model's forecasts) in parallel over slices, the group ids in order, then the statistics, one kind
    /// of group per task, keyed by the period's first day. Once every block is in, groups are numbered by
    /// name and periods by date, so the result depends neither on how the work was split nor on the order
    /// the shipments came in (a spilled read gives them by id, an in-memory one by first row).
    static func accumulate(
        timelines: some Sequence<ShipmentTimeline>, ingest: IngestSummary, options: PerformanceOptions,
        model: EDDModel?
    ) -> Accumulated {
        let cutoff = ingest.cutoff ?? latestEvent(timelines)
        var groups = Groups()
        // Group ids by their parts, so a shipment builds no strings unless its group is new.
        var serviceIDs: [String: [String: Int]] = [:]
        var laneIDs: [Int64: Int] = [:]
        var outside = 0
        var withoutDates = 0
        var withPromise = 0
        var first: CivilDate?
        var last: CivilDate?
        var read = 0
        let kinds = Kind.allCases
        let tables = Mutex([[PeriodKey: GroupStatistics]](repeating: [:], count: kinds.count))
        var block: [ShipmentTimeline] = []
        block.reserveCapacity(blockSize)

        func add(_ block: [ShipmentTimeline]) {
            let seen = facts(block, cutoff: cutoff, options: options, model: model)
            var kept: [Kept] = []
            kept.reserveCapacity(block.count)
            for i in block.indices {
                guard let s = seen[i] else {
                    withoutDates += 1
                    continue
                }
                let f = s.facts
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
                let t = block[i]
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
                let region = groups.id(.region, s.region)
                let laneKey = Int64(service) << 42 | Int64(originID) << 21 | Int64(region)
                let lane: Int
                if let known = laneIDs[laneKey] {
                    lane = known
                } else {
                    lane = groups.id(.lane, t.carrier + " " + t.service + " " + originName + " → " + s.region)
                    laneIDs[laneKey] = lane
                }
                if t.promisedDate != nil { withPromise += 1 }
                let period = Int32(options.periodStart(f.reference).dayNumber)
                kept.append(
                    Kept(seen: i, period: period, service: service, origin: originID, region: region, lane: lane))
            }
            let window = kept
            DispatchQueue.concurrentPerform(iterations: kinds.count) { k in
                let kind = kinds[k]
                let scored = kind == .all || kind == .carrierService
                // Taken out of the lock's storage so that adding to it does not copy it.
                var table = tables.withLock { all in
                    let table = all[k]
                    all[k] = [:]
                    return table
                }
                for item in window {
                    let s = seen[item.seen]!
                    for p in [item.period, PeriodKey.window] {
                        let key = PeriodKey(group: Int32(item.id(kind)), period: p)
                        table[key, default: GroupStatistics()].add(s.facts)
                        if scored, let coverage = s.coverage { table[key]!.addCoverage(coverage) }
                    }
                }
                tables.withLock { $0[k] = table }
            }
        }
        for t in timelines {
            read += 1
            block.append(t)
            if block.count == blockSize {
                add(block)
                block.removeAll(keepingCapacity: true)
            }
        }
        if !block.isEmpty { add(block) }

        var periods: [CivilDate] = []
        if let start = options.from ?? first, let end = options.to ?? last {
            var p = options.periodStart(start)
            while p <= end {
                periods.append(p)
                p = options.nextPeriod(p)
            }
        }
        let periodIndex = Dictionary(
            uniqueKeysWithValues: periods.enumerated().map { (Int32($0.element.dayNumber), $0.offset) })
        _ = groups.id(.all, "all")
        // Number each kind's groups by name: the ids, and so every tie broken by id, are then the same for any
        // order of the input.
        var numbered = Groups()
        numbered.carriers = groups.carriers
        let accumulated = tables.withLock { $0 }
        for kind in kinds {
            let names = groups.names[kind.rawValue]
            let order = names.indices.sorted { names[$0] < names[$1] }
            var renumber = [Int](repeating: 0, count: names.count)
            for (new, old) in order.enumerated() {
                renumber[old] = new
                _ = numbered.id(kind, names[old])
            }
            var table: [Int64: GroupStatistics] = [:]
            table.reserveCapacity(accumulated[kind.rawValue].count)
            for (key, stats) in accumulated[kind.rawValue] {
                let period = key.period == PeriodKey.window ? -1 : periodIndex[key.period]!
                table[Groups.key(kind, renumber[Int(key.group)], period)] = stats
            }
            numbered.stats[kind.rawValue] = table
        }
        return Accumulated(
            groups: numbered, labels: periods.map(options.label),
            complete: periods.map { p in
                guard let start = options.from ?? first, let end = options.to ?? last else { return false }
                return start <= p && options.nextPeriod(p).adding(days: -1) <= end
            }, first: first, last: last, outside: outside,
            withoutDates: withoutDates, withPromise: withPromise, cutoff: cutoff, read: read)
    }

    /// A shipment of the window: where its facts are, its period and its groups.
    struct Kept: Sendable {
        var seen: Int
        /// The day number of the period's first day.
        var period: Int32
        var service: Int
        var origin: Int
        var region: Int
        var lane: Int

        /// The shipment's group of a kind (the one group of `all` is 0).
        func id(_ kind: Kind) -> Int {
            switch kind {
            case .all: 0
            case .carrierService: service
            case .origin: origin
            case .region: region
            case .lane: lane
            }
        }
    }

    /// Each timeline's facts (nil without an order or carrier scan), in parallel over slices of the input.
    static func facts(_ timelines: [ShipmentTimeline], cutoff: Instant, options: PerformanceOptions, model: EDDModel?)
        -> [Seen?]
    {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, timelines.count / 8_192))
        let step = (timelines.count + slices - 1) / max(slices, 1)
        let parts = Mutex([[Seen?]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { k in
            let range = min(timelines.count, k * step)..<min(timelines.count, (k + 1) * step)
            let part = facts(timelines[range], cutoff: cutoff, options: options, model: model)
            parts.withLock { $0[k] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    private static func facts(
        _ timelines: ArraySlice<ShipmentTimeline>, cutoff: Instant, options: PerformanceOptions, model: EDDModel?
    ) -> [Seen?] {
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
        let predictor = model.map { Predictor(model: $0) }
        var out: [Seen?] = []
        out.reserveCapacity(timelines.count)
        for i in timelines.indices {
            let origin = resolved(timelines[i].origin)
            let destination = resolved(timelines[i].destination)
            guard
                let f = ShipmentFacts(
                    timelines[i], cutoff: cutoff, calendar: options.calendars.calendar(for: timelines[i].carrier),
                    originZone: origin.zone, destinationZone: destination.zone,
                    lostAfter: options.lostAfterWorkingDays)
            else {
                out.append(nil)
                continue
            }
            var coverage: CoverageOutcome?
            let inside =
                (options.from.map { f.reference >= $0 } ?? true) && (options.to.map { f.reference <= $0 } ?? true)
            if inside, let predictor, let order = timelines[i].orderTime, let delivered = timelines[i].deliveryTime {
                let t = timelines[i]
                let route = predictor.route(
                    carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
                let forecast = predictor.forecast(route: route, orderTime: order, shipTime: nil, now: order)
                coverage = CoverageOutcome(
                    forecast: forecast, delivered: route.destinationZone.localDate(of: delivered))
            }
            out.append(Seen(facts: f, region: destination.region, coverage: coverage))
        }
        return out
    }
}
