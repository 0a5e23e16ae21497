import EDDCore

/// Counts of whole-day durations: what a fit keeps of them to read quantiles, instead of every duration.
struct DurationCounts {
    private var counts: [Int] = []
    /// The number of durations added.
    private(set) var total = 0

    init() {}

    init(_ durations: [Int]) {
        for d in durations { add(d) }
    }

    mutating func add(_ d: Int) {
        let d = max(d, 0)
        if d >= counts.count { counts += [Int](repeating: 0, count: d + 1 - counts.count) }
        counts[d] += 1
        total += 1
    }

    /// The duration at position `i` of the durations sorted ascending.
    func sorted(at i: Int) -> Int {
        var seen = 0
        for (d, n) in counts.enumerated() {
            seen += n
            if seen > i { return d }
        }
        return counts.count - 1
    }
}

/// The latest plausible event of a feed, gathered one shipment at a time (``ModelFitter/plausibleLatest(_:)``).
///
/// The rule looks at shipments' latest events sorted, from the top, and stops at the first gap of at most a
/// year; two latest events on the same day are less than a day apart, so it needs only each day's count,
/// earliest and latest second, never the sorted list itself.
struct PlausibleLatest {
    private var days: [Int64: (count: Int, low: Int64, high: Int64)] = [:]
    private var firsts = Int64.max

    mutating func add(_ t: ShipmentTimeline) {
        guard let last = t.events.last?.time.seconds, let first = t.events.first?.time.seconds else { return }
        firsts = min(firsts, first)
        let day = last >= 0 ? last / 86_400 : (last - 86_399) / 86_400
        if var d = days[day] {
            d.count += 1
            d.low = min(d.low, last)
            d.high = max(d.high, last)
            days[day] = d
        } else {
            days[day] = (1, last, last)
        }
    }

    /// The latest plausible event and the number of shipments whose latest event lies implausibly beyond it.
    var result: (latest: Instant, outliers: Int) {
        guard !days.isEmpty else { return (Instant(seconds: 0), 0) }
        let ordered = days.sorted { $0.key > $1.key }.map(\.value)
        var outliers = 0
        for (k, day) in ordered.enumerated() {
            // A day holding two latest events stops the walk at once: their gap is under a day.
            guard day.count == 1, k + 1 < ordered.count else { return (Instant(seconds: day.high), outliers) }
            let next = ordered[k + 1].high
            guard day.high - next > max(366 * 86_400, next - firsts) else {
                return (Instant(seconds: day.high), outliers)
            }
            outliers += 1
        }
        return (Instant(seconds: ordered.last!.high), outliers)
    }
}

/// The `limit` shipments with the latest reference instants (ties: the earlier shipment first), as a stable
/// sort by reference, newest first, and a prefix of it would choose them.
struct NewestReferences {
    let limit: Int
    /// A min-heap on (reference, -index): the root is the entry to drop first.
    private var heap: [(reference: Int64, index: Int)] = []

    init(limit: Int) { self.limit = limit }

    @inline(__always) private static func before(_ a: (Int64, Int), _ b: (Int64, Int)) -> Bool {
        a.0 != b.0 ? a.0 < b.0 : a.1 > b.1
    }

    mutating func add(_ reference: Instant, _ index: Int) {
        let entry = (reference.seconds, index)
        if heap.count < limit {
            heap.append(entry)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                guard NewestReferences.before(heap[i], heap[p]) else { break }
                heap.swapAt(i, p)
                i = p
            }
            return
        }
        guard limit > 0, NewestReferences.before(heap[0], entry) else { return }
        heap[0] = entry
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count && NewestReferences.before(heap[l], heap[m]) { m = l }
            if r < heap.count && NewestReferences.before(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
    }

    /// Shipment index → position in newest-first order.
    var positions: [Int: Int] {
        let ordered = heap.sorted { NewestReferences.before($1, $0) }
        var out: [Int: Int] = [:]
        for (k, e) in ordered.enumerated() { out[e.index] = k }
        return out
    }
}

extension ModelFitter {
    /// Each lane's resolved places and calendar, worked out once per lane rather than once per shipment and
    /// pass (a calendar with learned closures is assembled from sets on every lookup).
    final class PlaceCache {
        private var known: [ShipmentLanes.Lane: ResolvedShipment] = [:]
        /// By lane number (``ResolvedShipment/lane``).
        private(set) var resolved: [ResolvedShipment] = []
        /// The calendars every stage counts in (learned closures included).
        let calendars: CarrierCalendars
        /// Places already resolved for the same shipments by an earlier step (a backtest's, for all its folds).
        let shared: LanePlaces.Table?
        /// What a carrier's calendar for a destination depends on: its country and region
        /// (``CarrierCalendars/calendar(for:destination:)``), far fewer than lanes. Assembling one with learned
        /// closures costs a century of days when another fit's closures for the area were built last.
        private struct CalendarArea: Hashable {
            var carrier: String
            var country: String
            var region: String?
        }
        private var areaCalendars: [CalendarArea: BusinessCalendar] = [:]
        /// Numbers of the distinct handling chains and milestone chains (``ResolvedShipment/originSlot``).
        private var origins: [[String?]: Int] = [:]
        private var services: [[[String?]]: Int] = [:]

        init(calendars: CarrierCalendars, shared: LanePlaces.Table? = nil) {
            self.calendars = calendars
            self.shared = shared
        }

        subscript(_ t: ShipmentTimeline) -> ResolvedShipment {
            let lane = ShipmentLanes.Lane(
                carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
            if let r = known[lane] { return r }
            let places = shared?.places[lane] ?? LanePlaces(t)
            let area = CalendarArea(
                carrier: t.carrier, country: places.destination.country, region: places.destination.region)
            let calendar: BusinessCalendar
            if let known = areaCalendars[area] {
                calendar = known
            } else {
                calendar = calendars.calendar(for: t.carrier, destination: places.destination)
                areaCalendars[area] = calendar
            }
            let origin = origins[places.handlingChain] ?? origins.count
            origins[places.handlingChain] = origin
            let service = services[places.milestoneChains] ?? services.count
            services[places.milestoneChains] = service
            let r = ResolvedShipment(
                places, carrier: t.carrier, lane: known.count, originSlot: origin, serviceSlot: service,
                calendar: calendar)
            known[lane] = r
            resolved.append(r)
            return r
        }
    }
}

extension ModelFitter {
    /// What a fit reads of the feed before it observes any shipment, in one pass once the cut-off is known:
    /// which carriers report hand-offs, the daily delivery counts closures are learned from, the malformed
    /// postal codes, what the calibration window is derived from, and the same-day hand-offs by order hour the
    /// late-in-day cut-off is learned from.
    struct FeedSurvey {
        let asOf: Instant
        private var handoffCounts: [String: (handoff: Int, delivered: Int)] = [:]
        /// Deliveries per destination area and day, when closures are learned.
        private(set) var deliveryDays: DeliveryDayCounts?
        private(set) var postal = PostalFormatCount([])
        private(set) var window: CalibrationWindow.Tally
        /// Orders by local hour and their same-day hand-offs, when the cut-off is learned (``LateInDayCutoff``).
        private(set) var lateInDay: LateInDayCutoff?
        /// The calendars the order days are judged working days in (as given: a closure learned from the
        /// deliveries is a destination's, not the origin's).
        private let calendars: CarrierCalendars
        /// Origin zones: resolving a place per shipment would cost more than the counting.
        private var zones = PlaceZones()

        init(asOf: Instant, learnsClosures: Bool, learnsLateInDay: Bool = false, calendars: CarrierCalendars = .init())
        {
            self.asOf = asOf
            deliveryDays = learnsClosures ? DeliveryDayCounts() : nil
            window = CalibrationWindow.Tally(asOf: asOf)
            lateInDay = learnsLateInDay ? LateInDayCutoff() : nil
            self.calendars = calendars
        }

        mutating func add(_ t: ShipmentTimeline) {
            if let d = t.deliveryTime, d < asOf {
                var c = handoffCounts[t.carrier, default: (0, 0)]
                c.delivered += 1
                if let s = t.shipTime, s < d { c.handoff += 1 }
                handoffCounts[t.carrier] = c
            }
            deliveryDays?.add(t, asOf: asOf)
            postal.add(t)
            if let start = t.orderTime ?? t.shipTime, let end = t.deliveryTime, end < asOf, start <= end {
                window.addCompleted(days: start.days(to: end))
            }
            // The shipments ``ModelFitter/observe(_:_:asOf:options:handoffCarriers:summary:)`` uses: not canceled
            // before shipping, and ordered (or handed over) before the cut-off.
            if !ModelFitter.canceledBeforeShipping(t, asOf: asOf), let reference = t.orderTime ?? t.shipTime {
                window.addReference(reference)
            }
            if lateInDay != nil, t.orderTime != nil {
                lateInDay!.add(t, originZone: zones.zone(of: t.origin), asOf: asOf, calendars: calendars)
            }
        }

        /// Carriers whose feed reports hand-offs: most of their deliveries before the cut-off have a carrier scan
        /// before the DELIVERED one. An open shipment of any other carrier is "not yet delivered", not "not yet
        /// handed over".
        var handoffCarriers: Set<String> {
            Set(handoffCounts.filter { 2 * $0.value.handoff >= $0.value.delivered }.keys)
        }
    }
}
