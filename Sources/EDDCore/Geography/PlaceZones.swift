/// The time zones of places, each place resolved once: a pass over many shipments that needs a place's zone
/// per shipment would spend more on resolving it than on what it counts.
package struct PlaceZones: Sendable {
    private var zones: [Place: ZoneRules] = [:]

    package init() {}

    /// The zone of `place` (``Geography/resolve(_:)``, then ``Geography/zone(for:)``).
    package mutating func zone(of place: Place) -> ZoneRules {
        if let known = zones[place] { return known }
        let zone = Geography.zone(for: Geography.resolve(place))
        zones[place] = zone
        return zone
    }
}
