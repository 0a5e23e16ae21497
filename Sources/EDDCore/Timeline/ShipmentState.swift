/// Where a shipment stands at an instant (PROTOCOL.md's `state`).
public enum ShipmentState: String, Sendable, CaseIterable {
    case notPickedUp = "not_picked_up"
    case inTransit = "in_transit"
    case outForDelivery = "out_for_delivery"
    case exception = "exception"
    case delivered = "delivered"
    case returned = "returned"
    case canceled = "canceled"
}
