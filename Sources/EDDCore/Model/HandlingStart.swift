extension BusinessCalendar {
    /// The local date an order's handling is counted from, in training and in answers alike: with a
    /// configured cut-off (`--calendars … ,14:00`), ``handlingStartDate(order:zone:)`` (an order at or after
    /// it, or on a day off, starts on the next working day); without one, the order's own local date, as
    /// before cut-offs were configurable, so models fitted without a cut-off answer as they did.
    @inline(__always)
    package func handlingCountStart(order: Instant, zone: ZoneRules) -> CivilDate {
        handlingCountStart(local: zone.localTime(of: order))
    }

    /// ``handlingCountStart(order:zone:)`` of an order placed at this local date and time.
    @inline(__always)
    package func handlingCountStart(local: (date: CivilDate, secondOfDay: Int)) -> CivilDate {
        cutoffSecondOfDay == nil ? local.date : handlingStartDate(local: local)
    }
}
