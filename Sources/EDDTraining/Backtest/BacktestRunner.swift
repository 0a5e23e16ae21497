/// Runs BACKTEST.md's protocol: per fold, fit as of the fold's start, predict its orders from what is known
/// at order time, and score them once matured.
public enum BacktestRunner {
    /// A fold: its label and the instants it covers, [start, end).
    public struct Fold: Sendable {
        public var label: String
        public var start: Instant
        public var end: Instant
    }

    /// Folds of whole months (or weeks) from the first day of `from` to the end of `to`, in `zone`'s local time.
    public static func folds(
        from: (year: Int, month: Int), to: (year: Int, month: Int), weekly: Bool, zone: ZoneRules
    ) -> [Fold] {
        var out: [Fold] = []
        guard let first = CivilDate(year: from.year, month: from.month, day: 1) else { return [] }
        var endMonth = (to.year, to.month + 1)
        if endMonth.1 > 12 { endMonth = (endMonth.0 + 1, 1) }
        guard let last = CivilDate(year: endMonth.0, month: endMonth.1, day: 1), last > first else { return [] }
        var start = first
        while start < last {
            var next: CivilDate
            if weekly {
                next = min(start.adding(days: 7), last)
            } else {
                let (y, m, _) = start.components
                next = CivilDate(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)!
            }
            let label = weekly ? start.description : String(start.description.prefix(7))
            out.append(
                Fold(
                    label: label, start: zone.instant(of: start, secondOfDay: 0),
                    end: zone.instant(of: next, secondOfDay: 0)))
            start = next
        }
        return out
    }

    /// Fits and predicts one fold, returning a record per delivered order of the fold.
    /// - Parameters:
    ///   - timelines: every shipment, unfiltered (the as-of rule is applied here), iterated several times: an
    ///     array, or shipments read back from disk (``SpilledShipments``), with the same records when both
    ///     hand the shipments in the same order (``ModelFitter/inFitOrder(_:)``).
    ///   - fold: the fold.
    ///   - options: fit options; `asOf` is overridden by the fold's start.
    ///   - zone: the zone whose local dates define the label (BACKTEST.md: purchase and delivery local dates).
    public static func run(
        timelines: some Sequence<ShipmentTimeline>, fold: Fold, options: FitOptions, zone: ZoneRules
    ) -> [BacktestRecord] {
        run(timelines: timelines, fold: fold, options: options, zone: zone, places: nil)
    }

    /// ``run(timelines:fold:options:zone:)`` with the shipments' places already resolved (``runAll``'s,
    /// once for every fold), when given.
    static func run(
        timelines: some Sequence<ShipmentTimeline>, fold: Fold, options: FitOptions, zone: ZoneRules,
        places: ModelFitter.LanePlaces.Table?
    ) -> [BacktestRecord] {
        let model = model(timelines: timelines, fold: fold, options: options, places: places)
        return score(timelines: timelines, fold: fold, predictor: Predictor(model: model), zone: zone)
    }

    /// The model a fold is scored with: fitted as of the fold's start on what was visible then (every event
    /// at or after the start removed, shipments under way censored there).
    public static func model(timelines: some Sequence<ShipmentTimeline>, fold: Fold, options: FitOptions)
        -> EDDModel
    {
        model(timelines: timelines, fold: fold, options: options, places: nil)
    }

    static func model(
        timelines: some Sequence<ShipmentTimeline>, fold: Fold, options: FitOptions,
        places: ModelFitter.LanePlaces.Table?
    ) -> EDDModel {
        var fitOptions = options
        fitOptions.asOf = fold.start
        // Shipments in memory are cut once; others lazily on every pass, so that a fit over spilled shipments
        // holds one at a time.
        if let shipments = timelines as? [ShipmentTimeline] {
            return ModelFitter.fit(
                timelines: shipments.compactMap { $0.asOf(fold.start) }, options: fitOptions, spilled: nil,
                places: places
            ).0
        }
        return ModelFitter.fit(
            timelines: timelines.lazy.compactMap { $0.asOf(fold.start) }, options: fitOptions,
            spilled: timelines as? SpilledShipments, places: places
        ).0
    }

    /// Predicts and scores the delivered orders of a fold with an already fitted model.
    static func score(
        timelines: some Sequence<ShipmentTimeline>, fold: Fold, predictor: Predictor, zone: ZoneRules
    ) -> [BacktestRecord] {
        var records: [BacktestRecord] = []
        for t in timelines {
            guard let order = t.orderTime, order >= fold.start, order < fold.end, let delivered = t.deliveryTime,
                t.cancelTime == nil
            else { continue }
            let orderDate = zone.localDate(of: order)
            let y = orderDate.days(to: zone.localDate(of: delivered))
            let route = predictor.route(
                carrier: t.carrier, service: t.service, origin: t.origin, destination: t.destination)
            let forecast = predictor.forecast(route: route, orderTime: order, shipTime: nil, now: order)
            let days: (Int) -> Int = { orderDate.days(to: forecast.date(afterWorkingDays: $0)) }
            // Randomised PIT of y, on calendar days: P(D < y) + V·P(D = y). The last bucket is "that day or
            // later" (``DeliveryForecast/beforeTail``): a delivery on or after it falls within it.
            var below = 0.0
            var at = 0.0
            var previous = 0.0
            let tail = forecast.cdf.count - 1
            for (k, c) in forecast.cdf.enumerated() {
                let d = days(k)
                if d == y || (k == tail && d < y) {
                    at += c - previous
                } else if d < y {
                    below = c
                }
                previous = c
            }
            let pit = min(1, below + ModelFitter.jitter(t.id) * at)
            var risk: Double?
            var orderRisk: Double?
            var late: Bool?
            if let promised = t.promisedDate {
                late = zone.localDate(of: delivered) > promised
                orderRisk =
                    predictor.risk(route: route, orderTime: order, promised: promised, now: order, scans: [])
                    .pLate
                if let ship = t.shipTime, ship < delivered {
                    let scans = [TimelineEvent(code: .pickedUp, time: ship)]
                    risk =
                        predictor.risk(route: route, orderTime: order, promised: promised, now: ship, scans: scans)
                        .pLate
                }
            }
            records.append(
                BacktestRecord(
                    fold: fold.label, laneGroup: route.destination.region ?? route.destination.country,
                    actualDays: y,
                    quantileDays: BacktestRecord.quantileLevels.map { days(forecast.quantileDays($0)) },
                    confidenceDays: BacktestRecord.confidenceLevels.map { days(forecast.quantileDays($0)) },
                    rangeDays: BacktestRecord.rangeCoverages.map { c in
                        let r = forecast.rangeDays(c)
                        return days(r.lowerBound)...days(r.upperBound)
                    },
                    promisedDays: t.promisedDate.map { orderDate.days(to: $0) }, pit: pit, riskProbability: risk,
                    orderRiskProbability: orderRisk, lateVsPromise: late))
        }
        return records
    }
}

extension BacktestRunner {
    /// Runs every fold, in parallel across cores, and returns the records in fold order.
    ///
    /// `timelines` is iterated by every fold at once (``SpilledShipments`` gives each iteration its own
    /// reader). The calendars of carriers `options` does not configure are completed once, from what was
    /// known before the first fold, so every fold counts in the same calendars and no fold's weekdays leak
    /// into its fit.
    public static func runAll<S: Sequence<ShipmentTimeline> & Sendable>(
        timelines: S, folds: [Fold], options: FitOptions, zone: ZoneRules,
        progress: @escaping @Sendable (Fold, Int) -> Void = { _, _ in }
    ) -> [BacktestRecord] {
        var completed = options
        if let firstStart = folds.map(\.start).min() {
            completed.calendars = options.calendars.completed(from: timelines.lazy.compactMap { $0.asOf(firstStart) })
        }
        let options = completed
        // Every fold's fit meets the same lanes: their places are resolved once, here.
        let places = ModelFitter.LanePlaces.Table(timelines)
        let work = FoldWork(count: folds.count)
        // The latest folds fit the longest histories: they start first, so the fit left running alone at the end
        // is the shortest. Folds run on threads of their own rather than as one `concurrentPerform`'s tasks,
        // whose nested `concurrentPerform`s (a fit's passes) would run on one thread, leaving a core idle.
        let order = folds.indices.sorted { folds[$0].start > folds[$1].start }
        // `progress` escapes: each thread keeps its closure (and `progress` in it) until the thread is gone.
        let done = DispatchGroup()
        for _ in 0..<min(folds.count, max(1, ProcessInfo.processInfo.activeProcessorCount)) {
            done.enter()
            let thread = Thread {
                while let k = work.take(below: order.count) {
                    let i = order[k]
                    let records = run(
                        timelines: timelines, fold: folds[i], options: options, zone: zone, places: places)
                    progress(folds[i], records.count)
                    work.results.withLock { $0[i] = records }
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return work.results.withLock { $0.flatMap { $0 } }
    }

    /// What ``runAll(timelines:folds:options:zone:progress:)``'s threads share: the next fold to take and the
    /// records by fold.
    private final class FoldWork: Sendable {
        private let next = Atomic<Int>(0)
        let results: Mutex<[[BacktestRecord]]>

        init(count: Int) { results = Mutex([[BacktestRecord]](repeating: [], count: count)) }

        /// The next fold's place in the order, counting up from 0, while below `count`.
        func take(below count: Int) -> Int? {
            let k = next.add(1, ordering: .relaxed).oldValue
            return k < count ? k : nil
        }
    }

    /// The pooled metrics as a short text table.
    public static func summaryTable(_ m: BacktestMetrics) -> String {
        func f(_ x: Double?, _ digits: Int = 3) -> String {
            guard let x else { return "–" }
            let scale = pow(10, Double(digits))
            return String((x * scale).rounded() / scale)
        }
        return """
            orders \(m.n)
            mae_p50 \(f(m.maeP50))  pinball_mean \(f(m.pinballMean))  cov80 \(f(m.cov80))  width80 \(f(m.width80, 2))  cov90 \(f(m.cov90))  crossing \(m.crossing)
            randomised PIT: cov80_pit \(f(m.cov80PIT))  cov90_pit \(f(m.cov90PIT))  [q0.1, q0.9]: cov80_quantiles \(f(m.cov80Quantiles))  cov90_quantiles \(f(m.cov90Quantiles))
            ontime@0.93 \(f(m.ontime(at: 0.93)))  days@0.93 \(f(m.days(at: 0.93), 2))  days_at_olist_ontime \(f(m.daysAtOlistOntime?.days, 2))
            at hand-off: risk_auc \(f(m.riskAUC))  risk_brier \(f(m.riskBrier, 4))  risk_late_rate \(f(m.riskLateRate))  risk_brier_base \(f(m.riskBrierBase, 4))
            at order: risk_order_auc \(f(m.orderRisk.auc))  risk_order_brier \(f(m.orderRisk.brier, 4))  risk_order_late_rate \(f(m.orderRisk.lateRate))  risk_order_brier_base \(f(m.orderRisk.brierBase, 4))
            """
    }
}

import Dispatch
import EDDCore
import Foundation
import Synchronization
