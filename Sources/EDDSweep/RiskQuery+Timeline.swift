import EDDCore
import EDDProtocol
import EDDTraining

extension EDDQuery {
    /// The `edd` request a client would send for a shipment of the feed, to learn the date the model itself
    /// would promise: ordered at its first ORDER_PLACED, else shipped at its first carrier scan, else ordered
    /// at its first event.
    ///
    /// - Parameter timeline: the shipment, with at least one event.
    public init(promiseFor timeline: ShipmentTimeline) {
        let order = timeline.events.first { $0.code == .orderPlaced }
        let ship = order == nil ? timeline.events.first { $0.code.isCarrierScan } : nil
        let fallback = order == nil && ship == nil ? timeline.events.first : nil
        self.init(
            carrier: timeline.carrier, service: timeline.service, origin: timeline.origin,
            destination: timeline.destination, orderTime: (order ?? fallback).map(\.timestamp),
            shipTime: ship.map(\.timestamp))
    }
}

extension RiskQuery {
    /// The `risk` request a client would send for a shipment of the feed at `now`.
    ///
    /// The shipment's lane, `order_time` from its first ORDER_PLACED (absent without one, as a client would
    /// leave it out), every scan stamped at or before `now` with its own offset and postal code, in time
    /// order, and `promised`.
    ///
    /// - Parameters:
    ///   - timeline: the shipment.
    ///   - promised: the feed's `promised_date`, or the model's own EDD when the feed has none.
    ///   - now: the instant of the sweep, written with the offset it was given in.
    ///   - threshold: `late` is `p_late ≥ threshold`.
    public init(timeline: ShipmentTimeline, promised: CivilDate, now: RFC3339.Timestamp, threshold: Double) {
        let order = timeline.events.first { $0.code == .orderPlaced }
        self.init(
            shipment: EDDQuery(
                carrier: timeline.carrier, service: timeline.service, origin: timeline.origin,
                destination: timeline.destination, orderTime: order?.timestamp),
            promised: promised, now: now, threshold: threshold,
            scans: timeline.events.lazy.filter { $0.time <= now.instant }.map {
                ScanInput(code: $0.code, time: $0.timestamp, postal: $0.postal)
            })
    }
}

extension TimelineEvent {
    /// The event's time as the feed wrote it (instant and offset).
    var timestamp: RFC3339.Timestamp { RFC3339.Timestamp(instant: time, utcOffset: Int(utcOffset)) }
}
