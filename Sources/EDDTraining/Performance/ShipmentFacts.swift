import EDDCore

/// What the performance report needs of one shipment, worked out once from its timeline as of the cut-off.
struct ShipmentFacts {
    /// Where a shipment stands at the cut-off; every shipment has exactly one.
    enum Outcome: Int, CaseIterable {
        case delivered, open, lost, returned, canceled

        /// The snake_case name in report.json and the tables.
        var name: String {
            switch self {
            case .delivered: "delivered"
            case .open: "in_transit"
            case .lost: "lost"
            case .returned: "returned"
            case .canceled: "canceled"
            }
        }
    }

    /// How a shipment stands against its promised date, once the promise has passed.
    enum Promise {
        /// No promise, or it lies after the last fully observed day (not known yet), or the order was canceled.
        case unknown
        /// Delivered this many calendar days after the promise (negative: early); on time when ≤ 0.
        case delivered(daysLate: Int)
        /// Not delivered by the promised date (still in transit, lost or returned).
        case missed
    }

    /// The order's local date at the origin (the ship date's without an order time): decides the period.
    var reference: CivilDate
    var outcome: Outcome
    /// Order → first carrier scan.
    var handling: StageOutcome
    /// First carrier scan → delivery.
    var transit: StageOutcome
    /// Order → delivery.
    var total: StageOutcome
    /// Whether the parcel left on the day handling could start (the order's date, or the next working day
    /// for an order after the carrier's cut-off or on a day off); nil when not known yet or canceled.
    var sameDay: Bool?
    var promise: Promise
    var exception: Bool
    var attempted: Bool

    /// - Parameters:
    ///   - cutoff: the instant the data stops.
    ///   - calendar: the carrier's working days.
    ///   - originZone, destinationZone: where local dates are taken.
    ///   - lostAfter: working days after hand-off past which an undelivered parcel is lost.
    init?(
        _ t: ShipmentTimeline, cutoff: Instant, calendar: BusinessCalendar, originZone: ZoneRules,
        destinationZone: ZoneRules, lostAfter: Int
    ) {
        guard let referenceTime = t.orderTime ?? t.shipTime else { return nil }
        reference = originZone.localDate(of: referenceTime)
        // The last local day fully observed before the cut-off, where censored stages are measured to.
        let lastOriginDay = originZone.localDate(of: cutoff).adding(days: -1)
        let lastDestinationDay = destinationZone.localDate(of: cutoff).adding(days: -1)
        let orderDate = t.orderTime.map { originZone.localDate(of: $0) }
        let shipDate = t.shipTime.map { originZone.localDate(of: $0) }
        let deliveryDate = t.deliveryTime.map { destinationZone.localDate(of: $0) }
        func elapsed(_ from: CivilDate, _ to: CivilDate) -> Int { max(0, calendar.workingDays(from: from, to: to)) }

        if deliveryDate != nil {
            outcome = .delivered
        } else if t.returnTime != nil {
            outcome = .returned
        } else if t.cancelTime != nil {
            outcome = .canceled
        } else if let shipDate, elapsed(shipDate, lastDestinationDay) > lostAfter {
            outcome = .lost
        } else {
            outcome = .open
        }
        let gone = outcome == .returned || outcome == .lost || outcome == .canceled

        if let orderDate, let shipDate {
            handling = .completed(elapsed(orderDate, shipDate))
        } else if let orderDate {
            handling = outcome == .open ? .censored(elapsed(orderDate, lastOriginDay)) : .competing
        } else {
            handling = .unknown
        }
        func stage(_ start: CivilDate?) -> StageOutcome {
            guard let start else { return .unknown }
            if let deliveryDate { return .completed(elapsed(start, deliveryDate)) }
            return gone ? .competing : .censored(elapsed(start, lastDestinationDay))
        }
        transit = stage(shipDate)
        total = stage(orderDate)

        if let order = t.orderTime, outcome != .canceled || shipDate != nil {
            let start = calendar.handlingStartDate(order: order, zone: originZone)
            if let shipDate {
                sameDay = shipDate <= start
            } else {
                sameDay = lastOriginDay >= start ? false : nil
            }
        } else {
            sameDay = nil
        }

        if let promised = t.promisedDate, outcome != .canceled, promised <= lastDestinationDay {
            if let deliveryDate {
                promise = .delivered(daysLate: promised.days(to: deliveryDate))
            } else {
                promise = .missed
            }
        } else {
            promise = .unknown
        }
        // From the events too: a spilled read's timelines keep every scan but not the counts.
        exception = t.exceptionCount > 0 || t.events.contains { $0.code == .exception }
        attempted = t.attemptCount > 0 || t.events.contains { $0.code == .deliveryAttempted }
    }
}
