import EDDCore

/// One event of a synthetic shipment, before it is written as a CSV row.
struct SyntheticScan: Sendable {
    var event: EventCode
    var instant: Instant
    /// Index into ``SyntheticWorld/sites``: where the scan happened (its local offset).
    var site: Int
    /// Whether `event_postal` is written (merchant events leave it empty).
    var writesPostal: Bool
}

/// One generated shipment: who ships what to where, and its true events in time order.
struct SyntheticShipment: Sendable {
    var warehouse = 0
    var destination = 0
    var service = 0
    var promised = CivilDate(dayNumber: 0)
    var scans: [SyntheticScan] = []
}

/// Draws the true timeline of a shipment (see ``SyntheticTruth`` for the model it follows).
struct SyntheticPlanner {
    let world: SyntheticWorld
    let rates: SyntheticTruth.Rates
    let disruptions: [SyntheticTruth.Disruption]
    private let hourWeights = SyntheticTruth.hourlyVolume.cumulativeSums()
    private let handlingWeights: [[Double]]
    private let transitWeights: [[[Double]]]

    init(world: SyntheticWorld, rates: SyntheticTruth.Rates, start: CivilDate) {
        self.world = world
        self.rates = rates
        self.disruptions = SyntheticTruth.disruptions(start: start)
        handlingWeights = world.warehouses.map { $0.handling.cumulativeSums() }
        transitWeights = world.services.map { s in (0...8).map { s.transitDistribution(zone: $0).cumulativeSums() } }
    }

    /// A random local time on `date` at `site`, between two local hours (fractions allowed).
    @inline(__always)
    private func time(
        _ date: CivilDate, _ site: Int, _ from: Double, _ to: Double, _ rng: inout SyntheticRandom
    ) -> Instant {
        let second = Int(from * 3600) + rng.below(Int((to - from) * 3600))
        return world.sites[site].zone.instant(of: date, secondOfDay: second)
    }

    /// Fills `s` with a shipment ordered on `orderDate` (warehouse local).
    mutating func plan(
        orderDate: CivilDate, into s: inout SyntheticShipment, rng: inout SyntheticRandom, stats: inout SyntheticStats
    ) {
        s.scans.removeAll(keepingCapacity: true)
        let w = rng.pick(cumulative: world.warehouseWeights)
        let d = rng.below(world.destinations.count)
        let lane = world.lane(w, d)
        let v = rng.pick(cumulative: lane.serviceWeights)
        let warehouse = world.warehouses[w]
        let service = world.services[v]
        let carrierCalendar = world.serviceCalendars[v]
        let warehouseCalendar = world.warehouseCalendars[w]
        let destinationSite = world.destinationBase + d
        let destinationState = world.destinations[d].state
        s.warehouse = w
        s.destination = d
        s.service = v
        s.promised = orderDate.adding(days: service.nominalDays)

        let orderSecond = rng.pick(cumulative: hourWeights) * 3600 + rng.below(3600)
        let ordered = world.sites[w].zone.instant(of: orderDate, secondOfDay: orderSecond)
        s.scans.append(SyntheticScan(event: .orderPlaced, instant: ordered, site: w, writesPostal: false))

        if rng.chance(rates.canceled) {
            stats.canceled += 1
            if rng.chance(0.5) {
                let label = ordered.adding(seconds: Int64(300 + rng.below(5400)))
                s.scans.append(SyntheticScan(event: .labelCreated, instant: label, site: w, writesPostal: true))
            }
            let canceled = ordered.adding(seconds: Int64(6000 + rng.below(68_400)))
            s.scans.append(SyntheticScan(event: .canceled, instant: canceled, site: w, writesPostal: false))
            return
        }

        // Handling: the cut-off and the warehouse's calendar decide the first handling day.
        let beforeCutoff = orderSecond < warehouse.cutoffHour * 3600
        let handlingStart =
            warehouseCalendar.isWorkingDay(orderDate) && beforeCutoff
            ? orderDate : warehouseCalendar.nextWorkingDay(onOrAfter: orderDate.adding(days: 1))
        let handling = rng.pick(cumulative: handlingWeights[w])
        let shipDate = warehouseCalendar.addingWorkingDays(handling, to: handlingStart)
        let pickupDate = carrierCalendar.nextWorkingDay(onOrAfter: shipDate)
        let label =
            pickupDate == orderDate
            ? ordered.adding(seconds: Int64(300 + rng.below(3300))) : time(pickupDate, w, 7, 12, &rng)
        s.scans.append(SyntheticScan(event: .labelCreated, instant: label, site: w, writesPostal: true))
        let pickup = time(pickupDate, w, 16, 19.5, &rng)
        s.scans.append(SyntheticScan(event: .pickedUp, instant: pickup, site: w, writesPostal: true))
        let departed = pickup.adding(seconds: Int64(3600 + rng.below(7200)))
        s.scans.append(SyntheticScan(event: .departedFacility, instant: departed, site: w, writesPostal: true))

        // Transit in carrier working days, then the delays on top.
        var transit = rng.pick(cumulative: transitWeights[v][lane.zone])
        if SyntheticTruth.isPeak(pickupDate), rng.chance(rates.peakExtraDay) {
            transit += 1
            stats.peakDelayed += 1
        }
        let fate = rng.unit()
        let lost = fate < rates.lost
        let returned = !lost && fate < rates.lost + rates.returned
        let attempted = !lost && !returned && fate < rates.lost + rates.returned + rates.attempted
        var exceptionDays = 0
        if rng.chance(rates.exception) {
            exceptionDays = rng.chance(0.6) ? 1 : 2
            transit += exceptionDays
            stats.exceptions += 1
        }
        var due = carrierCalendar.addingWorkingDays(transit, to: pickupDate)
        let closedOn: CivilDate? = isClosed(destinationState, due) ? due : nil
        while isClosed(destinationState, due) { due = carrierCalendar.addingWorkingDays(1, to: due) }

        // Facility scans on the days in between.
        let middle = lane.middleHub
        let hub = lane.destinationHub
        var day = pickupDate.adding(days: 1)
        var inBetween = 0
        while day < due, inBetween < 4 {
            if inBetween == 0, lane.zone >= 5 {
                let arrived = time(day, middle, 3, 8, &rng)
                s.scans.append(
                    SyntheticScan(event: .arrivedAtFacility, instant: arrived, site: middle, writesPostal: true))
                let left = arrived.adding(seconds: Int64(10_800 + rng.below(18_000)))
                s.scans.append(SyntheticScan(event: .departedFacility, instant: left, site: middle, writesPostal: true))
            } else {
                let at = rng.chance(0.5) ? middle : hub
                let scanned = time(day, at, 6, 22, &rng)
                s.scans.append(SyntheticScan(event: .inTransit, instant: scanned, site: at, writesPostal: true))
            }
            if inBetween == 0, exceptionDays > 0 {
                let held = time(day, middle, 9, 15, &rng)
                s.scans.append(SyntheticScan(event: .exception, instant: held, site: middle, writesPostal: true))
            }
            day = day.adding(days: 1)
            inBetween += 1
        }
        if let closedOn {
            stats.weatherDelayed += 1
            let held = time(closedOn, hub, 8, 12, &rng)
            s.scans.append(SyntheticScan(event: .exception, instant: held, site: hub, writesPostal: true))
        }
        let arrived = time(due, hub, 2, 5.5, &rng)
        s.scans.append(SyntheticScan(event: .arrivedAtFacility, instant: arrived, site: hub, writesPostal: true))

        if lost {
            stats.lost += 1
            // Scans stop somewhere after the departure from the origin.
            let keep = 4 + rng.below(s.scans.count - 3)
            s.scans.removeLast(s.scans.count - keep)
        } else if returned {
            stats.returned += 1
            let refused = time(due, hub, 8, 12, &rng)
            s.scans.append(SyntheticScan(event: .exception, instant: refused, site: hub, writesPostal: true))
            let back = carrierCalendar.addingWorkingDays(1 + rng.below(3), to: due)
            let sent = time(back, hub, 9, 17, &rng)
            s.scans.append(SyntheticScan(event: .returnedToSender, instant: sent, site: hub, writesPostal: true))
        } else {
            var deliveryDate = due
            if attempted {
                stats.attempted += 1
                s.scans.append(outForDelivery(due, destinationSite, &rng))
                let tried = time(due, destinationSite, 10, 19.5, &rng)
                s.scans.append(
                    SyntheticScan(event: .deliveryAttempted, instant: tried, site: destinationSite, writesPostal: true))
                deliveryDate = carrierCalendar.addingWorkingDays(1, to: due)
                while isClosed(destinationState, deliveryDate) {
                    deliveryDate = carrierCalendar.addingWorkingDays(1, to: deliveryDate)
                }
            }
            stats.delivered += 1
            s.scans.append(outForDelivery(deliveryDate, destinationSite, &rng))
            let delivered = time(deliveryDate, destinationSite, 10, 19.5, &rng)
            s.scans.append(
                SyntheticScan(event: .delivered, instant: delivered, site: destinationSite, writesPostal: true))
        }
        // Windows overlap across zones (a hub's early morning can precede a late departure elsewhere).
        s.scans.sort { $0.instant < $1.instant }
    }

    /// Whether a regional closure stops deliveries in the state on the date.
    private func isClosed(_ state: String, _ date: CivilDate) -> Bool {
        disruptions.contains { $0.closes(state, on: date) }
    }

    private func outForDelivery(_ date: CivilDate, _ site: Int, _ rng: inout SyntheticRandom) -> SyntheticScan {
        SyntheticScan(event: .outForDelivery, instant: time(date, site, 7, 9.5, &rng), site: site, writesPostal: true)
    }
}
