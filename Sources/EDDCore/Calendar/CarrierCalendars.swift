import Foundation

/// The calendar of each carrier, with a default for carriers not named.
///
/// Carriers not configured are completed from the training data (``completed(from:)``): Mon–Fri, plus
/// Saturday when the carrier delivers on Saturdays at least half as often as on an average weekday (every day,
/// and no holidays, when it delivers on Sundays that often too), with the public holidays of the country it
/// mostly delivers to. The result travels in the model file, so the
/// daemon counts days exactly as training did.
public struct CarrierCalendars: Sendable, Equatable {
    /// Calendars by lower-case carrier name.
    public var carriers: [String: BusinessCalendar]
    /// The calendar of any other carrier.
    public var fallback: BusinessCalendar
    /// Whether `fallback` was configured (a `*` row): then it is every unnamed carrier's calendar, and none
    /// is inferred from the data.
    public var fallbackIsExplicit = false
    /// Carriers whose calendars were inferred from the data: they keep the public holidays of each parcel's
    /// destination country (and region), not only those of the country they mostly deliver to.
    public var followsDestination: Set<String> = []
    /// Closures and openings learned from the carriers' deliveries (``LearnedDay``), applied on top of the
    /// rules for their carrier and area (``learning(_:)``).
    public internal(set) var learned: [LearnedDay] = []
    /// `learned` projected to dates, by carrier, country and region ("" for the whole country).
    var learnedDates: [String: [String: [String: LearnedDates]]] = [:]

    public init(carriers: [String: BusinessCalendar] = [:], fallback: BusinessCalendar = .standard(country: "US")) {
        self.carriers = carriers
        self.fallback = fallback
    }

    /// The calendar a carrier works by.
    @inline(__always)
    public func calendar(for carrier: String) -> BusinessCalendar { carriers[carrier] ?? fallback }

    /// Adds calendars for carriers in the data that have none, from their deliveries' weekdays and countries.
    public func completed(from timelines: some Sequence<ShipmentTimeline>) -> CarrierCalendars {
        if fallbackIsExplicit { return self }
        var counts = CompletionCounts()
        for t in timelines where carriers[t.carrier] == nil { counts.add(t) }
        return completed(with: counts)
    }

    /// Applies closure dates to every calendar (or only to the carriers named with them).
    public func closing(_ closures: [(date: CivilDate, carrier: String?)]) -> CarrierCalendars {
        func apply(_ c: BusinessCalendar, _ name: String?) -> BusinessCalendar {
            let extra = closures.filter { $0.carrier == nil || $0.carrier == name }.map(\.date)
            guard !extra.isEmpty else { return c }
            return BusinessCalendar(
                weekdays: c.weekdays, holidayCountry: c.holidayCountry, closures: c.closures.union(extra),
                cutoffSecondOfDay: c.cutoffSecondOfDay)
        }
        var out = CarrierCalendars(
            carriers: Dictionary(uniqueKeysWithValues: carriers.map { ($0.key, apply($0.value, $0.key)) }),
            fallback: apply(fallback, nil))
        out.fallbackIsExplicit = fallbackIsExplicit
        out.followsDestination = followsDestination
        return out.learning(learned)
    }

    /// Reads a calendars file: CSV rows `carrier,working_days,holidays,cutoff` (`*` for the default carrier;
    /// working days `mon-fri`, `mon-sat`, `all` or e.g. `mon+wed+fri`; holidays a code ``HolidayRegistry``
    /// knows, e.g. `US`, `DE`, `DE-BY`, or empty; cut-off `HH:MM` or empty). `#` comments, blank lines and a
    /// header row are ignored.
    /// - Throws: ``CalendarSpecError`` naming the line of a malformed row or an unknown holiday calendar,
    ///   ``InputFileError`` for a missing file.
    public static func load(path: String) throws -> CarrierCalendars {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputFileError.cannotOpen(path) }
        var out = CarrierCalendars()
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.lowercased().hasPrefix("carrier,") { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard f.count >= 2, let weekdays = WeekdaySet(parsing: f[1]) else {
                throw CalendarSpecError(
                    .malformedRow, path: path, line: n + 1,
                    "expected carrier,working_days[,holidays[,cutoff]], got '\(line)'")
            }
            let holidays = f.count > 2 && !f[2].isEmpty ? f[2].uppercased() : nil
            if let holidays, !HolidayRegistry.isKnown(holidays) {
                throw CalendarSpecError(.unknownHolidays, path: path, line: n + 1, "unknown holiday calendar '\(f[2])'")
            }
            var cutoff: Int?
            if f.count > 3, !f[3].isEmpty {
                let hm = f[3].split(separator: ":").compactMap { Int($0) }
                guard hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]) else {
                    throw CalendarSpecError(.badCutoff, path: path, line: n + 1, "cut-off must be HH:MM, got '\(f[3])'")
                }
                cutoff = hm[0] * 3600 + hm[1] * 60
            }
            let calendar = BusinessCalendar(weekdays: weekdays, holidayCountry: holidays, cutoffSecondOfDay: cutoff)
            if f[0] == "*" {
                out.fallback = calendar
                out.fallbackIsExplicit = true
            } else {
                out.carriers[f[0].lowercased()] = calendar
            }
        }
        return out
    }

    /// Reads closure dates: rows `YYYY-MM-DD[,carrier]`, `#` comments, blank lines and a header ignored.
    public static func loadClosures(path: String) throws -> [(date: CivilDate, carrier: String?)] {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputFileError.cannotOpen(path) }
        var out: [(date: CivilDate, carrier: String?)] = []
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.lowercased().hasPrefix("date") { continue }
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let date = CivilDate(f[0]) else {
                throw CalendarSpecError(
                    .malformedRow, path: path, line: n + 1, "expected YYYY-MM-DD[,carrier], got '\(line)'")
            }
            out.append((date, f.count > 1 && !f[1].isEmpty ? f[1].lowercased() : nil))
        }
        return out
    }

    /// The JSON form written in the model file's header.
    var jsonObject: [String: Any] {
        func object(_ c: BusinessCalendar) -> [String: Any] {
            var o: [String: Any] = ["working_days": c.weekdays.text, "holidays": c.holidayCountry ?? ""]
            if let cut = c.cutoffSecondOfDay { o["cutoff_s"] = cut }
            if !c.closures.isEmpty { o["closures"] = c.closures.sorted().map(\.description) }
            return o
        }
        var out: [String: Any] = ["default": object(fallback), "carriers": carriers.mapValues(object)]
        if fallbackIsExplicit { out["default_explicit"] = true }
        if !followsDestination.isEmpty { out["follow_destination"] = followsDestination.sorted() }
        if !learned.isEmpty { out["learned"] = learned.map(\.jsonObject) }
        return out
    }

    /// Reads the JSON form back.
    init(jsonObject: Any?) throws {
        func calendar(_ any: Any?) throws -> BusinessCalendar {
            guard let o = any as? [String: Any],
                let wd = (o["working_days"] as? String).flatMap(WeekdaySet.init(parsing:))
            else { throw ModelFileError.malformed("model file has a malformed calendar") }
            let holidays = (o["holidays"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            if let holidays, !HolidayRegistry.isKnown(holidays) {
                throw ModelFileError.malformed("model file names an unknown holiday calendar '\(holidays)'")
            }
            let closures = Set(((o["closures"] as? [String]) ?? []).compactMap { CivilDate($0) })
            return BusinessCalendar(
                weekdays: wd, holidayCountry: holidays, closures: closures, cutoffSecondOfDay: o["cutoff_s"] as? Int)
        }
        guard let o = jsonObject as? [String: Any] else {
            throw ModelFileError.malformed("model file has no calendars")
        }
        self.fallback = try calendar(o["default"])
        self.carriers = try ((o["carriers"] as? [String: Any]) ?? [:]).mapValues(calendar)
        self.fallbackIsExplicit = (o["default_explicit"] as? Bool) ?? false
        self.followsDestination = Set((o["follow_destination"] as? [String]) ?? [])
        let learned = try ((o["learned"] as? [Any]) ?? []).map(LearnedDay.init(jsonObject:))
        self = learning(learned)
    }
}
