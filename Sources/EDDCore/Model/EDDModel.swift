/// A fitted delivery-time model: what `eddd` and `edd predict` serve.
public struct EDDModel: Sendable, Equatable {
    /// Handling levels, most specific first.
    public static let handlingLevels = OriginLevel.allCases.map(\.rawValue)
    /// Transit levels, most specific first (the wire names of `basis.level`).
    public static let transitLevels = LaneLevel.allCases.map(\.rawValue)

    public var metadata: ModelMetadata
    /// The working-day calendar of each carrier.
    public var calendars: CarrierCalendars
    /// Handling (order → first carrier scan) by origin.
    public var handling: StageTable
    /// Transit (first carrier scan → delivery) by lane.
    public var transit: StageTable
    /// Transit by lane with all of a carrier's services pooled: what answers a request without `service`.
    public var pooledTransit: StageTable
    /// How much faster or slower each origin's parcels travel than their lanes.
    public var originTransitFactors: OriginTransitFactors
    /// Remaining working days after the last scan of each milestone, by carrier (the risk model).
    public var milestones: StageTable
    /// Order → delivery by lane, learned from shipments without a carrier hand-off scan (feeds that report
    /// only the order and the delivery): it answers where it knows the lane better than handling ⊗ transit.
    public var direct: StageTable
    /// The quantile layer: order-time features as a working-day shift.
    public var orderEffects: OrderEffects
    /// Calibrates order-time answers (handling ⊗ transit).
    public var totalCalibration: CalibrationMap
    /// Calibrates ship-time answers and delay risk (transit alone).
    public var transitCalibration: CalibrationMap
    /// Calibrates `p_late`: observed lateness against the risk answers of a shadow fit, out of time.
    public var riskCalibration: RiskCalibration
    /// Order → delivery by lane from every shipment: what order-time answers come from when the fit's own
    /// check chose the plain lane-empirical model (empty otherwise).
    public var empirical: StageTable
    /// The fit's out-of-time check of its order-time answers and the way of answering it chose.
    public var dateValidation: DateValidation
    /// How the hour of the day moves the risk model's chance of arriving today, per milestone.
    public var sameDay: SameDayShares
    /// How the hour of the day moves an order's chance of being picked up today, per origin.
    public var pickup: PickupShares
    /// An order's chance of going on each of its first days of handling, by its side of the cut-off, per origin.
    public var handlingHazards: HandlingHazards

    /// Days in the model's distributions (the last a tail): the widest of its tables.
    public var buckets: Int { max(handling.buckets, transit.buckets, direct.buckets, empirical.buckets) }

    /// A table with the transit levels and no nodes, over `buckets` days.
    public static func emptyLaneTable(buckets: Int = DayHistogram.buckets) -> StageTable {
        StageTable(
            levels: EDDModel.transitLevels, strengths: EDDModel.transitLevels.map { _ in 0 },
            nodes: EDDModel.transitLevels.map { _ in [:] }, buckets: buckets)
    }

    public init(
        metadata: ModelMetadata, calendars: CarrierCalendars, handling: StageTable, transit: StageTable,
        pooledTransit: StageTable,
        originTransitFactors: OriginTransitFactors = .none, milestones: StageTable,
        direct: StageTable = EDDModel.emptyLaneTable(),
        orderEffects: OrderEffects,
        totalCalibration: CalibrationMap,
        transitCalibration: CalibrationMap,
        riskCalibration: RiskCalibration = .identity,
        empirical: StageTable = EDDModel.emptyLaneTable(buckets: 2),
        dateValidation: DateValidation = .none,
        sameDay: SameDayShares = .none,
        pickup: PickupShares = .none,
        handlingHazards: HandlingHazards = .none
    ) {
        self.metadata = metadata
        self.calendars = calendars
        self.handling = handling
        self.transit = transit
        self.pooledTransit = pooledTransit
        self.originTransitFactors = originTransitFactors
        self.milestones = milestones
        self.direct = direct
        self.orderEffects = orderEffects
        self.totalCalibration = totalCalibration
        self.transitCalibration = transitCalibration
        self.riskCalibration = riskCalibration
        self.empirical = empirical
        self.dateValidation = dateValidation
        self.sameDay = sameDay
        self.pickup = pickup
        self.handlingHazards = handlingHazards
    }
}

/// What a model says about itself: identity, provenance and training options.
public struct ModelMetadata: Sendable, Equatable {
    /// Content hash of the model (filled in when the file is written or read).
    public var id: String
    /// The training cut-off: nothing at or after it was seen. Also the model's `trained_at`, so that the
    /// same input and options give a byte-identical file.
    public var asOf: Instant
    public var halfLifeDays: Double
    public var lostAfterWorkingDays: Int
    public var calibrationDays: Int
    public var defaultConfidence: Double
    /// Shipments used.
    public var shipments: Int
    /// Of which still under way at the cut-off.
    public var censored: Int
    /// Free-form description of the training data (input path, rows, rejects…).
    public var data: [String: String]

    public init(
        id: String = "", asOf: Instant, halfLifeDays: Double, lostAfterWorkingDays: Int, calibrationDays: Int,
        defaultConfidence: Double, shipments: Int, censored: Int, data: [String: String]
    ) {
        self.id = id
        self.asOf = asOf
        self.halfLifeDays = halfLifeDays
        self.lostAfterWorkingDays = lostAfterWorkingDays
        self.calibrationDays = calibrationDays
        self.defaultConfidence = defaultConfidence
        self.shipments = shipments
        self.censored = censored
        self.data = data
    }
}
