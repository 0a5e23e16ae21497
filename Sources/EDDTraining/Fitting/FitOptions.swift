import EDDCore

/// How `edd-train fit` learns a model.
public struct FitOptions: Sendable {
    /// Nothing at or after this instant is used; undelivered shipments are censored here.
    /// Nil: the instant after the latest event in the data.
    public var asOf: Instant?
    /// Half-life, in days, of the recency weight `0.5^(age / halfLife)` given to each shipment. Nil: derived
    /// from the feed's span (``HalfLife``).
    public var halfLifeDays: Double?
    /// A stage still under way after this many working days is treated as lost (a competing outcome), not
    /// as censored: a Kaplan–Meier that keeps such ghosts at risk forever inflates the tail. Nil: derived
    /// from the data (``LostAfter``), so a freight feed's 40-day transits are not counted as lost.
    public var lostAfterWorkingDays: Int?
    /// For calibration only: a stage under way after this many working days counts as lost.
    public var calibrationLostAfterWorkingDays: Int
    /// Carriers whose own stages call for another cap than `lostAfterWorkingDays` (and its calibration cap),
    /// derived by the fit (``ModelFitter/chooseLostAfter(stages:totals:carriers:timelines:asOf:)``), never
    /// set by a flag: `--lost-after` is one cap for every carrier.
    public var carrierLostAfter: [String: (lostAfter: Int, calibration: Int)] = [:]
    /// Orders of the last this-many days before the as-of calibrate the stated confidences. Nil: derived from
    /// the data (``CalibrationWindow``).
    public var calibrationDays: Int?
    /// The confidence answered when a request does not name one.
    public var defaultConfidence: Double
    /// Which days each carrier works. Carriers it does not name are completed by the fit from their
    /// deliveries (``CarrierCalendars/completed(with:)``), unless it has an explicit fallback.
    public var calendars: CarrierCalendars
    /// Closure dates (``CarrierCalendars/loadClosures(path:)``) applied to every calendar, or only to the
    /// carrier named with them, once the fit has completed `calendars`.
    public var closures: [(date: CivilDate, carrier: String?)] = []
    /// Whether the fit learns closures and worked holidays from the deliveries (``ClosureDetector``) and
    /// applies them on top of `calendars`.
    public var learnsClosures = true
    /// When an order is late in the day for the quantile layer. Nil: learned from the feed's hand-offs
    /// (``LateInDayCutoff``); a carrier's configured cut-off in `calendars` overrides either.
    public var lateInDay: OrderEffects.LateInDay?
    /// Whether an origin whose own orders stop leaving the same day at another hour than the feed's keeps its
    /// own late-in-day cut-off. Off by default: on the synthetic parcel feed it recovers every warehouse's
    /// cut-off and sharpens the answers, but one held-out month's randomised 80% range then covered 82.8%
    /// (the acceptance band is 78–82%) where the feed-wide cut-off gave 81.7%.
    public var learnsLateInDayPerOrigin = false

    public init(
        asOf: Instant? = nil, halfLifeDays: Double? = nil, lostAfterWorkingDays: Int? = nil,
        calibrationLostAfterWorkingDays: Int = 12, calibrationDays: Int? = nil, defaultConfidence: Double = 0.9,
        calendars: CarrierCalendars = CarrierCalendars()
    ) {
        self.asOf = asOf
        self.halfLifeDays = halfLifeDays
        self.lostAfterWorkingDays = lostAfterWorkingDays
        self.calibrationLostAfterWorkingDays = calibrationLostAfterWorkingDays
        self.calibrationDays = calibrationDays
        self.defaultConfidence = defaultConfidence
        self.calendars = calendars
    }
}
