import EDDCore

/// How `edd-train report` cuts the data: the window, the period length and the thresholds it states.
public struct PerformanceOptions: Sendable {
    /// The length of the report's periods.
    public enum Period: String, Sendable, CaseIterable {
        /// Weeks starting on Monday.
        case week
        /// Calendar months.
        case month
    }

    /// First order date in the report (origin local), or nil for the earliest in the data.
    public var from: CivilDate?
    /// Last order date in the report (inclusive), or nil for the latest in the data.
    public var to: CivilDate?
    /// Period length.
    public var period: Period
    /// Which days each carrier works (working days are counted in them).
    public var calendars: CarrierCalendars
    /// A shipped parcel still undelivered this many working days after hand-off at the cut-off counts as lost.
    public var lostAfterWorkingDays: Int
    /// Groups with fewer shipments are shown but marked and not ranked or tested.
    public var minimumShipments: Int
    /// The false discovery rate of the "what changed" section.
    public var falseDiscoveryRate: Double

    /// - Throws: ``ReportError`` when `from` is after `to`.
    public init(
        from: CivilDate? = nil, to: CivilDate? = nil, period: Period = .week,
        calendars: CarrierCalendars = CarrierCalendars(), lostAfterWorkingDays: Int = 20, minimumShipments: Int = 30,
        falseDiscoveryRate: Double = 0.05
    ) throws {
        if let from, let to, from > to { throw ReportError(.reversedRange, "--from \(from) is after --to \(to)") }
        self.from = from
        self.to = to
        self.period = period
        self.calendars = calendars
        self.lostAfterWorkingDays = lostAfterWorkingDays
        self.minimumShipments = minimumShipments
        self.falseDiscoveryRate = falseDiscoveryRate
    }

    /// The first day of the period holding `date`.
    public func periodStart(_ date: CivilDate) -> CivilDate {
        switch period {
        case .week: return date.adding(days: -((date.weekday + 6) % 7))
        case .month: return CivilDate(year: date.year, month: date.month, day: 1)!
        }
    }

    /// The first day of the period after the one starting at `start`.
    public func nextPeriod(_ start: CivilDate) -> CivilDate {
        switch period {
        case .week: return start.adding(days: 7)
        case .month:
            let (y, m, _) = start.components
            return CivilDate(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)!
        }
    }

    /// A period's label: `2026-08` for a month, the Monday (`2026-08-03`) for a week.
    public func label(_ start: CivilDate) -> String {
        period == .month ? String(start.description.prefix(7)) : start.description
    }
}
