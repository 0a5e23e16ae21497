/// What a sweep line says about a parcel compared with the previous sweep, so the customer is told once.
public enum SweepFlag: String, Sendable, CaseIterable {
    /// Late now and never flagged before: the one line to notify on.
    case newlyLate = "newly_late"
    /// Late now and at the previous sweep (already notified).
    case stillLate = "still_late"
    /// Late now, not at the previous sweep, but flagged by an earlier one (already notified).
    case lateAgain = "late_again"
    /// Late at the previous sweep, not any more.
    case recovered
    /// Not late, and not late at the previous sweep.
    case notLate = "not_late"

    /// Whether the parcel is late now.
    public var isLate: Bool { self == .newlyLate || self == .stillLate || self == .lateAgain }

    /// The flag of a parcel that is `late` now, given what the previous sweep said of it.
    ///
    /// - Returns: the flag, and the instant to carry forward as the parcel's first notification (`nil` while
    ///   it has never been late).
    public static func flag(late: Bool, previous: SweepHistory.Entry?, now: String) -> (SweepFlag, String?) {
        let notified = previous?.notifiedAt
        if late {
            guard let notified else { return (.newlyLate, now) }
            return (previous?.late == true ? .stillLate : .lateAgain, notified)
        }
        return (previous?.late == true ? .recovered : .notLate, notified)
    }
}
