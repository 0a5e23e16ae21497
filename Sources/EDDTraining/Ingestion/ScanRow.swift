import EDDCore

/// One scan as written to a scan CSV file (DATA.md's columns).
public struct ScanRow: Sendable, Equatable {
    public var shipmentId: String
    public var carrier: String
    public var service: String
    public var origin: Place
    public var destination: Place
    public var event: EventCode
    public var time: Instant
    /// The UTC offset (seconds) to write the time with.
    public var utcOffset: Int
    /// Where the scan happened, when known.
    public var eventPostal: String?
    /// The date promised to the customer, when known.
    public var promisedDate: CivilDate?

    public init(
        shipmentId: String, carrier: String, service: String, origin: Place, destination: Place,
        event: EventCode, time: Instant, utcOffset: Int = 0, eventPostal: String? = nil,
        promisedDate: CivilDate? = nil
    ) {
        self.shipmentId = shipmentId
        self.carrier = carrier
        self.service = service
        self.origin = origin
        self.destination = destination
        self.event = event
        self.time = time
        self.utcOffset = utcOffset
        self.eventPostal = eventPostal
        self.promisedDate = promisedDate
    }
}
