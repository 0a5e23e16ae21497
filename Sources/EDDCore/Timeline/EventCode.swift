/// A normalised tracking event (DATA.md's event codes).
public enum EventCode: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case orderPlaced, labelCreated, pickedUp, inTransit, arrivedAtFacility, departedFacility, outForDelivery
    case deliveryAttempted, exception, delivered, returnedToSender, canceled

    /// The wire/CSV spelling, e.g. `PICKED_UP`.
    public var code: String {
        switch self {
        case .orderPlaced: "ORDER_PLACED"
        case .labelCreated: "LABEL_CREATED"
        case .pickedUp: "PICKED_UP"
        case .inTransit: "IN_TRANSIT"
        case .arrivedAtFacility: "ARRIVED_AT_FACILITY"
        case .departedFacility: "DEPARTED_FACILITY"
        case .outForDelivery: "OUT_FOR_DELIVERY"
        case .deliveryAttempted: "DELIVERY_ATTEMPTED"
        case .exception: "EXCEPTION"
        case .delivered: "DELIVERED"
        case .returnedToSender: "RETURNED_TO_SENDER"
        case .canceled: "CANCELED"
        }
    }

    public var description: String { code }

    /// Whether the event is a scan by the carrier (the parcel is physically moving or being handled),
    /// as opposed to a merchant-side event (order placed, label created, canceled).
    public var isCarrierScan: Bool {
        switch self {
        case .orderPlaced, .labelCreated, .canceled: false
        default: true
        }
    }

    /// Parses a code case-insensitively (`picked_up`, `Picked_Up`), or returns nil.
    public init?(code: some StringProtocol) {
        let upper = code.uppercased()
        guard let match = EventCode.allCases.first(where: { $0.code == upper }) else { return nil }
        self = match
    }
}
