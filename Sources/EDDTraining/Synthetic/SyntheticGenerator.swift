import EDDCore

/// Generates realistic, deterministic carrier scans in the DATA.md CSV format (`edd-train synth`).
///
/// Orders are spread over the days by a weekly pattern and a holiday rush, each shipment's true timeline
/// is drawn by ``SyntheticTruth``'s model, and then (when ``SyntheticConfiguration/dirty``) the feed is
/// dirtied the way real feeds are. Two random streams keep the shipments the same with or without dirt.
/// The same configuration always yields the same bytes.
public struct SyntheticGenerator {
    /// The run's options.
    public let configuration: SyntheticConfiguration
    private let world: SyntheticWorld

    /// Shipments per output batch: rows are moved out of order only within a batch.
    private static let batch = 256
    /// The buffer is handed to the sink when it grows past this.
    private static let flushBytes = 1 << 20

    /// Prepares a run.
    /// - Throws: ``SyntheticError`` for a negative shipment count, fewer than one day, unsupported dates, or a
    ///   system that lacks a time zone the world needs.
    public init(configuration: SyntheticConfiguration) throws {
        guard configuration.shipments >= 0 else { throw SyntheticError(.badCount, "--shipments must not be negative") }
        guard configuration.days >= 1 else { throw SyntheticError(.badCount, "--days must be at least 1") }
        try configuration.checkDates()
        self.configuration = configuration
        self.world = try SyntheticWorld()
    }

    /// The number of orders on each day: proportional to ``SyntheticTruth/weekdayVolume`` times the rush
    /// factor, rounded by largest remainder so they add up to the shipment count exactly.
    public func ordersPerDay() -> [Int] {
        let c = configuration
        let weights = (0..<c.days).map { i -> Double in
            let day = c.start.adding(days: i)
            let (_, m, d) = day.components
            let rush = (m == 11 && d >= 20) || (m == 12 && d <= 20)
            return SyntheticTruth.weekdayVolume[day.weekday] * (rush ? SyntheticTruth.rushVolume : 1)
        }
        return Self.largestRemainder(weights, total: c.shipments)
    }

    /// `total` split in proportion to `weights`, rounded by largest remainder so the parts add up exactly.
    static func largestRemainder(_ weights: [Double], total: Int) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { $0 / sum * Double(total) }
        var counts = exact.map { Int($0) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), $1) > (exact[$1] - Double(counts[$1]), $0) }
        for i in order.prefix(total - counts.reduce(0, +)) { counts[i] += 1 }
        return counts
    }

    /// Runs the generator, handing the CSV bytes (header first) to `sink` in chunks of about a megabyte.
    ///
    /// - Parameters:
    ///   - progress: called with the number of shipments done, every 100,000 shipments.
    ///   - sink: receives each chunk; an error it throws stops the run.
    /// - Returns: what was written.
    public func run(progress: (Int) -> Void = { _ in }, sink: ([UInt8]) throws -> Void) throws -> SyntheticStats {
        let c = configuration
        if c.profile == .freight { return try SyntheticFreight.run(c, sink: sink) }
        if c.profile == .eu { return try SyntheticEurope.run(c, sink: sink) }
        // Without hand-off scans the feed keeps only the order and the delivery of each shipment.
        let keepsOnlyEnds = c.profile == .noHandoff
        var stats = SyntheticStats()
        var rng = SyntheticRandom(seed: c.seed)
        var dirt = SyntheticRandom(seed: c.seed ^ 0xD1B5_4A32_D192_ED03)
        var planner = SyntheticPlanner(world: world, rates: c.rates, start: c.start)
        var writer = SyntheticCSVWriter(capacity: Self.flushBytes + 65_536)
        writer.bytes.append(contentsOf: SyntheticCSVWriter.header)

        var shipment = SyntheticShipment()
        var prefixes: [[UInt8]] = []
        var promises: [[UInt8]] = []
        var pending: [(slot: Int, scan: SyntheticScan)] = []
        let carrierIDs: [[UInt8]] = ["1Z", "1Z", "1Z", "7", "7", "94", "D"].map { Array($0.utf8) }

        func writeBatch() throws {
            if c.dirty {
                for i in pending.indices where dirt.chance(c.rates.outOfOrderRow) {
                    let j = i + 1 + dirt.below(8)
                    if j < pending.count {
                        pending.swapAt(i, j)
                        stats.outOfOrderRows += 1
                    }
                }
            }
            for (slot, scan) in pending {
                let site = world.sites[scan.site]
                var offset = site.zone.utcOffset(at: scan.instant)
                if c.dirty, offset != 0, dirt.chance(c.rates.utcRow) {
                    offset = 0
                    stats.utcRows += 1
                }
                let postal = scan.writesPostal ? site.postal : nil
                let copies = c.dirty && dirt.chance(c.rates.duplicateRow) ? 2 : 1
                for _ in 0..<copies {
                    writer.appendRow(
                        prefix: prefixes[slot], event: scan.event, instant: scan.instant, utcOffset: offset,
                        postal: postal, promised: promises[slot])
                }
                stats.rows += copies
                stats.duplicateRows += copies - 1
                if c.dirty, dirt.chance(c.rates.malformedRow) {
                    let kind = SyntheticCSVWriter.Malformation(rawValue: dirt.below(5))!
                    writer.appendMalformed(
                        kind, prefix: prefixes[slot], event: scan.event, instant: scan.instant, utcOffset: offset,
                        postal: postal, promised: promises[slot], rng: &dirt)
                    stats.rows += 1
                    switch kind {
                    case .badTimestamp: stats.badTimestamp += 1
                    case .unknownEvent: stats.unknownEvent += 1
                    case .missingField: stats.missingField += 1
                    case .wrongFieldCount: stats.wrongFieldCount += 1
                    case .garbageBytes: stats.garbageBytes += 1
                    }
                }
            }
            pending.removeAll(keepingCapacity: true)
            prefixes.removeAll(keepingCapacity: true)
            promises.removeAll(keepingCapacity: true)
            try writer.drain(into: sink, atLeast: Self.flushBytes)
        }

        for (dayIndex, count) in ordersPerDay().enumerated() {
            let orderDate = c.start.adding(days: dayIndex)
            for _ in 0..<count {
                planner.plan(orderDate: orderDate, into: &shipment, rng: &rng, stats: &stats)
                stats.shipments += 1
                stats.scans += shipment.scans.count
                let slot = prefixes.count
                prefixes.append(prefix(shipment, number: stats.shipments, carrierIDs: carrierIDs))
                var promised: [UInt8] = []
                SyntheticCSVWriter.digits(&promised, shipment.promised.year, 4)
                promised.append(UInt8(ascii: "-"))
                SyntheticCSVWriter.digits(&promised, shipment.promised.month, 2)
                promised.append(UInt8(ascii: "-"))
                SyntheticCSVWriter.digits(&promised, shipment.promised.day, 2)
                promised.append(10)
                promises.append(promised)
                let dropPickup = c.dirty && dirt.chance(c.rates.missingPickup)
                for scan in shipment.scans {
                    if keepsOnlyEnds, scan.event != .orderPlaced, scan.event != .delivered { continue }
                    if dropPickup, scan.event == .pickedUp {
                        stats.missingPickups += 1
                        continue
                    }
                    pending.append((slot, scan))
                    if c.dirty, scan.event == .delivered, dirt.chance(c.rates.extraDelivered) {
                        var again = scan
                        again.instant = scan.instant.adding(seconds: Int64(300 + dirt.below(6900)))
                        pending.append((slot, again))
                        stats.extraDelivered += 1
                    }
                }
                if prefixes.count == Self.batch { try writeBatch() }
                if stats.shipments % 100_000 == 0 { progress(stats.shipments) }
            }
        }
        try writeBatch()
        try writer.drain(into: sink, atLeast: 1)
        return stats
    }

    /// The whole output in memory, for tests and small runs.
    public func generate() throws -> (bytes: [UInt8], stats: SyntheticStats) {
        var all: [UInt8] = []
        let stats = try run { all.append(contentsOf: $0) }
        return (all, stats)
    }

    /// The shipment's fixed leading columns, through `origin_id` and its comma.
    private func prefix(_ s: SyntheticShipment, number: Int, carrierIDs: [[UInt8]]) -> [UInt8] {
        let service = world.services[s.service]
        let warehouse = world.warehouses[s.warehouse]
        let destination = world.destinations[s.destination]
        var out: [UInt8] = carrierIDs[s.service]
        SyntheticCSVWriter.digits(&out, number % 10_000_000_000, 10)
        for field in [
            service.carrier, service.service, "US", warehouse.postal, warehouse.state, "US", destination.postal,
            destination.state, warehouse.id,
        ] {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: field.utf8)
        }
        out.append(UInt8(ascii: ","))
        return out
    }
}
