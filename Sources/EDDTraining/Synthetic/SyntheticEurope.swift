import EDDCore

/// The `eu` profile's world and its ground truth (documented in `TrainingData/README.md`).
///
/// Four warehouses (Kassel DE, Venlo NL, Poznań PL, Northampton GB) ship to 38 real postal codes in DE, FR,
/// GB, NL and PL. Each destination country is served mostly by a domestic carrier from the warehouse in that
/// country and partly by a cross-border one (`dpd`) from another, with longer transit; France has no
/// warehouse, so all of it is cross-border. Every carrier works the public holidays of the parcel's
/// destination country and region as the built-in rules give them (Bavaria's Epiphany, Alsace-Moselle's
/// St Stephen's Day, Scotland's 2 January…), with three planted departures from the rules for the closure
/// detector: `dhl` is also closed on 24 and 31 December everywhere in Germany, `evri` is closed on Maundy
/// Thursday (Easter − 3) in Great Britain, and `evri` works the Early May bank holiday. Every parcel is
/// delivered; the feed has no dirt.
public enum SyntheticEurope {
    /// A warehouse: its place and the holidays it keeps (its own country's and region's).
    public struct Warehouse: Sendable {
        public let id: String
        public let country: String
        public let postal: String
        public let region: String
    }

    /// A destination postal code with the region written in the feed (empty where the code names it).
    public struct Destination: Sendable {
        public let country: String
        public let postal: String
        public let region: String
    }

    /// A carrier service: the weekdays it works and its transit by (origin country, destination country).
    public struct Carrier: Sendable {
        public let carrier: String
        public let service: String
        public let weekdays: WeekdaySet
        /// Base transit in working days of the destination's calendar, by "origin>destination" country.
        public let base: [String: Int]
    }

    public static let warehouses: [Warehouse] = [
        Warehouse(id: "wh-kas-1", country: "DE", postal: "34123", region: "HE"),
        Warehouse(id: "wh-vnl-1", country: "NL", postal: "5928 AB", region: ""),
        Warehouse(id: "wh-poz-1", country: "PL", postal: "62-080", region: ""),
        Warehouse(id: "wh-nhm-1", country: "GB", postal: "NN4 7YE", region: ""),
    ]

    public static let destinations: [Destination] = [
        Destination(country: "DE", postal: "10115", region: "BE"),
        Destination(country: "DE", postal: "20095", region: "HH"),
        Destination(country: "DE", postal: "80331", region: "BY"),
        Destination(country: "DE", postal: "90402", region: "BY"),
        Destination(country: "DE", postal: "70173", region: "BW"),
        Destination(country: "DE", postal: "50667", region: "NW"),
        Destination(country: "DE", postal: "40213", region: "NW"),
        Destination(country: "DE", postal: "60311", region: "HE"),
        Destination(country: "DE", postal: "01067", region: "SN"),
        Destination(country: "DE", postal: "04109", region: "SN"),
        Destination(country: "DE", postal: "30159", region: "NI"),
        Destination(country: "DE", postal: "28195", region: "HB"),
        Destination(country: "FR", postal: "75001", region: ""),
        Destination(country: "FR", postal: "69001", region: ""),
        Destination(country: "FR", postal: "13001", region: ""),
        Destination(country: "FR", postal: "31000", region: ""),
        Destination(country: "FR", postal: "33000", region: ""),
        Destination(country: "FR", postal: "59000", region: ""),
        Destination(country: "FR", postal: "67000", region: ""),
        Destination(country: "FR", postal: "44000", region: ""),
        Destination(country: "GB", postal: "SW1A 1AA", region: ""),
        Destination(country: "GB", postal: "M1 1AE", region: ""),
        Destination(country: "GB", postal: "B1 1AA", region: ""),
        Destination(country: "GB", postal: "LS1 1UR", region: ""),
        Destination(country: "GB", postal: "EH1 1YZ", region: ""),
        Destination(country: "GB", postal: "G1 1XQ", region: ""),
        Destination(country: "GB", postal: "CF10 1AA", region: ""),
        Destination(country: "GB", postal: "BT1 1AA", region: ""),
        Destination(country: "NL", postal: "1012 AB", region: ""),
        Destination(country: "NL", postal: "3011 AA", region: ""),
        Destination(country: "NL", postal: "2511 BT", region: ""),
        Destination(country: "NL", postal: "3511 AA", region: ""),
        Destination(country: "NL", postal: "5611 AA", region: ""),
        Destination(country: "PL", postal: "00-950", region: ""),
        Destination(country: "PL", postal: "30-001", region: ""),
        Destination(country: "PL", postal: "50-001", region: ""),
        Destination(country: "PL", postal: "80-001", region: ""),
        Destination(country: "PL", postal: "61-001", region: ""),
    ]

    public static let carriers: [Carrier] = [
        Carrier(carrier: "dhl", service: "paket", weekdays: .mondayToSaturday, base: ["DE>DE": 1]),
        Carrier(carrier: "postnl", service: "pakket", weekdays: .mondayToSaturday, base: ["NL>NL": 1]),
        Carrier(carrier: "inpost", service: "kurier", weekdays: .mondayToFriday, base: ["PL>PL": 2]),
        Carrier(carrier: "evri", service: "standard", weekdays: .mondayToSaturday, base: ["GB>GB": 2]),
        Carrier(
            carrier: "dpd", service: "classic", weekdays: .mondayToFriday,
            base: ["NL>DE": 2, "DE>NL": 2, "DE>PL": 3, "DE>FR": 3, "NL>FR": 3, "NL>GB": 4]),
    ]

    /// Share of orders by destination country; within a country every postal code is equally likely.
    public static let countryShare: [(country: String, share: Double)] = [
        ("DE", 0.35), ("GB", 0.25), ("FR", 0.20), ("NL", 0.10), ("PL", 0.10),
    ]

    /// Who serves a destination country: (warehouse index, carrier index, share).
    public static let flows: [String: [(warehouse: Int, carrier: Int, share: Double)]] = [
        "DE": [(0, 0, 0.85), (1, 4, 0.15)],
        "NL": [(1, 1, 0.80), (0, 4, 0.20)],
        "PL": [(2, 2, 0.80), (0, 4, 0.20)],
        "GB": [(3, 3, 0.80), (1, 4, 0.20)],
        "FR": [(0, 4, 0.60), (1, 4, 0.40)],
    ]

    /// Handling at every warehouse, in its working days (Mon–Fri and its holidays): 0, 1, 2 or 3.
    public static let handling: [Double] = [0.55, 0.35, 0.08, 0.02]
    /// Orders at or after 14:00 warehouse time are handled from the next working day.
    public static let cutoffHour = 14
    /// Offsets −1, 0, +1, +2 working days around a lane's base (at least 1 day in all): median = base.
    public static let spread: [Double] = [0.08, 0.62, 0.22, 0.08]

    /// The planted closures the rules lack, by carrier and destination country, in a year.
    public static func plantedClosures(carrier: String, country: String, year: Int) -> [CivilDate] {
        switch (carrier, country) {
        case ("dhl", "DE"):
            return [CivilDate(year: year, month: 12, day: 24)!, CivilDate(year: year, month: 12, day: 31)!]
        case ("evri", "GB"): return [HolidayRules.easterSunday(year: year).adding(days: -3)]
        default: return []
        }
    }

    /// The rule holidays a carrier works all the same, by name.
    public static func workedHolidays(carrier: String, country: String) -> Set<String> {
        carrier == "evri" && country == "GB" ? ["Early May Bank Holiday"] : []
    }

    /// The true calendar of a carrier delivering to a destination over the given years.
    static func calendar(_ carrier: Carrier, _ place: ResolvedPlace, years: ClosedRange<Int>) -> BusinessCalendar {
        let code = HolidayRegistry.regionalCode(country: place.country, region: place.region) ?? place.country
        let worked = workedHolidays(carrier: carrier.carrier, country: place.country)
        var openings = Set<CivilDate>()
        var closures = Set<CivilDate>()
        for y in years {
            closures.formUnion(plantedClosures(carrier: carrier.carrier, country: place.country, year: y))
            for h in HolidayRules.holidays(country: code, year: y) where worked.contains(h.name) {
                openings.insert(h.date)
            }
        }
        return BusinessCalendar(
            weekdays: carrier.weekdays, holidayCountry: code, closures: closures, openings: openings)
    }

    /// The median transit of a carrier between two countries (the truth a lane's median is checked against).
    public static func medianTransit(carrier: String, from origin: String, to destination: String) -> Int? {
        carriers.first { $0.carrier == carrier }?.base[origin + ">" + destination]
    }

    /// Writes `configuration.shipments` shipments as CSV (header first) into `sink`.
    static func run(_ c: SyntheticConfiguration, sink: ([UInt8]) throws -> Void) throws -> SyntheticStats {
        var stats = SyntheticStats()
        var rng = SyntheticRandom(seed: c.seed)
        var writer = SyntheticCSVWriter(capacity: 1 << 20)
        writer.bytes.append(contentsOf: SyntheticCSVWriter.header)
        let years = c.start.year...(c.start.adding(days: c.days + 60).year)
        func zone(_ place: ResolvedPlace) throws -> ZoneRules {
            guard let z = ZoneRules.named(place.zoneIdentifier) else {
                throw SyntheticError(.missingTimeZone, "the time-zone database has no zone \(place.zoneIdentifier)")
            }
            return z
        }
        let origins = warehouses.map {
            Geography.resolve(Place(country: $0.country, postal: $0.postal, region: $0.region))
        }
        let originZones = try origins.map(zone)
        let originCalendars = origins.map { o in
            BusinessCalendar(
                weekdays: .mondayToFriday,
                holidayCountry: HolidayRegistry.regionalCode(country: o.country, region: o.region) ?? o.country,
                cutoffSecondOfDay: cutoffHour * 3600)
        }
        let places = destinations.map {
            Geography.resolve(Place(country: $0.country, postal: $0.postal, region: $0.region))
        }
        let destinationZones = try places.map(zone)
        // Each carrier's true calendar at each destination.
        let calendars = carriers.map { carrier in places.map { calendar(carrier, $0, years: years) } }
        let byCountry = Dictionary(grouping: destinations.indices, by: { destinations[$0].country })
        let countryWeights = countryShare.map(\.share).cumulativeSums()
        let flowWeights = flows.mapValues { $0.map(\.share).cumulativeSums() }
        let handlingWeights = handling.cumulativeSums()
        let spreadWeights = spread.cumulativeSums()
        let hourWeights = SyntheticTruth.hourlyVolume.cumulativeSums()
        let weights = (0..<c.days).map { SyntheticTruth.weekdayVolume[c.start.adding(days: $0).weekday] }
        for (dayIndex, count) in SyntheticGenerator.largestRemainder(weights, total: c.shipments).enumerated() {
            let orderDate = c.start.adding(days: dayIndex)
            for _ in 0..<count {
                stats.shipments += 1
                let country = countryShare[rng.pick(cumulative: countryWeights)].country
                let choices = byCountry[country]!
                let d = choices[rng.below(choices.count)]
                let flow = flows[country]![rng.pick(cumulative: flowWeights[country]!)]
                let w = flow.warehouse
                let carrier = carriers[flow.carrier]
                let carrierCalendar = calendars[flow.carrier][d]
                let warehouseCalendar = originCalendars[w]
                let orderSecond = rng.pick(cumulative: hourWeights) * 3600 + rng.below(3600)
                let ordered = originZones[w].instant(of: orderDate, secondOfDay: orderSecond)
                let start = warehouseCalendar.handlingStartDate(order: ordered, zone: originZones[w])
                let shipDate = warehouseCalendar.addingWorkingDays(rng.pick(cumulative: handlingWeights), to: start)
                // The carrier collects on the warehouse's ship date or its own next working day.
                let pickupDate = carrierCalendar.nextWorkingDay(onOrAfter: shipDate)
                let base = carrier.base[warehouses[w].country + ">" + country]!
                let transit = max(1, base - 1 + rng.pick(cumulative: spreadWeights))
                let deliveryDate = carrierCalendar.addingWorkingDays(transit, to: pickupDate)
                let pickedUp = originZones[w].instant(
                    of: pickupDate, secondOfDay: 16 * 3600 + rng.below(3 * 3600 + 1800))
                let delivered = destinationZones[d].instant(
                    of: deliveryDate, secondOfDay: 10 * 3600 + rng.below(9 * 3600 + 1800))
                let promised = orderDate.adding(days: base + 3)
                var promisedBytes: [UInt8] = []
                SyntheticFreight.appendDate(&promisedBytes, promised)
                promisedBytes.append(10)
                var prefix: [UInt8] = Array("EU".utf8)
                SyntheticCSVWriter.digits(&prefix, stats.shipments % 100_000_000, 8)
                let destination = destinations[d]
                let warehouse = warehouses[w]
                for field in [
                    carrier.carrier, carrier.service, warehouse.country, warehouse.postal, warehouse.region,
                    destination.country, destination.postal, destination.region, warehouse.id,
                ] {
                    prefix.append(UInt8(ascii: ","))
                    prefix.append(contentsOf: field.utf8)
                }
                prefix.append(UInt8(ascii: ","))
                let events: [(EventCode, Instant, ZoneRules, [UInt8]?)] = [
                    (.orderPlaced, ordered, originZones[w], nil),
                    (.pickedUp, pickedUp, originZones[w], Array(warehouse.postal.utf8)),
                    (.delivered, delivered, destinationZones[d], Array(destination.postal.utf8)),
                ]
                for (event, instant, zone, postal) in events {
                    writer.appendRow(
                        prefix: prefix, event: event, instant: instant, utcOffset: zone.utcOffset(at: instant),
                        postal: postal, promised: promisedBytes)
                }
                stats.countDelivered(scans: events.count)
                try writer.drain(into: sink)
            }
        }
        try writer.drain(into: sink, atLeast: 1)
        return stats
    }
}
