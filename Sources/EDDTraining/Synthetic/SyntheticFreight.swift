import EDDCore

/// The `freight` profile's world and its ground truth (documented in `TrainingData/README.md`).
///
/// Suppliers in China, Germany, Mexico and the US ship to six US distribution centres by ocean, air or truck.
/// Every carrier works all seven days and no holiday; every timestamp is a date only, written as 12:00 UTC;
/// every shipment is delivered. Order → hand-off (production) is uniform per supplier; hand-off → delivery is a
/// lane base plus a uniform spread, plus, for ocean and air, congestion delays that make the long tail.
public enum SyntheticFreight {
    /// A supplier: where it is, its share of orders, its production time and the modes it ships by.
    public struct Supplier: Sendable {
        public let id: String
        public let country: String
        public let postal: String
        public let region: String
        public let weight: Double
        /// Order → hand-off in calendar days, uniform over this range.
        public let production: ClosedRange<Int>
        /// Share of each mode, in ``modes`` order (ocean, air, truck-ftl, truck-ltl).
        public let modeWeights: [Double]
        /// Index into the base tables below.
        let row: Int
    }

    /// A distribution centre (the destination).
    public struct Destination: Sendable {
        public let postal: String
        public let region: String
    }

    /// A mode of transport: the carrier and service the feed names it by.
    public struct Mode: Sendable {
        public let carrier: String
        public let service: String
        /// Hand-off → delivery base in calendar days, by supplier row (CN, DE, MX, US) and destination.
        public let base: [[Int]]
        /// The uniform spread added to the base: 0 … spread days.
        public let spread: Int
        /// Congestion: (probability, extra days uniform over the range), drawn in turn (at most one applies).
        public let delays: [(probability: Double, days: ClosedRange<Int>)]
    }

    public static let suppliers: [Supplier] = [
        Supplier(
            id: "sup-szx", country: "CN", postal: "518000", region: "GD", weight: 0.30, production: 7...35,
            modeWeights: [0.7, 0.3, 0, 0], row: 0),
        Supplier(
            id: "sup-sha", country: "CN", postal: "200000", region: "SH", weight: 0.20, production: 5...25,
            modeWeights: [0.75, 0.25, 0, 0], row: 0),
        Supplier(
            id: "sup-ham", country: "DE", postal: "20095", region: "HH", weight: 0.15, production: 3...14,
            modeWeights: [0.6, 0.4, 0, 0], row: 1),
        Supplier(
            id: "sup-mty", country: "MX", postal: "64000", region: "NLE", weight: 0.15, production: 4...12,
            modeWeights: [0, 0, 0.6, 0.4], row: 2),
        Supplier(
            id: "sup-ord", country: "US", postal: "60638", region: "IL", weight: 0.20, production: 4...8,
            modeWeights: [0, 0, 0.5, 0.5], row: 3),
    ]

    /// Los Angeles, Seattle, Newark, Atlanta, Dallas, Chicago.
    public static let destinations: [Destination] = [
        Destination(postal: "90745", region: "CA"), Destination(postal: "98032", region: "WA"),
        Destination(postal: "07114", region: "NJ"), Destination(postal: "30349", region: "GA"),
        Destination(postal: "75261", region: "TX"), Destination(postal: "60638", region: "IL"),
    ]

    public static let modes: [Mode] = [
        Mode(
            carrier: "oceanic", service: "fcl",
            base: [[18, 20, 35, 33, 28, 28], [30, 32, 14, 16, 22, 20], [], []], spread: 6,
            delays: [(0.05, 60...200), (0.20, 10...60)]),
        Mode(
            carrier: "skyfreight", service: "air",
            base: [[3, 3, 4, 4, 4, 4], [4, 4, 2, 3, 3, 3], [], []], spread: 4, delays: [(0.10, 3...10)]),
        Mode(
            carrier: "roadline", service: "ftl",
            base: [[], [], [3, 5, 4, 3, 1, 3], [4, 4, 2, 2, 2, 1]], spread: 2, delays: []),
        Mode(
            carrier: "roadline", service: "ltl",
            base: [[], [], [6, 10, 8, 6, 2, 6], [8, 8, 4, 4, 4, 2]], spread: 4, delays: []),
    ]

    /// Relative order volume by weekday, Sunday first (orders are placed mostly on weekdays; the carriers
    /// move and deliver every day).
    public static let weekdayVolume: [Double] = [0.3, 1, 1, 1, 1, 1, 0.3]

    /// The true hand-off → delivery days of a shipment by `mode` from `supplier` to `destination`.
    static func transit(mode: Mode, supplier: Supplier, destination: Int, rng: inout SyntheticRandom) -> Int {
        var days = mode.base[supplier.row][destination] + rng.int(in: 0...mode.spread)
        for delay in mode.delays where rng.chance(delay.probability) {
            days += rng.int(in: delay.days)
            break
        }
        return days
    }

    /// Writes `configuration.shipments` freight shipments as CSV (header first) into `sink`.
    static func run(_ c: SyntheticConfiguration, sink: ([UInt8]) throws -> Void) throws -> SyntheticStats {
        var stats = SyntheticStats()
        var rng = SyntheticRandom(seed: c.seed)
        var writer = SyntheticCSVWriter(capacity: 1 << 20)
        writer.bytes.append(contentsOf: SyntheticCSVWriter.header)
        let supplierWeights = suppliers.map(\.weight).cumulativeSums()
        let modeWeights = suppliers.map { $0.modeWeights.cumulativeSums() }
        let weights = (0..<c.days).map { weekdayVolume[c.start.adding(days: $0).weekday] }
        let counts = SyntheticGenerator.largestRemainder(weights, total: c.shipments)
        for (dayIndex, count) in counts.enumerated() {
            let orderDate = c.start.adding(days: dayIndex)
            for _ in 0..<count {
                stats.shipments += 1
                let s = rng.pick(cumulative: supplierWeights)
                let supplier = suppliers[s]
                let m = rng.pick(cumulative: modeWeights[s])
                let mode = modes[m]
                let d = rng.below(destinations.count)
                let destination = destinations[d]
                let production = rng.int(in: supplier.production)
                let transit = transit(mode: mode, supplier: supplier, destination: d, rng: &rng)
                let handOff = orderDate.adding(days: production)
                let delivered = handOff.adding(days: transit)
                let nominal =
                    (supplier.production.lowerBound + supplier.production.upperBound) / 2
                    + mode.base[supplier.row][d] + mode.spread / 2
                var promised: [UInt8] = []
                appendDate(&promised, orderDate.adding(days: nominal))
                promised.append(10)
                var prefix: [UInt8] = Array("FR".utf8)
                SyntheticCSVWriter.digits(&prefix, stats.shipments % 100_000_000, 8)
                for field in [
                    mode.carrier, mode.service, supplier.country, supplier.postal, supplier.region, "US",
                    destination.postal, destination.region, supplier.id,
                ] {
                    prefix.append(UInt8(ascii: ","))
                    prefix.append(contentsOf: field.utf8)
                }
                prefix.append(UInt8(ascii: ","))
                let origin = Array(supplier.postal.utf8)
                let events: [(EventCode, CivilDate, [UInt8]?)] = [
                    (.orderPlaced, orderDate, nil), (.pickedUp, handOff, origin),
                    (.delivered, delivered, Array(destination.postal.utf8)),
                ]
                for (event, date, postal) in events {
                    // Date-only feeds: every event at noon UTC.
                    let instant = Instant(seconds: Int64(date.dayNumber) * 86_400 + 43_200)
                    writer.appendRow(
                        prefix: prefix, event: event, instant: instant, utcOffset: 0, postal: postal,
                        promised: promised)
                }
                stats.countDelivered(scans: events.count)
                try writer.drain(into: sink)
            }
        }
        try writer.drain(into: sink, atLeast: 1)
        return stats
    }

    static func appendDate(_ out: inout [UInt8], _ date: CivilDate) {
        let (y, m, d) = date.components
        SyntheticCSVWriter.digits(&out, y, 4)
        out.append(UInt8(ascii: "-"))
        SyntheticCSVWriter.digits(&out, m, 2)
        out.append(UInt8(ascii: "-"))
        SyntheticCSVWriter.digits(&out, d, 2)
    }
}
