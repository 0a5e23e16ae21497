import EDDCore

extension PerformanceAnalyzer {
    /// Group ids of a kind, largest over the window first (ties by name).
    static func ranked(_ g: Groups, _ kind: Kind) -> [Int] {
        let names = g.names[kind.rawValue]
        // One look-up per group, not two per comparison: Olist has 17,440 lanes.
        let counts = names.indices.map { g.statistics(kind, $0, -1)?.shipments ?? 0 }
        return names.indices.sorted { a, b in
            counts[a] != counts[b] ? counts[a] > counts[b] : names[a] < names[b]
        }
    }

    /// Every (period index, label) of the window, then the window itself as (−1, "all").
    static func periodsAndAll(_ labels: [String]) -> [(Int, String)] {
        labels.enumerated().map { ($0.offset, $0.element) } + [(-1, "all")]
    }

    /// Overall and per carrier service by period and over the window; per lane and per origin over the
    /// window only, and only estimates of at least `minimum` shipments (Olist has 17,440 lanes, most with a
    /// handful of orders: their rows would say nothing and swamp the file).
    static func distributionRows(_ g: Groups, _ labels: [String], minimum: Int) -> [PerformanceReport.DistributionRow] {
        var rows: [PerformanceReport.DistributionRow] = []
        for kind in [Kind.all, .carrierService, .lane, .origin] {
            let byPeriod = kind == .all || kind == .carrierService
            for id in ranked(g, kind) {
                for (p, label) in byPeriod ? periodsAndAll(labels) : [(-1, "all")] {
                    guard let s = g.statistics(kind, id, p) else { continue }
                    for (measure, tally) in [("transit", s.transit), ("order_to_delivery", s.total)] {
                        let km = KaplanMeier(tally)
                        guard km.entered >= (byPeriod ? 1 : minimum) else { continue }
                        rows.append(
                            PerformanceReport.DistributionRow(
                                measure: measure, kind: kind.name, group: g.names[kind.rawValue][id], period: label,
                                shipments: km.entered, delivered: tally.eventCount, censored: tally.censoredCount,
                                shares: km.shares(), median: km.quantile(0.5), p90: km.quantile(0.9)))
                    }
                }
            }
        }
        return rows
    }

    static func promiseRows(_ g: Groups, _ labels: [String], minimum: Int) -> [PerformanceReport.PromiseRow] {
        var rows: [PerformanceReport.PromiseRow] = []
        for kind in [Kind.all, .carrierService, .region, .origin] {
            for id in ranked(g, kind) {
                guard let window = g.statistics(kind, id, -1), window.promiseKnown > 0 else { continue }
                // Small origins get their window's row only: thousands of sellers by month would swamp the file.
                let periods = window.shipments >= minimum || kind != .origin ? periodsAndAll(labels) : [(-1, "all")]
                for (p, label) in periods {
                    guard let s = g.statistics(kind, id, p), s.promiseKnown > 0 else { continue }
                    let w = WilsonInterval(successes: s.onTime, trials: s.promiseKnown)
                    rows.append(
                        PerformanceReport.PromiseRow(
                            kind: kind.name, group: g.names[kind.rawValue][id], period: label,
                            shipments: s.promiseKnown, onTime: s.onTime, late: s.promiseKnown - s.onTime,
                            rate: w.rate, rateLow: w.low, rateHigh: w.high,
                            meanDaysLate: s.promiseDelivered > 0
                                ? Double(s.daysLateSum) / Double(s.promiseDelivered) : nil,
                            deliveredCount: s.promiseDelivered))
                }
            }
        }
        return rows
    }

    static func scorecardRows(_ g: Groups, minimum: Int) -> [PerformanceReport.ScorecardRow] {
        var rows: [PerformanceReport.ScorecardRow] = []
        for kind in [Kind.carrierService, .origin] {
            var small: [PerformanceReport.ScorecardRow] = []
            for id in ranked(g, kind) {
                guard let s = g.statistics(kind, id, -1) else { continue }
                let handling = KaplanMeier(s.handling)
                let transit = KaplanMeier(s.transit)
                let onTime = WilsonInterval(successes: s.onTime, trials: s.promiseKnown)
                let n = Double(s.shipments)
                let row = PerformanceReport.ScorecardRow(
                    kind: kind.name, group: g.names[kind.rawValue][id], shipments: s.shipments,
                    small: s.shipments < minimum, delivered: s.outcomes[ShipmentFacts.Outcome.delivered.rawValue],
                    handlingMedian: handling.quantile(0.5), handlingP90: handling.quantile(0.9),
                    sameDayShare: s.sameDayKnown > 0 ? Double(s.sameDay) / Double(s.sameDayKnown) : nil,
                    sameDayKnown: s.sameDayKnown, transitMedian: transit.quantile(0.5),
                    transitP90: transit.quantile(0.9), onTimeRate: onTime.rate, onTimeLow: onTime.low,
                    onTimeHigh: onTime.high, promiseShipments: s.promiseKnown,
                    exceptionRate: Double(s.exceptions) / n, attemptRate: Double(s.attempts) / n,
                    lostRate: Double(s.outcomes[ShipmentFacts.Outcome.lost.rawValue]) / n,
                    returnedRate: Double(s.outcomes[ShipmentFacts.Outcome.returned.rawValue]) / n)
                if row.small { small.append(row) } else { rows.append(row) }
            }
            rows += small
        }
        return rows
    }

    static func coverageRows(_ g: Groups, _ labels: [String]) -> [PerformanceReport.CoverageRow] {
        var rows: [PerformanceReport.CoverageRow] = []
        for kind in [Kind.all, .carrierService] {
            for id in ranked(g, kind) {
                for (p, label) in periodsAndAll(labels) {
                    guard let s = g.statistics(kind, id, p), s.predicted > 0 else { continue }
                    let c80 = WilsonInterval(successes: s.inside80, trials: s.predicted)
                    let c90 = WilsonInterval(successes: s.inside90, trials: s.predicted)
                    rows.append(
                        PerformanceReport.CoverageRow(
                            kind: kind.name, group: g.names[kind.rawValue][id], period: label, shipments: s.predicted,
                            covered80: s.inside80, covered90: s.inside90, rate80: c80.rate, rate80Low: c80.low,
                            rate80High: c80.high, rate90: c90.rate, rate90Low: c90.low, rate90High: c90.high,
                            early80: s.early80, late80: s.late80,
                            early80Rate: Double(s.early80) / Double(s.predicted),
                            late80Rate: Double(s.late80) / Double(s.predicted)))
                }
            }
        }
        return rows
    }

    /// `after − before` in working days, when both are known.
    static func difference(_ before: Int?, _ after: Int?) -> Double? {
        guard let before, let after else { return nil }
        return Double(after - before)
    }

    /// Tests every lane, origin and carrier service with enough shipments in both of the window's last two
    /// periods, then flags by Benjamini–Hochberg over all the tests together.
    static func changes(_ g: Groups, _ labels: [String], complete: [Bool], options: PerformanceOptions)
        -> PerformanceReport.Changes
    {
        let method =
            "Transit days: log-rank test (censoring-aware) on the working-day distributions; on-time rate: "
            + "two-proportion z-test; both two-sided, between the window's last two complete "
            + "\(options.period.rawValue)s with at least \(options.minimumShipments) shipments, "
            + "with the Benjamini–Hochberg false discovery rate controlled at "
            + "\(Int((options.falseDiscoveryRate * 100).rounded()))% over all tests."
        var result = PerformanceReport.Changes(
            method: method, falseDiscoveryRate: options.falseDiscoveryRate, before: nil, after: nil,
            minimumShipments: options.minimumShipments, tests: [], flagged: 0)
        // The last two complete periods with enough shipments: a period the data covers only in part (the
        // week the feed ends in) differs by its mix of weekdays alone, and a stub period says nothing.
        let populated = labels.indices.filter {
            complete[$0] && (g.statistics(.all, 0, $0)?.shipments ?? 0) >= options.minimumShipments
        }
        guard populated.count >= 2 else { return result }
        let (b, a) = (populated[populated.count - 2], populated[populated.count - 1])
        result.before = labels[b]
        result.after = labels[a]
        var rows: [PerformanceReport.ChangeRow] = []
        let minimum = options.minimumShipments
        for kind in [Kind.lane, .origin, .carrierService] {
            for id in ranked(g, kind) {
                guard let before = g.statistics(kind, id, b), let after = g.statistics(kind, id, a) else { continue }
                let name = g.names[kind.rawValue][id]
                let k0 = KaplanMeier(before.transit)
                let k1 = KaplanMeier(after.transit)
                if k0.entered >= minimum && k1.entered >= minimum {
                    let (z, p) = ChangeTest.logRank(before.transit, after.transit)
                    rows.append(
                        PerformanceReport.ChangeRow(
                            kind: kind.name, group: name, metric: "transit_days", beforeShipments: k0.entered,
                            afterShipments: k1.entered, before: k0.quantile(0.5).map(Double.init),
                            after: k1.quantile(0.5).map(Double.init), beforeP90: k0.quantile(0.9).map(Double.init),
                            afterP90: k1.quantile(0.9).map(Double.init), z: z, p: p, q: 1, flagged: false,
                            change: difference(k0.quantile(0.5), k1.quantile(0.5)),
                            changeP90: difference(k0.quantile(0.9), k1.quantile(0.9))))
                }
                if before.promiseKnown >= minimum && after.promiseKnown >= minimum {
                    let (z, p) = ChangeTest.twoProportions(
                        before.onTime, before.promiseKnown, after.onTime, after.promiseKnown)
                    rows.append(
                        PerformanceReport.ChangeRow(
                            kind: kind.name, group: name, metric: "on_time_rate", beforeShipments: before.promiseKnown,
                            afterShipments: after.promiseKnown,
                            before: Double(before.onTime) / Double(before.promiseKnown),
                            after: Double(after.onTime) / Double(after.promiseKnown), beforeP90: nil, afterP90: nil,
                            z: z, p: p, q: 1, flagged: false,
                            change: Double(after.onTime) / Double(after.promiseKnown) - Double(before.onTime)
                                / Double(before.promiseKnown), changeP90: nil))
                }
            }
        }
        let q = ChangeTest.benjaminiHochberg(rows.map(\.p))
        for i in rows.indices {
            rows[i].q = q[i]
            rows[i].flagged = q[i] <= options.falseDiscoveryRate
        }
        let order = rows.indices.sorted {
            (rows[$0].flagged ? 0 : 1, rows[$0].p, $0) < (rows[$1].flagged ? 0 : 1, rows[$1].p, $1)
        }
        result.tests = order.map { rows[$0] }
        result.flagged = rows.filter(\.flagged).count
        return result
    }
}
