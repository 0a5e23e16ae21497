import EDDCore

/// Deliveries per carrier, destination area and local day, with each area's span of orders and each
/// carrier's order → delivery lead times: everything ``ClosureDetector`` reads.
///
/// Only counts, minima and maxima, so the counts of two parts of a feed merge exactly (``merge(_:)``). Each
/// delivery counts once in its destination country and once in its region (Great Britain's nation).
public struct DeliveryDayCounts: Sendable {
    /// A carrier in a country, or in one region of it (`region` nil: the whole country).
    public struct Area: Hashable, Sendable, Comparable {
        public var carrier: String
        public var country: String
        public var region: String?

        public static func < (a: Area, b: Area) -> Bool {
            (a.carrier, a.country, a.region ?? "") < (b.carrier, b.country, b.region ?? "")
        }
    }

    /// What is known of one area.
    public struct Tally: Sendable {
        /// Deliveries by destination-local day number.
        public var deliveries: [Int32: Int] = [:]
        /// The first and last order (or, without one, hand-off) day of a shipment to the area.
        public var firstOrder = Int32.max
        public var lastOrder = Int32.min
        /// The last destination-local day fully before the cut-off.
        public var lastFullDay = Int32.max
        /// Orders (or hand-offs) by day.
        public var orders: [Int32: Int] = [:]

        mutating func add(order: Int32, lastFull: Int32, delivered: Int32?) {
            firstOrder = min(firstOrder, order)
            lastOrder = max(lastOrder, order)
            lastFullDay = min(lastFullDay, lastFull)
            orders[order, default: 0] += 1
            if let delivered { deliveries[delivered, default: 0] += 1 }
        }

        /// The first and last order day once `share` of the orders at each end are set aside: a few stray
        /// orders months before or after the rest must not open days of little volume to the test.
        public func orderSpan(trimming share: Double) -> (first: Int32, last: Int32) {
            let days = orders.keys.sorted()
            guard !days.isEmpty else { return (firstOrder, lastOrder) }
            let total = orders.values.reduce(0, +)
            let cut = Int(share * Double(total))
            var running = 0
            var first = days[0]
            for d in days {
                running += orders[d]!
                if running > cut {
                    first = d
                    break
                }
            }
            running = 0
            var last = days[days.count - 1]
            for d in days.reversed() {
                running += orders[d]!
                if running > cut {
                    last = d
                    break
                }
            }
            return (first, last)
        }
    }

    public var areas: [Area: Tally] = [:]
    /// Per carrier: delivered shipments by calendar days from order to delivery (the last bucket also counts
    /// anything longer), to tell how long deliveries take to reach their usual volume after a feed starts.
    public var leadDays: [String: [Int]] = [:]
    static let longestLead = 400
    /// Destinations resolved, with their zones: resolving a place per shipment would cost more than the counting.
    private var places: [Place: (ResolvedPlace, ZoneRules)] = [:]

    public init() {}

    /// Counts every shipment's delivery before `asOf`.
    public init(_ timelines: [ShipmentTimeline], asOf: Instant) {
        for t in timelines { add(t, asOf: asOf) }
    }

    /// Counts one shipment: its order day in its destination areas, and its delivery when before `asOf`.
    public mutating func add(_ t: ShipmentTimeline, asOf: Instant) {
        guard let reference = t.orderTime ?? t.shipTime, reference < asOf else { return }
        let place: ResolvedPlace
        let zone: ZoneRules
        if let known = places[t.destination] {
            (place, zone) = known
        } else {
            place = Geography.resolve(t.destination)
            zone = Geography.zone(for: place)
            places[t.destination] = (place, zone)
        }
        guard !place.country.isEmpty else { return }
        let orderDay = zone.localDate(of: reference).dayNumber
        let lastFull = zone.localDate(of: asOf).dayNumber - 1
        let delivered = t.deliveryTime.flatMap { $0 < asOf ? zone.localDate(of: $0).dayNumber : nil }
        var keys = [Area(carrier: t.carrier, country: place.country, region: nil)]
        if let region = LearnedDay.areaRegion(country: place.country, region: place.region) {
            keys.append(Area(carrier: t.carrier, country: place.country, region: region))
        }
        for key in keys {
            // In place: a copy of the tally would copy its two dictionaries on every shipment.
            areas[key, default: Tally()].add(order: orderDay, lastFull: lastFull, delivered: delivered)
        }
        if let delivered {
            let lead = min(max(0, Int(delivered - orderDay)), Self.longestLead)
            leadDays[t.carrier, default: Array(repeating: 0, count: Self.longestLead + 1)][lead] += 1
        }
    }

    /// Adds the counts of another part of the feed (as if its shipments had been added here).
    public mutating func merge(_ other: DeliveryDayCounts) {
        for (key, theirs) in other.areas {
            var tally = areas[key, default: Tally()]
            tally.firstOrder = min(tally.firstOrder, theirs.firstOrder)
            tally.lastOrder = max(tally.lastOrder, theirs.lastOrder)
            tally.lastFullDay = min(tally.lastFullDay, theirs.lastFullDay)
            tally.deliveries.merge(theirs.deliveries, uniquingKeysWith: +)
            tally.orders.merge(theirs.orders, uniquingKeysWith: +)
            areas[key] = tally
        }
        for (carrier, counts) in other.leadDays {
            var mine = leadDays[carrier, default: Array(repeating: 0, count: Self.longestLead + 1)]
            for i in counts.indices { mine[i] += counts[i] }
            leadDays[carrier] = mine
        }
    }

    /// The 95th percentile of a carrier's order → delivery calendar days (0 without deliveries).
    func lead95(_ carrier: String) -> Int {
        guard let counts = leadDays[carrier] else { return 0 }
        let total = counts.reduce(0, +)
        var running = 0
        for (days, n) in counts.enumerated() {
            running += n
            if 20 * running >= 19 * total { return days }
        }
        return Self.longestLead
    }
}
