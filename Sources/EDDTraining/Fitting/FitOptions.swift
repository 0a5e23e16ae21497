import EDDCore

/// How `edd-train fit` learns a model.
public struct FitOptions: Sendable {
    /// Nothing at or after this instant is used; undelivered shipments are censored here.
    /// Nil: the instant after the latest event in the data.
    public var asOf: Instant?
    /// Half-life, in days, of the recency weight `0.5^(age / halfLife)` given to each shipment.
    public var halfLifeDays: Double
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
    /// Which days each carrier works.
    public var calendars: CarrierCalendars
    /// Whether the fit learns closures and worked holidays from the deliveries (``ClosureDetector``) and
    /// applies them on top of `calendars`.
    public var learnsClosures = true

    /// The default half-life, chosen by the Olist backtest (see the README).
    public static let defaultHalfLifeDays = 365.0

    public init(
        asOf: Instant? = nil, halfLifeDays: Double = FitOptions.defaultHalfLifeDays, lostAfterWorkingDays: Int? = nil,
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
