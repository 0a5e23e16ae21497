/// A day a carrier's own deliveries show it closed when its rules say open (a closure the rules lack), or
/// open when its rules say closed (a rule holiday the data contradicts), learned by `edd-train fit` and
/// stored in the model so the daemon counts the same working days.
///
/// The finding holds for one carrier in one area: a whole country (`region` nil) or one region of it.
/// What was seen is kept with the counts that decided it, so the fit summary and the model say why.
public struct LearnedDay: Sendable, Hashable {
    /// Closed against the rules, or open against them.
    public enum Kind: String, Sendable, Hashable {
        /// The carrier delivered far less than usual on a day its rules call a working day.
        case closure
        /// The carrier delivered as usual on a holiday of its rules.
        case opening
    }

    /// How the finding is projected beyond the dates it was seen on.
    public enum Recurrence: Sendable, Hashable {
        /// Seen in one year only: applied on the dates seen, never projected.
        case once
        /// Seen on the same month and day in two or more years: every year from the first seen.
        case yearly(month: Int, day: Int)
        /// Seen the same number of days from Easter Sunday in two or more years: every year from the first.
        case easter(offset: Int)
        /// A rule holiday the carrier worked: that holiday (by name) is worked every year from the first seen.
        case holiday(name: String)
    }

    /// Lower-case carrier name.
    public var carrier: String
    /// The destination country (ISO 3166-1, upper case).
    public var country: String
    /// The destination region as ``Geography`` resolves it (`BY`, `FL`), or the nation for Great Britain
    /// (`SCT`); nil for the whole country.
    public var region: String?
    public var kind: Kind
    public var recurrence: Recurrence
    /// The local dates it was seen on, ascending.
    public var seen: [CivilDate]
    /// Deliveries counted on the seen dates, and the usual volume expected on them (summed).
    public var observed: Int
    public var expected: Double

    public init(
        carrier: String, country: String, region: String?, kind: Kind, recurrence: Recurrence, seen: [CivilDate],
        observed: Int, expected: Double
    ) {
        self.carrier = carrier
        self.country = country
        self.region = region
        self.kind = kind
        self.recurrence = recurrence
        self.seen = seen
        self.observed = observed
        self.expected = expected
    }

    /// The area as a code: `DE`, `DE-BY`, `US-FL`.
    public var area: String { region.map { country + "-" + $0 } ?? country }

    /// The dates the finding applies to from its first seen year through `lastYear`; for an opening, only
    /// the days `holidays` (the area's rule holidays of a year) name.
    public func dates(through lastYear: Int, holidays: (Int) -> [Holiday]) -> [CivilDate] {
        guard let first = seen.first else { return [] }
        let years = first.year...max(first.year, lastYear)
        switch recurrence {
        case .once: return seen
        case .yearly(let month, let day):
            return years.compactMap { CivilDate(year: $0, month: month, day: day) }
        case .easter(let offset):
            return years.map { HolidayRules.easterSunday(year: $0).adding(days: offset) }
        case .holiday(let name):
            return years.flatMap { y in holidays(y).filter { $0.name == name }.map(\.date) }
        }
    }

    /// One line for the fit summary.
    public var description: String {
        let when: String
        switch recurrence {
        case .once: when = seen.map(\.description).joined(separator: ", ")
        case .yearly(let m, let d):
            when = "every \(d) \(Self.monthNames[m - 1]) (seen \(seen.map(\.description).joined(separator: ", ")))"
        case .easter(let offset):
            let sign = offset >= 0 ? "+" : "−"
            when = "Easter \(sign)\(abs(offset)) days (seen \(seen.map(\.description).joined(separator: ", ")))"
        case .holiday(let name):
            when = "\(name) (worked \(seen.map(\.description).joined(separator: ", ")))"
        }
        let verb = kind == .closure ? "closed" : "open"
        return
            "\(carrier) \(verb) in \(area) \(when): \(observed) deliveries where \(Self.rounded(expected)) were usual"
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// One decimal, for the summaries.
    package static func rounded(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }
}
