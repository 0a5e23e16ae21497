/// One scan of a shipment after normalisation.
public struct TimelineEvent: Hashable, Sendable {
    public var code: EventCode
    public var time: Instant
    /// The UTC offset (seconds) the scan's timestamp was written with.
    public var utcOffset: Int32
    /// Where the scan happened, when known.
    public var postal: String?

    public init(code: EventCode, time: Instant, utcOffset: Int32 = 0, postal: String? = nil) {
        self.code = code
        self.time = time
        self.utcOffset = utcOffset
        self.postal = postal
    }
}

/// Everything known about one shipment: its lane and its scans in time order, with the derived milestones.
///
/// Built by ingestion (grouped by `shipment_id`, sorted, exact duplicates dropped). When built as of an
/// instant T, no event at or after T is present, and an undelivered shipment has `censoredAt == T`.
public struct ShipmentTimeline: Sendable {
    public var id: String
    /// Lower-case carrier, e.g. `ups`.
    public var carrier: String
    /// Lower-case service, e.g. `ground`.
    public var service: String
    public var origin: Place
    public var destination: Place
    /// The date promised to the customer, kept for scoring only (never a training input).
    public var promisedDate: CivilDate?
    /// Scans sorted by time (ties by event code), exact duplicates removed.
    public var events: [TimelineEvent]
    /// First ORDER_PLACED.
    public var orderTime: Instant?
    /// First carrier scan (PICKED_UP, or the first movement scan standing in for a missing one).
    public var shipTime: Instant?
    /// First DELIVERED.
    public var deliveryTime: Instant?
    /// First RETURNED_TO_SENDER.
    public var returnTime: Instant?
    /// First CANCELED.
    public var cancelTime: Instant?
    /// Number of EXCEPTION scans.
    public var exceptionCount: Int
    /// Number of DELIVERY_ATTEMPTED scans.
    public var attemptCount: Int
    /// The as-of instant when the shipment was still undelivered (and not returned or canceled) then.
    public var censoredAt: Instant?

    public init(
        id: String, carrier: String, service: String, origin: Place, destination: Place,
        promisedDate: CivilDate? = nil, events: [TimelineEvent] = [], orderTime: Instant? = nil,
        shipTime: Instant? = nil, deliveryTime: Instant? = nil, returnTime: Instant? = nil,
        cancelTime: Instant? = nil, exceptionCount: Int = 0, attemptCount: Int = 0, censoredAt: Instant? = nil
    ) {
        self.id = id
        self.carrier = carrier
        self.service = service
        self.origin = origin
        self.destination = destination
        self.promisedDate = promisedDate
        self.events = events
        self.orderTime = orderTime
        self.shipTime = shipTime
        self.deliveryTime = deliveryTime
        self.returnTime = returnTime
        self.cancelTime = cancelTime
        self.exceptionCount = exceptionCount
        self.attemptCount = attemptCount
        self.censoredAt = censoredAt
    }
}
