/// The kind of the last scan a parcel in transit has had, for the in-transit conditionals of the risk model.
public enum Milestone: String, Sendable, CaseIterable {
    case pickedUp = "picked_up"
    case inTransit = "in_transit"
    case outForDelivery = "out_for_delivery"
    case exception = "exception"
    case attempted = "attempted"

    /// The milestone a scan marks, or nil for scans that are not carrier movement (order, delivery, return…).
    public init?(_ code: EventCode) {
        switch code {
        case .pickedUp: self = .pickedUp
        case .inTransit, .arrivedAtFacility, .departedFacility: self = .inTransit
        case .outForDelivery: self = .outForDelivery
        case .exception: self = .exception
        case .deliveryAttempted: self = .attempted
        case .orderPlaced, .labelCreated, .delivered, .returnedToSender, .canceled: return nil
        }
    }

    /// Levels of the milestone hierarchy: carrier and milestone → milestone → global.
    public static let levels = ["carrier_milestone", "milestone", "global"]

    /// The key chain of a milestone for a carrier.
    public func chain(carrier: String) -> [String?] { [carrier + "|" + rawValue, rawValue, "*"] }
}
