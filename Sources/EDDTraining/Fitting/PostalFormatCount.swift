import EDDCore

/// Shipments whose origin or destination postal code does not fit its country's format
/// (``Geography/postalFitsFormat(_:)``), counted for the fit summary. Counts add when parts of a feed merge.
struct PostalFormatCount: Sendable {
    var shipments = 0

    init(_ timelines: [ShipmentTimeline]) {
        for t in timelines { add(t) }
    }

    mutating func add(_ t: ShipmentTimeline) {
        if Geography.postalFitsFormat(t.origin) == false || Geography.postalFitsFormat(t.destination) == false {
            shipments += 1
        }
    }
}
