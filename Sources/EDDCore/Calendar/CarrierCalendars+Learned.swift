/// The dates a carrier's learned days close or open in one area, projected from their recurrence.
struct LearnedDates: Sendable, Equatable {
    var closures: Set<CivilDate> = []
    var openings: Set<CivilDate> = []
}

extension CarrierCalendars {
    /// The last year learned days are projected to: the end of the calendars' precomputed range.
    static let lastProjectedYear = 2209

    /// These calendars with `days` as their learned days (replacing any before), projected to dates for
    /// ``calendar(for:destination:)``: a closure closes its dates on top of the rules; an opening makes its
    /// holiday a working day for that carrier in that area.
    public func learning(_ days: [LearnedDay]) -> CarrierCalendars {
        var out = self
        out.learned = days
        out.learnedDates = [:]
        for day in days {
            let place = ResolvedPlace(country: day.country, region: day.region)
            let rules = ruleCalendar(for: day.carrier, destination: place)
            let dates = day.dates(through: Self.lastProjectedYear) { year in
                rules.holidayCountry.map { HolidayRules.holidays(country: $0, year: year) } ?? []
            }
            var entry = out.learnedDates[day.carrier, default: [:]][day.country, default: [:]][
                day.region ?? "", default: LearnedDates()]
            switch day.kind {
            case .closure: entry.closures.formUnion(dates)
            case .opening: entry.openings.formUnion(dates)
            }
            out.learnedDates[day.carrier, default: [:]][day.country, default: [:]][day.region ?? ""] = entry
        }
        return out
    }
}

extension LearnedDay {
    /// The region closures are learned and applied by for a destination: Great Britain's nation (`SCT`,
    /// `ENG`…, from the postcode area), else the region as resolved.
    public static func areaRegion(country: String, region: String?) -> String? {
        guard country == "GB", let code = HolidayRegistry.regionalCode(country: country, region: region) else {
            return region
        }
        return String(code.dropFirst(3))
    }

    /// The JSON form stored with the calendars in the model file's header.
    var jsonObject: [String: Any] {
        var o: [String: Any] = [
            "carrier": carrier, "country": country, "kind": kind.rawValue, "seen": seen.map(\.description),
            "observed": observed, "expected": expected,
        ]
        if let region { o["region"] = region }
        switch recurrence {
        case .once: o["recurs"] = "once"
        case .yearly(let m, let d):
            o["recurs"] = "yearly"
            o["month"] = m
            o["day"] = d
        case .easter(let offset):
            o["recurs"] = "easter"
            o["offset"] = offset
        case .holiday(let name):
            o["recurs"] = "holiday"
            o["holiday"] = name
        }
        return o
    }

    /// Reads the JSON form back.
    /// - Throws: ``ModelFileError`` for a malformed entry.
    init(jsonObject: Any) throws {
        func bad() -> ModelFileError { ModelFileError.malformed("model file has a malformed learned closure") }
        guard let o = jsonObject as? [String: Any], let carrier = o["carrier"] as? String,
            let country = o["country"] as? String, let kind = (o["kind"] as? String).flatMap(Kind.init(rawValue:)),
            let seenText = o["seen"] as? [String], let observed = o["observed"] as? Int,
            let expected = o["expected"] as? Double
        else { throw bad() }
        let seen = seenText.compactMap(CivilDate.init)
        guard seen.count == seenText.count, !seen.isEmpty else { throw bad() }
        let recurrence: Recurrence
        switch o["recurs"] as? String {
        case "once": recurrence = .once
        case "yearly":
            guard let m = o["month"] as? Int, let d = o["day"] as? Int, CivilDate(year: 2000, month: m, day: d) != nil
            else { throw bad() }
            recurrence = .yearly(month: m, day: d)
        case "easter":
            guard let offset = o["offset"] as? Int, abs(offset) <= 366 else { throw bad() }
            recurrence = .easter(offset: offset)
        case "holiday":
            guard let name = o["holiday"] as? String else { throw bad() }
            recurrence = .holiday(name: name)
        default: throw bad()
        }
        self.init(
            carrier: carrier, country: country, region: o["region"] as? String, kind: kind, recurrence: recurrence,
            seen: seen, observed: observed, expected: expected)
    }
}
