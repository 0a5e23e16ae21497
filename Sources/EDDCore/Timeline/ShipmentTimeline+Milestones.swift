extension ShipmentTimeline {
    /// Recomputes the milestones (order, ship, delivery, return and cancel times, exception and attempt
    /// counts) from `events`, which must already be sorted by time and then event code.
    ///
    /// - Parameter cutoff: the instant the data stops (the as-of instant); a shipment neither delivered,
    ///   returned nor canceled gets `censoredAt = cutoff`.
    public mutating func deriveMilestones(cutoff: Instant?) {
        orderTime = nil
        shipTime = nil
        deliveryTime = nil
        returnTime = nil
        cancelTime = nil
        exceptionCount = 0
        attemptCount = 0
        for e in events {
            switch e.code {
            case .orderPlaced: if orderTime == nil { orderTime = e.time }
            case .delivered: if deliveryTime == nil { deliveryTime = e.time }
            case .returnedToSender: if returnTime == nil { returnTime = e.time }
            case .canceled: if cancelTime == nil { cancelTime = e.time }
            case .exception: exceptionCount += 1
            case .deliveryAttempted: attemptCount += 1
            default: break
            }
            // The earliest carrier scan is the ship time: a movement scan stands in for a missing pickup.
            if shipTime == nil && e.code.isCarrierScan { shipTime = e.time }
        }
        let closed = deliveryTime != nil || returnTime != nil || cancelTime != nil
        censoredAt = closed ? nil : cutoff
    }

    /// The shipment as it was known just before `t`: events at or after `t` are removed, the milestones
    /// recomputed, and a shipment then still open is censored at `t`.
    ///
    /// - Returns: nil when no event happened before `t` (the shipment did not exist yet).
    public func asOf(_ t: Instant) -> ShipmentTimeline? {
        let visible = events.prefix(while: { $0.time < t })
        guard !visible.isEmpty else { return nil }
        var copy = self
        copy.events = Array(visible)
        copy.deriveMilestones(cutoff: t)
        return copy
    }

    /// Where the shipment stands at `t`, counting every event stamped at or before `t`.
    ///
    /// Delivered, returned or canceled once that happened (the latest of them when several did); otherwise
    /// not picked up before any carrier scan, else from the latest scan: exception, out for delivery, or
    /// in transit.
    public func state(at t: Instant) -> ShipmentState {
        var terminal: (time: Instant, state: ShipmentState)?
        for (time, state) in [
            (cancelTime, ShipmentState.canceled), (deliveryTime, .delivered), (returnTime, .returned),
        ] {
            if let time, time <= t, terminal.map({ time >= $0.time }) ?? true { terminal = (time, state) }
        }
        if let terminal { return terminal.state }
        guard let shipTime, shipTime <= t else { return .notPickedUp }
        guard let latest = events.last(where: { $0.time <= t && $0.code.isCarrierScan }) else { return .inTransit }
        switch latest.code {
        case .exception: return .exception
        case .outForDelivery: return .outForDelivery
        default: return .inTransit
        }
    }
}
