import EDDCore

/// The generator's precomputed tables: every place's zone rules and CSV bytes, and per lane (warehouse ×
/// destination) its distance zone, the services offered and the hubs a parcel passes.
struct SyntheticWorld: Sendable {
    /// A place a scan can happen at.
    struct Site: Sendable {
        let postal: [UInt8]
        let state: String
        let zone: ZoneRules
    }

    /// One warehouse → destination pair.
    struct Lane: Sendable {
        let zone: Int
        /// Cumulative service weights over ``SyntheticService/all`` (0-weight entries for services not offered).
        let serviceWeights: [Double]
        /// The hub between origin and destination for zones 5+ (else the destination hub).
        let middleHub: Int
        /// The hub nearest the destination.
        let destinationHub: Int
    }

    let warehouses = SyntheticWarehouse.all
    let services = SyntheticService.all
    let destinations = SyntheticPlaces.destinations
    /// Warehouses, then hubs, then destinations.
    let sites: [Site]
    let lanes: [Lane]
    let warehouseWeights: [Double]
    let serviceCalendars: [BusinessCalendar]
    let warehouseCalendars: [BusinessCalendar]

    var hubBase: Int { warehouses.count }
    var destinationBase: Int { warehouses.count + SyntheticWarehouse.hubs.count }

    /// Builds the tables.
    /// - Throws: ``SyntheticError`` when the system's time-zone database lacks a zone.
    init() throws {
        // Zones come from the same ZIP3 → state → zone tables the trainer uses, so both agree on local dates.
        func site(_ postal: String, _ state: String) throws -> Site {
            let id = Geography.resolve(Place(country: "US", postal: postal, region: state)).zoneIdentifier
            guard let zone = ZoneRules.named(id) else {
                throw SyntheticError(.missingTimeZone, "the time-zone database has no zone \(id)")
            }
            return Site(postal: Array(postal.utf8), state: state, zone: zone)
        }
        let hubs = SyntheticWarehouse.hubs
        sites =
            try warehouses.map { try site($0.postal, $0.state) } + hubs.map { try site($0.postal, $0.state) }
            + destinations.map { try site($0.postal, $0.state) }
        warehouseWeights = warehouses.map(\.weight).cumulativeSums()
        serviceCalendars = services.map(\.calendar)
        warehouseCalendars = warehouses.map(\.calendar)

        var lanes: [Lane] = []
        lanes.reserveCapacity(warehouses.count * destinations.count)
        let base = warehouses.count
        for w in warehouses {
            for d in destinations {
                let zone = SyntheticTruth.zone(from: w.state, to: d.state)
                let weights = services.map { $0.serves(origin: w.id, destinationState: d.state) ? $0.weight : 0 }
                var destinationHub = 0
                var best = Double.infinity
                for (i, h) in hubs.enumerated() {
                    let miles = SyntheticPlaces.miles(h.state, d.state)
                    if miles < best {
                        best = miles
                        destinationHub = i
                    }
                }
                var middleHub = destinationHub
                if zone >= 5 {
                    best = Double.infinity
                    for (i, h) in hubs.enumerated()
                    where h.state != w.state && h.state != hubs[destinationHub].state {
                        let miles = SyntheticPlaces.miles(w.state, h.state) + SyntheticPlaces.miles(h.state, d.state)
                        if miles < best {
                            best = miles
                            middleHub = i
                        }
                    }
                }
                lanes.append(
                    Lane(
                        zone: zone, serviceWeights: weights.cumulativeSums(), middleHub: base + middleHub,
                        destinationHub: base + destinationHub))
            }
        }
        self.lanes = lanes
    }

    /// The lane of a warehouse index and a destination index.
    @inline(__always)
    func lane(_ warehouse: Int, _ destination: Int) -> Lane { lanes[warehouse * destinations.count + destination] }
}
