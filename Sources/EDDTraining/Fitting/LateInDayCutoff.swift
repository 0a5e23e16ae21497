import EDDCore
import Foundation

/// The quantile layer's late-in-day cut-off, learned from the feed: the order hour after which orders stop
/// leaving the same day.
///
/// What "late in the day" means is the shipper's (or its carrier's pick-up) cut-off, which differs by warehouse
/// and seller; 14:00 was a guess. Orders placed on a working day whose hand-off was seen are counted by local
/// order hour: how many, and how many were handed over the same local day. For each hour boundary `c`
/// (01:00 … 23:00), a two-rate model (one same-day rate before `c`, a lower one from `c` on) is compared with a
/// single rate by the likelihood ratio; the best boundary is the cut-off when its statistic clears the χ²(1)
/// critical value at 1% after a Bonferroni correction for the 23 boundaries tried (12.38), and when each side
/// holds at least 5 expected same-day and 5 expected later hand-offs (the usual condition for that
/// approximation). With per-origin cut-offs, each origin with a step at another hour keeps its own. No step,
/// or no hand-offs (a feed with only the order and the delivery), learns nothing and the layer keeps 14:00. A
/// feed stamping every order at one UTC time of day (date-only, 12:00), or at one local time of day, has no
/// order hour at all, whatever each origin's zone makes of it: no order is late
/// (``OrderEffects/LateInDay/never``), and the feature, constant, is left out of the layer
/// (``OrderEffects/varyingFeatures(_:)``).
///
/// The counts are sums, gathered one shipment at a time in the fit's feed survey
/// (``ModelFitter/FeedSurvey``); shard fits merge their shipments before the survey runs, so a merged fit
/// counts exactly what one fit over the union counts.
struct LateInDayCutoff {
    /// Orders and same-day hand-offs by local order hour.
    struct Counts: Equatable {
        var orders = [Int](repeating: 0, count: 24)
        var sameDay = [Int](repeating: 0, count: 24)

        mutating func add(hour: Int, sameDay isSameDay: Bool) {
            orders[hour] += 1
            if isSameDay { sameDay[hour] += 1 }
        }
    }

    /// A boundary that passes the test: from `hour` on, orders leave the same day less often.
    struct Step: Equatable {
        var hour: Int
        /// The likelihood-ratio statistic of two rates against one.
        var statistic: Double
        /// Orders before the boundary and from it on, and the share of each handed over the same day.
        var ordersBefore: Int
        var ordersAfter: Int
        var before: Double
        var after: Double
    }

    /// The likelihood-ratio statistic a step must reach: χ²(1) at 1% / 23 boundaries, two-sided.
    static let criticalStatistic = 12.38
    /// Expected same-day and later hand-offs each side of a boundary needs for the χ² approximation.
    static let minimumExpected = 5.0

    var byOrigin: [String: Counts] = [:]
    var feed = Counts()
    /// The UTC and the local time of day of the first order seen, and whether any other order's differs: a
    /// feed of date-only order stamps (all 12:00 UTC, or all local midnight) says nothing about the hour an
    /// order was placed.
    private(set) var firstUTCSecond: Int?
    private(set) var firstLocalSecond: Int?
    private(set) var utcSecondsDiffer = false
    private(set) var localSecondsDiffer = false

    init() {}

    /// Counts a shipment: its order's time of day when ordered before `asOf`, and, when it was ordered on a
    /// working day of its carrier and its hand-off (before the delivery) was seen before `asOf`, whether that
    /// hand-off fell on the order's local day.
    mutating func add(_ t: ShipmentTimeline, originZone zone: ZoneRules, asOf: Instant, calendars: CarrierCalendars) {
        guard let order = t.orderTime, order < asOf else { return }
        let local = zone.secondOfDay(of: order)
        see(utcSecondOfDay: Int((order.seconds % 86_400 + 86_400) % 86_400), localSecondOfDay: local)
        guard let ship = t.shipTime, order <= ship, ship < asOf, t.deliveryTime.map({ ship < $0 }) ?? true else {
            return
        }
        let date = zone.localDate(of: order)
        guard calendars.calendar(for: t.carrier).isWorkingDay(date) else { return }
        add(origin: t.origin.id, hour: local / 3600, sameDay: zone.localDate(of: ship) == date)
    }

    mutating func see(utcSecondOfDay s: Int, localSecondOfDay l: Int? = nil) {
        let l = l ?? s
        if let first = firstUTCSecond {
            if first != s { utcSecondsDiffer = true }
            if firstLocalSecond != l { localSecondsDiffer = true }
        } else {
            firstUTCSecond = s
            firstLocalSecond = l
        }
    }

    mutating func add(origin: String?, hour: Int, sameDay: Bool) {
        let h = min(max(hour, 0), 23)
        feed.add(hour: h, sameDay: sameDay)
        if let origin, !origin.isEmpty { byOrigin[origin, default: Counts()].add(hour: h, sameDay: sameDay) }
    }

    /// The best boundary hour that passes the test; nil when none does.
    static func step(_ c: Counts) -> Step? {
        let n = c.orders.reduce(0, +)
        let s = c.sameDay.reduce(0, +)
        guard n > 0 else { return nil }
        let p0 = Double(s) / Double(n)
        func logLikelihood(_ s: Int, _ n: Int) -> Double {
            guard n > 0 else { return 0 }
            let p = Double(s) / Double(n)
            return (s > 0 ? Double(s) * log(p) : 0) + (s < n ? Double(n - s) * log(1 - p) : 0)
        }
        let null = logLikelihood(s, n)
        var best: Step?
        var nBefore = 0
        var sBefore = 0
        for hour in 1..<24 {
            nBefore += c.orders[hour - 1]
            sBefore += c.sameDay[hour - 1]
            let nAfter = n - nBefore
            let sAfter = s - sBefore
            let enough = [nBefore, nAfter].allSatisfy {
                Double($0) * p0 >= minimumExpected && Double($0) * (1 - p0) >= minimumExpected
            }
            guard enough else { continue }
            let before = Double(sBefore) / Double(nBefore)
            let after = Double(sAfter) / Double(nAfter)
            // Orders after a cut-off leave the same day less often, never more.
            guard before > after else { continue }
            let statistic = 2 * (logLikelihood(sBefore, nBefore) + logLikelihood(sAfter, nAfter) - null)
            // The first of equally good boundaries: hours without orders between two do not move it.
            if statistic > (best?.statistic ?? 0) + 1e-9 {
                best = Step(
                    hour: hour, statistic: statistic, ordersBefore: nBefore, ordersAfter: nAfter, before: before,
                    after: after)
            }
        }
        guard let best, best.statistic >= criticalStatistic else { return nil }
        return best
    }

    /// Whether the order stamps carry no time of day: every order at one UTC, or one local, second of the day.
    var stampsCarryNoTime: Bool { firstUTCSecond != nil && !(utcSecondsDiffer && localSecondsDiffer) }

    /// The learned cut-offs and a sentence saying why, as the fit summary prints it after "late in the day: ".
    /// - Parameter perOrigin: whether an origin whose own orders step at another hour keeps it (else every
    ///   origin gets the feed's cut-off).
    func derive(perOrigin: Bool = false) -> (OrderEffects.LateInDay, reason: String) {
        if stampsCarryNoTime, let first = utcSecondsDiffer ? firstLocalSecond : firstUTCSecond {
            return (
                OrderEffects.LateInDay(byOrigin: [:], feedWide: OrderEffects.LateInDay.never),
                "none (order stamps carry no time of day: every order at \(clock(first))"
                    + (utcSecondsDiffer ? " local time" : " UTC") + "; the feature is left out)"
            )
        }
        let fallback = clock(OrderEffects.LateInDay.fallbackSecondOfDay)
        let orders = feed.orders.reduce(0, +)
        guard let wide = LateInDayCutoff.step(feed) else {
            let why =
                orders == 0
                ? "no hand-off scans on the order's working day to learn from"
                : "no step in same-day hand-offs by order hour among \(orders) orders"
            return (.none, "from \(fallback) (nothing learned: \(why))")
        }
        var own: [String: Int] = [:]
        for (origin, counts) in byOrigin where perOrigin {
            if let step = LateInDayCutoff.step(counts), step.hour != wide.hour { own[origin] = step.hour * 3600 }
        }
        let origins =
            own.isEmpty
            ? ""
            : "; \(own.count) of \(byOrigin.count) origins at an hour of their own: "
                + own.sorted { $0.key < $1.key }.prefix(5).map { "\($0.key) \(clock($0.value))" }.joined(
                    separator: ", ") + (own.count > 5 ? ", …" : "")
        let reason =
            "from \(clock(wide.hour * 3600)) (learned: same-day hand-offs \(percent(wide.before)) of "
            + "\(wide.ordersBefore) orders before, \(percent(wide.after)) of \(wide.ordersAfter) after; "
            + "likelihood ratio \(Int(wide.statistic.rounded())))" + origins
        return (OrderEffects.LateInDay(byOrigin: own, feedWide: wide.hour * 3600), reason)
    }
}

/// A local time of day as `HH:MM`.
func clock(_ secondOfDay: Int) -> String {
    let h = secondOfDay / 3600
    let m = secondOfDay % 3600 / 60
    return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
}
