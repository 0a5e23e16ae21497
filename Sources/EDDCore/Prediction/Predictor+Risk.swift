/// Why a parcel's risk is what it is (PROTOCOL.md `reasons`).
public struct RiskReason: Sendable, Equatable {
    /// Stable code: `delivered`, `returned`, `promise_passed`, `not_picked_up`, `no_scan`, `exception`,
    /// `out_for_delivery`, `elapsed`, `lane_history`.
    public var code: String
    /// A sentence for people.
    public var detail: String
}

/// The delay risk of one parcel.
public struct RiskAssessment: Sendable {
    /// P(delivered after the promised date | everything known now).
    public var pLate: Double
    public var state: ShipmentState
    /// The current EDD at the model's default confidence, when not yet delivered.
    public var edd: CivilDate?
    public var reasons: [RiskReason]
    /// How the answer was reached (which line of ``RiskCalibration`` calibrated it); nil when no line did
    /// (asked at the order: the date forecast's own answer, which the date map calibrates).
    package var view: RiskCalibration.View? = .lane
    /// The answer before ``RiskCalibration`` (what the fit's out-of-time questions compare).
    package var stated: Double = 0
}

extension Predictor {
    /// P(delivered after `promised` | scans so far, now), the state and the reasons.
    ///
    /// Before pickup: handling still under way (at least the working days elapsed since the order) plus
    /// transit. After pickup: the lane's transit distribution conditioned on not having arrived yet, and, once
    /// later scans exist, the learned remaining-time distribution after the last milestone conditioned on the
    /// working days since that scan (out for delivery and exceptions rely on the milestone alone).
    public func risk(
        route: Route, orderTime: Instant?, promised: CivilDate, now: Instant, scans: [TimelineEvent]
    ) -> RiskAssessment {
        let visible = scans.filter { $0.time <= now }.sorted { $0.time < $1.time }
        let dz = route.destinationZone
        let cal = route.calendar
        if let d = visible.first(where: { $0.code == .delivered }) {
            let date = dz.localDate(of: d.time)
            return RiskAssessment(
                pLate: date > promised ? 1 : 0, state: .delivered, edd: nil,
                reasons: [RiskReason(code: "delivered", detail: "delivered on \(date)")])
        }
        if let r = visible.first(where: { $0.code == .returnedToSender }) {
            return RiskAssessment(
                pLate: 1, state: .returned, edd: nil,
                reasons: [RiskReason(code: "returned", detail: "returned to sender on \(dz.localDate(of: r.time))")])
        }
        let today = dz.localDate(of: now)
        let (lane, level, shipments) = (route.transit, route.level.rawValue, route.shipments)
        let laneCDF = calibratedCDF(lane, model.transitCalibration)
        var reasons: [RiskReason] = []
        let carrierScans = visible.filter { $0.code.isCarrierScan }
        let state = Self.state(of: visible)

        guard let first = carrierScans.first else {
            // Not picked up: handling is at least what has elapsed, then transit.
            let order = orderTime ?? visible.first?.time ?? now
            if now <= order {
                return atOrder(
                    route: route, order: order, promised: promised, today: today, state: state,
                    level: level, shipments: shipments)
            }
            let orderLocal = route.originZone.localTime(of: order)
            let orderDate = cal.handlingCountStart(local: orderLocal)
            let originToday = route.originZone.localDate(of: now)
            let elapsed = max(0, cal.workingDays(from: orderDate, to: originToday))
            let over = Self.daysOver(from: orderDate, to: originToday, calendar: cal)
            // The whole-day handling of the origin mixes orders placed before the day's cut-off, which often
            // go the same day, and orders placed after it, which go a day later: on its first days an order's
            // chance of going comes from orders placed on its side (``HandlingHazards``); past them, or on a
            // model without them, the order's timing moves its handling as it moves the date answers.
            let secondOfDay = orderLocal.secondOfDay
            var waiting: DayDistribution
            if let w = model.handlingHazards.waiting(
                handling: route.handling, carrier: route.carrier, origin: route.origin.originID,
                late: HandlingHazards.isLate(
                    secondOfDay: secondOfDay, start: orderDate, calendar: cal, lateAfter: route.lateAfter),
                start: orderDate, calendar: cal, elapsed: over)
            {
                waiting = w
            } else {
                let h = route.handling.shifted(
                    by: model.orderEffects.shift(
                        date: orderDate, secondOfDay: secondOfDay, calendar: cal, lateAfter: route.lateAfter))
                waiting = h.remaining(atLeast: over) ?? .point(over, buckets: h.probabilities.count)
            }
            // On a working day the order could still go today: its odds move by what orders still waiting at
            // this hour did (``PickupShares``). Only a promise not yet passed is judged.
            if cal.isWorkingDay(originToday), originToday >= orderDate, promised >= today {
                let hour = route.originZone.secondOfDay(of: now) / 3600
                waiting = waiting.movingOdds(
                    of: elapsed, by: model.pickup.likelihoodRatio(origin: route.origin.originID, hour: hour))
            }
            let total = waiting.convolved(with: DayDistribution(cdf: laneCDF))
            let x = cal.workingDays(from: orderDate, to: promised)
            if elapsed >= 2 {
                reasons.append(
                    RiskReason(code: "not_picked_up", detail: "not picked up \(elapsed) working days after the order"))
            }
            let p = 1 - total.cdf(x)
            let edd = cal.addingWorkingDays(total.quantile(model.metadata.defaultConfidence), to: orderDate)
            return finish(
                p, view: .beforePickup, state: state, edd: edd, promised: promised, today: today,
                reasons: reasons, level: level, shipments: shipments)
        }
        let shipDate = route.originZone.localDate(of: first.time)
        let elapsed = max(0, cal.workingDays(from: shipDate, to: today))
        let over = Self.daysOver(from: shipDate, to: today, calendar: cal)
        let x = cal.workingDays(from: shipDate, to: promised)
        // Lane view: P(T > x | T ≥ the working days over).
        let survivedLane = over == 0 ? 1 : 1 - laneCDF[min(over - 1, laneCDF.count - 1)]
        let laneLate =
            survivedLane > 1e-9
            ? min(1, max(0, (1 - (x < 0 ? 0 : laneCDF[min(x, laneCDF.count - 1)])) / survivedLane)) : 1
        let laneToday =
            survivedLane > 1e-9
            ? max(0, laneCDF[min(over, laneCDF.count - 1)] - (1 - survivedLane)) / survivedLane : 0
        // Whole working days say nothing of the hour: on a working day, today's odds move by what parcels at
        // the same milestone at this hour did (``SameDayShares``). Only a promise not yet passed is judged.
        let hour = cal.isWorkingDay(today) ? dz.secondOfDay(of: now) / 3600 : -1
        func hourly(_ p: Double, todayShare: Double, _ m: Milestone) -> Double {
            guard hour >= 0, promised >= today else { return p }
            let ratio = model.sameDay.likelihoodRatio(carrier: route.carrier, milestone: m, hour: hour)
            return SameDayShares.adjust(pLate: p, todayShare: todayShare, ratio: ratio)
        }
        let last = carrierScans.last!
        let laneView: RiskCalibration.View = over == 0 ? .handoff : .lane
        // The view from one scan taken as the latest: the lane's alone for a pickup (or a milestone the model
        // has not learned), else the remaining time after that milestone, conditioned on the working days
        // since it. In transit either view seeing lateness is evidence of it (the lane counts days since
        // pickup, the milestone days since the scan), so the larger stands; averaging them stated ~0.5 for
        // parcels late nine times in ten. The risk lines calibrate the result.
        func view(_ scan: TimelineEvent) -> (p: Double, since: Int, node: DayDistribution?, view: RiskCalibration.View)
        {
            let m = Milestone(scan.code) ?? .pickedUp
            let lane = hourly(laneLate, todayShare: laneToday, m)
            guard m != .pickedUp,
                let node = model.milestones.lookup(m.chain(carrier: route.carrier, service: route.service))?.node
            else { return (lane, 0, nil, laneView) }
            let lastDate = dz.localDate(of: scan.time)
            let since = Self.daysOver(from: lastDate, to: today, calendar: cal)
            let y = cal.workingDays(from: lastDate, to: promised)
            let d = node.distribution
            let survived = since == 0 ? 1 : 1 - d.cdf(since - 1)
            let milestoneLate = survived > 1e-9 ? min(1, max(0, (1 - d.cdf(y)) / survived)) : 1
            // In transit more scans usually follow one, on the same day too: the node's "not today" says
            // little of the hour, so the hour moves the lane's view.
            // The line that calibrates it is the view's that stood: a lane's answer is calibrated as the lane's
            // (on a carrier whose nodes rarely outweigh its lanes, the milestone line's correction of the
            // nodes' answers had pulled calibrated lane answers down: USPS in transit, stated 0.26, late 0.35).
            guard m != .inTransit else {
                return lane >= milestoneLate ? (lane, since, d, laneView) : (milestoneLate, since, d, .milestone)
            }
            let milestoneToday = survived > 1e-9 ? max(0, d.cdf(since) - (1 - survived)) / survived : 0
            return (hourly(milestoneLate, todayShare: milestoneToday, m), since, d, .milestone)
        }
        let latest = view(last)
        let p = latest.p
        let lastDate = dz.localDate(of: last.time)
        var floor: (stated: Double, view: RiskCalibration.View)?
        if last.code == .exception {
            // An exception never lowers the risk: the answer is at least the one without it, both calibrated.
            let before = carrierScans.last { $0.code != .exception }.map(view)
            floor = (before?.p ?? laneLate, before?.view ?? laneView)
            reasons.append(RiskReason(code: "exception", detail: "exception scan on \(lastDate)"))
        }
        var milestoneEDD: CivilDate?
        if last.code == .outForDelivery {
            reasons.append(RiskReason(code: "out_for_delivery", detail: "out for delivery since \(lastDate)"))
            // Out for delivery, the EDD follows the milestone (usually today), not the lane's days.
            if let d = latest.node {
                let rest = d.remaining(atLeast: latest.since) ?? .point(latest.since, buckets: d.probabilities.count)
                milestoneEDD = cal.addingWorkingDays(rest.quantile(model.metadata.defaultConfidence), to: lastDate)
            }
        }
        let hoursSinceScan = Double(last.time.seconds(to: now)) / 3600
        if hoursSinceScan >= 48 {
            let days = Double(Int(hoursSinceScan / 24 * 10)) / 10
            reasons.append(RiskReason(code: "no_scan", detail: "no scan for \(days) days"))
        }
        let p90 = DayDistribution(cdf: laneCDF).quantile(0.9)
        if elapsed > p90 {
            reasons.append(
                RiskReason(
                    code: "elapsed",
                    detail: "in transit \(elapsed) working days; 90% of parcels on this \(level) arrive within \(p90)"))
        }
        var remaining =
            DayDistribution(cdf: laneCDF).remaining(atLeast: over) ?? .point(over, buckets: laneCDF.count)
        remaining = DayDistribution(probabilities: remaining.probabilities)
        let edd =
            milestoneEDD ?? cal.addingWorkingDays(remaining.quantile(model.metadata.defaultConfidence), to: shipDate)
        return finish(
            p, view: latest.view, floor: floor, state: state, edd: edd,
            promised: promised, today: today, reasons: reasons, level: level, shipments: shipments)
    }

    /// The risk asked at the order itself (a checkout, an order confirmation: nothing has happened yet), as
    /// the date answer states it: 1 − P(delivered by `promised`) under the order-time forecast the `edd` op
    /// gives, which the date map calibrates out of time. The risk views' own road (handling hazards, the hour
    /// before pickup, transit) learns from what happens while an order waits, and its line is fitted on
    /// questions asked over that wait, weighted by its length; at the order moment that line over-stated
    /// (Olist: a stated 0.37 was late 0.16 of the time, and the Brier score was worse than the base rate's).
    /// A promise beyond the support's last day keeps the tail bucket's share late: the support cannot back
    /// "on time" for it. Like a line's answer it stays ``RiskCalibration/clamp`` from 0 and 1.
    private func atOrder(
        route: Route, order: Instant, promised: CivilDate, today: CivilDate, state: ShipmentState, level: String,
        shipments: Double
    ) -> RiskAssessment {
        let forecast = forecast(route: route, orderTime: order, shipTime: nil, now: order)
        let edd = forecast.quantileDate(model.metadata.defaultConfidence)
        return finish(
            1 - forecast.probability(notAfter: promised), view: nil, state: state, edd: edd, promised: promised,
            today: today, reasons: [], level: level, shipments: shipments)
    }

    /// Calibrates the stated probability by its view (and keeps it at least `floor`'s calibrated value), then
    /// applies what needs no model: a passed promise, the reasons' last line, an EDD not before today.
    private func finish(
        _ stated: Double, view: RiskCalibration.View?, floor: (stated: Double, view: RiskCalibration.View)? = nil,
        state: ShipmentState, edd: CivilDate, promised: CivilDate, today: CivilDate, reasons: [RiskReason],
        level: String, shipments: Double
    ) -> RiskAssessment {
        var reasons = reasons
        let stated = min(1, max(0, stated))
        let calibration = model.riskCalibration
        // With no line, kept as far from certainty as a line keeps it (``RiskCalibration/clamp``).
        var p =
            view.map { calibration.apply(stated, view: $0) }
            ?? min(max(stated, RiskCalibration.clamp), 1 - RiskCalibration.clamp)
        if let floor { p = max(p, calibration.apply(min(1, max(0, floor.stated)), view: floor.view)) }
        if today > promised {
            p = 1
            reasons.insert(
                RiskReason(code: "promise_passed", detail: "the promised date \(promised) has passed"), at: 0)
        }
        reasons.append(
            RiskReason(
                code: "lane_history",
                detail: "based on \(Int(shipments.rounded())) recent shipments at the \(level) level"))
        // An undelivered parcel arrives today at the earliest.
        return RiskAssessment(
            pLate: p, state: state, edd: max(edd, today), reasons: reasons, view: view, stated: stated)
    }

    /// The working days from `start` (day 0) to `today` that are over for a parcel still waiting: the days
    /// up to today's working-day count (``BusinessCalendar/workingDays(from:to:)``), today's own not yet; but
    /// on a day the carrier does not work, the working day that count ends on is over too (a parcel not
    /// delivered, or not picked up, by a Saturday was not on the Friday), so it is one more. Counting it
    /// still possible understated a weekend's or holiday's risk by the chance of that day.
    static func daysOver(from start: CivilDate, to today: CivilDate, calendar: BusinessCalendar) -> Int {
        let n = max(0, calendar.workingDays(from: start, to: today))
        return today > start && !calendar.isWorkingDay(today) ? n + 1 : n
    }

    /// The state implied by time-ordered scans (no delivery or return among them).
    static func state(of scans: [TimelineEvent]) -> ShipmentState {
        guard let last = scans.last(where: { $0.code.isCarrierScan }) else {
            return scans.contains { $0.code == .canceled } ? .canceled : .notPickedUp
        }
        switch last.code {
        case .exception: return .exception
        case .outForDelivery: return .outForDelivery
        default: return .inTransit
        }
    }
}

extension DayDistribution {
    /// The distribution with the given CDF.
    init(cdf: [Double]) {
        var p = [Double](repeating: 0, count: cdf.count)
        var previous = 0.0
        for (k, c) in cdf.enumerated() {
            p[k] = max(0, c - previous)
            previous = max(previous, c)
        }
        self.init(probabilities: p)
    }

    /// The distribution of D given D ≥ `days` (still in the same day coordinates).
    func remaining(atLeast days: Int) -> DayDistribution? {
        guard days > 0 else { return self }
        guard days < probabilities.count else { return nil }
        var p = probabilities
        for k in 0..<days { p[k] = 0 }
        guard p.reduce(0, +) > 1e-12 else { return nil }
        return DayDistribution(probabilities: p)
    }
}
