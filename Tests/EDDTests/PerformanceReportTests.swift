@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The delivery performance report against the synthetic generator's documented truth
/// (TrainingData/README.md, `SyntheticTruth`, `SyntheticService`, `SyntheticWarehouse`).
@Suite(.serialized) struct PerformanceReportTests {
    /// Two months of clean shipments, May and June 2026, each month its own generator run (36,000 orders,
    /// its own seed; the second run's ids prefixed) so that the regional closures, placed 45 days and more
    /// after a run's start, fall after every delivery, and there is no peak season: the truth is the
    /// documented tables alone.
    static let feed: IngestResult = {
        var result = IngestResult(timelines: [], summary: IngestSummary())
        for (seed, month, days) in [(UInt64(11), 5, 31), (12, 6, 30)] {
            let config = SyntheticConfiguration(
                shipments: 36_000, seed: seed, start: CivilDate(year: 2026, month: month, day: 1)!, days: days,
                dirty: false)
            let (bytes, _) = try! SyntheticGenerator(configuration: config).generate()
            let part = try! ScanIngestion.read(text: String(decoding: bytes, as: UTF8.self))
            result.timelines += part.timelines.map { t in
                var t = t
                t.id = "m\(month)-" + t.id
                return t
            }
            result.summary.rowsRead += part.summary.rowsRead
            result.summary.accepted += part.summary.accepted
            result.summary.cutoff = max(result.summary.cutoff ?? part.summary.cutoff!, part.summary.cutoff!)
        }
        // The first run's open parcels were censored at its own end; everything is known up to the later one.
        for i in result.timelines.indices { result.timelines[i].deriveMilestones(cutoff: result.summary.cutoff) }
        return result
    }()
    static let calendars = CarrierCalendars().completed(from: feed.timelines)

    static func options(from: CivilDate? = nil, to: CivilDate? = nil) -> PerformanceOptions {
        try! PerformanceOptions(from: from, to: to, period: .month, calendars: calendars)
    }

    static let may = CivilDate(year: 2026, month: 5, day: 1)!

    /// The true transit distribution of delivered parcels on a lane: the service's base and spread, plus an
    /// in-transit exception (2.5%: one more working day 60%, two 40%) and, independently, a failed first
    /// attempt (3% of all parcels, so 3/99 of those neither lost nor returned: one more day).
    static func truth(_ service: SyntheticService, zone: Int) -> [Double] {
        var pmf = service.transitDistribution(zone: zone) + [0, 0, 0, 0]
        func delayed(_ p: [Double], _ delays: [(Int, Double)]) -> [Double] {
            var out = [Double](repeating: 0, count: p.count)
            for (d, q) in p.enumerated() {
                for (extra, w) in delays where d + extra < out.count { out[d + extra] += q * w }
            }
            return out
        }
        let e = SyntheticTruth.rates.exception
        pmf = delayed(pmf, [(0, 1 - e), (1, e * 0.6), (2, e * 0.4)])
        let a = SyntheticTruth.rates.attempted / (1 - SyntheticTruth.rates.lost - SyntheticTruth.rates.returned)
        return delayed(pmf, [(0, 1 - a), (1, a)])
    }

    /// Lane names read `carrier service origin → US-XX`.
    static func laneParts(_ name: String) -> (SyntheticService, origin: String, state: String)? {
        let parts = name.split(separator: " ").map(String.init)
        guard parts.count == 5,
            let service = SyntheticService.all.first(where: {
                $0.carrier == parts[0] && $0.service == parts[1]
            })
        else { return nil }
        return (service, parts[2], String(parts[4].dropFirst(3)))
    }

    @Test func laneMediansAndSharesMatchTheTruth() throws {
        let report = PerformanceAnalyzer.analyze(
            timelines: Self.feed.timelines, ingest: Self.feed.summary, options: Self.options(from: Self.may),
            title: "t")
        // report.json's lane rows: the window's transit distribution of every lane with enough shipments.
        let lanes = report.distributions.filter { $0.kind == "lane" && $0.measure == "transit" }
        #expect(lanes.allSatisfy { $0.period == "all" && $0.shipments >= 30 })
        var checked = 0
        for row in lanes where row.shipments >= 200 {
            let name = row.group
            let (service, origin, state) = try #require(Self.laneParts(name), "\(name)")
            let warehouse = try #require(SyntheticWarehouse.all.first { $0.id == origin })
            let zone = SyntheticTruth.zone(from: warehouse.state, to: state)
            let truth = Self.truth(service, zone: zone)
            let shares = try #require(row.shares)
            let n = Double(row.shipments)
            for k in 0...10 {
                let t = k < 10 ? (k < truth.count ? truth[k] : 0) : truth.dropFirst(10).reduce(0, +)
                // Four binomial standard errors, and half a point for the rounding of rare delays.
                let tolerance = 4 * (t * (1 - t) / n).squareRoot() + 0.005
                #expect(abs(shares[k] - t) <= tolerance, "\(name) day \(k): \(shares[k]) vs truth \(t), n \(n)")
            }
            var cumulative = 0.0
            let median = truth.firstIndex {
                cumulative += $0
                return cumulative >= 0.5
            }
            #expect(row.median == median, "\(name)")
            checked += 1
        }
        #expect(checked >= 8)
        #expect(report.window.periods == ["2026-05", "2026-06"])
    }

    @Test func handlingMatchesTheWarehousesTruth() throws {
        // Mon–Fri warehouses and carriers (usps counts Saturdays, wh-lax-1 works them): an order on a working
        // day before the warehouse's cut-off is handled from that day (h working days, h drawn from the
        // warehouse's table), any other from the next working day (h + 1). So P(H ≤ k) = q·F(k) + (1−q)·F(k−1)
        // with q the share of orders of the first kind, and the share shipped on the day handling could start
        // is P(h = 0) times the share of orders before the cut-off or on a day off.
        let weekdays = SyntheticWarehouse.all.filter { !$0.worksSaturday }
        let timelines = Self.feed.timelines.filter { t in
            t.carrier != "usps" && weekdays.contains { $0.id == t.origin.id }
        }
        let report = PerformanceAnalyzer.analyze(
            timelines: timelines, ingest: Self.feed.summary, options: Self.options(), title: "t")
        for w in weekdays {
            let zone = Geography.zone(for: Geography.resolve(Place(country: "US", postal: w.postal)))
            let orders = timelines.filter { $0.origin.id == w.id && $0.cancelTime == nil }.compactMap(\.orderTime)
            let calendar = w.calendar
            var startsSameDay = 0
            var canShipSameDay = 0
            for o in orders {
                let date = zone.localDate(of: o)
                let before = zone.secondOfDay(of: o) < w.cutoffHour * 3600
                if calendar.isWorkingDay(date) && before { startsSameDay += 1 }
                if !calendar.isWorkingDay(date) || before { canShipSameDay += 1 }
            }
            let q = Double(startsSameDay) / Double(orders.count)
            var f = 0.0
            var previous = 0.0
            var median: Int?
            for k in 0...w.handling.count {
                f += k < w.handling.count ? w.handling[k] : 0
                if median == nil && q * f + (1 - q) * previous >= 0.5 { median = k }
                previous = f
            }
            let card = try #require(report.scorecards.first { $0.kind == "origin" && $0.group == w.id })
            #expect(card.handlingMedian == median, "\(w.id): q \(q)")
            let expected = w.handling[0] * Double(canShipSameDay) / Double(orders.count)
            let share = try #require(card.sameDayShare)
            let se = (expected * (1 - expected) / Double(card.sameDayKnown)).squareRoot()
            #expect(abs(share - expected) <= 4 * se, "\(w.id): same day \(share) vs \(expected)")
        }
    }

    /// The feed with every delivery of one lane's June orders two working days later.
    static func slowed(lane: String) -> IngestResult {
        var result = feed
        let june = CivilDate(year: 2026, month: 6, day: 1)!
        var latest = Instant(seconds: 0)
        for i in result.timelines.indices {
            var t = result.timelines[i]
            let resolved = Geography.resolve(t.destination)
            let name = "\(t.carrier) \(t.service) \(t.origin.id ?? "") → US-\(resolved.region ?? "")"
            if name == lane, let order = t.orderTime,
                Geography.zone(for: Geography.resolve(t.origin)).localDate(of: order) >= june,
                let delivered = t.deliveryTime
            {
                let zone = Geography.zone(for: resolved)
                let day = zone.localDate(of: delivered)
                let later = calendars.calendar(for: t.carrier).addingWorkingDays(2, to: day)
                let shift = Int64(day.days(to: later)) * 86_400
                for j in t.events.indices where t.events[j].time >= delivered {
                    t.events[j].time = t.events[j].time.adding(seconds: shift)
                }
                t.deriveMilestones(cutoff: nil)
                result.timelines[i] = t
            }
            if let last = result.timelines[i].events.last?.time, last > latest { latest = last }
        }
        result.summary.cutoff = latest.adding(seconds: 1)
        for i in result.timelines.indices { result.timelines[i].deriveMilestones(cutoff: result.summary.cutoff) }
        return result
    }

    @Test func aSlowdownOnOneLaneInTheLastMonthIsFlaggedAndNoOtherLaneIs() throws {
        let options = Self.options()
        let clean = PerformanceAnalyzer.analyze(
            timelines: Self.feed.timelines, ingest: Self.feed.summary, options: options, title: "t")
        #expect(clean.changes.before == "2026-05" && clean.changes.after == "2026-06")
        let laneTests = clean.changes.tests.filter { $0.kind == "lane" && $0.metric == "transit_days" }
        #expect(laneTests.count >= 100)
        #expect(clean.changes.tests.filter { $0.metric == "transit_days" && $0.flagged }.isEmpty)
        // The busiest lane tested.
        let lane = try #require(laneTests.max { ($0.afterShipments, $1.group) < ($1.afterShipments, $0.group) }).group
        let slowed = Self.slowed(lane: lane)
        let report = PerformanceAnalyzer.analyze(
            timelines: slowed.timelines, ingest: slowed.summary, options: options, title: "t")
        let flagged = report.changes.tests.filter { $0.flagged && $0.metric == "transit_days" }
        let flaggedLanes = flagged.filter { $0.kind == "lane" }.map(\.group)
        #expect(flaggedLanes == [lane])
        #expect(report.changes.tests.filter { $0.flagged && $0.kind == "lane" && $0.group != lane }.isEmpty)
        let row = try #require(flagged.first { $0.group == lane })
        #expect(row.z > 0)
        #expect((row.after ?? 0) - (row.before ?? 0) >= 1)
        // A service or origin may be flagged only when it holds the slowed lane.
        let (service, origin, _) = try #require(Self.laneParts(lane))
        for r in flagged where r.kind != "lane" {
            #expect(r.group == "\(service.carrier) \(service.service)" || r.group == origin, "\(r.kind) \(r.group)")
        }
    }
}
