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

    /// Levels of the milestone hierarchy: carrier, service and milestone → carrier and milestone →
    /// milestone → global. A carrier's services differ after a milestone as they do from the hand-off (a
    /// two-day parcel in transit has less left than a ground one), so the service comes first.
    public static let levels = ["service_milestone", "carrier_milestone", "milestone", "global"]

    /// The levels before model format 10, which had no service level.
    public static let levelsBeforeServices = Array(levels.dropFirst())

    /// The key chain of a milestone for a carrier's service (no service-level key without a service).
    public func chain(carrier: String, service: String?) -> [String?] {
        [service.map { carrier + "|" + $0 + "|" + rawValue }, carrier + "|" + rawValue, rawValue, "*"]
    }
}
