import EDDCore

/// What the predictor answers for one shipping option of an `edd` request.
///
/// Plain values; ``ResponseWriter/writeEDD(id:answer:options:model:into:)`` writes them in PROTOCOL.md's shape.
public struct EDDAnswer: Sendable {
    /// The earliest date D with P(delivered ≤ D) ≥ confidence.
    public var edd: CivilDate
    /// The confidence used (as requested, or the model's default).
    public var confidence: Double
    /// P(delivered ≤ edd).
    public var probability: Double
    /// The dates covering the requested (default 10%–90%) probability mass.
    public var range: (earliest: CivilDate, latest: CivilDate)
    /// The single most probable delivery date.
    public var mostLikely: CivilDate
    /// One date per requested level, in request order.
    public var quantiles: [(level: Double, date: CivilDate)]
    /// Per-date probabilities when the request set `distribution: true`, else nil.
    public var distribution: [(date: CivilDate, p: Double)]?
    /// Which level of the model hierarchy answered and its effective sample size.
    public var basis: (level: String, shipments: Double)
    /// Whether a stated date lies in the model's tail bucket ("that many working days or more"): the date is
    /// then a lower bound and its probability only what the days before it back (`"basis":{…,"tail":true}`).
    public var tail: Bool

    /// Creates an answer.
    public init(
        edd: CivilDate, confidence: Double, probability: Double, range: (earliest: CivilDate, latest: CivilDate),
        mostLikely: CivilDate, quantiles: [(level: Double, date: CivilDate)] = [],
        distribution: [(date: CivilDate, p: Double)]? = nil, basis: (level: String, shipments: Double),
        tail: Bool = false
    ) {
        self.tail = tail
        self.edd = edd
        self.confidence = confidence
        self.probability = probability
        self.range = range
        self.mostLikely = mostLikely
        self.quantiles = quantiles
        self.distribution = distribution
        self.basis = basis
    }
}

/// The answer for one entry of a request's `options`: the option and its answer.
///
/// Every option is answered (an unknown carrier or lane falls back to a coarser level of the model), so
/// there is no per-option failure.
public struct EDDOptionAnswer: Sendable {
    /// The option answered (carrier and service echoed in the response).
    public var option: ShippingOption
    /// Its answer.
    public var answer: EDDAnswer

    /// Creates an option answer.
    public init(option: ShippingOption, answer: EDDAnswer) {
        self.option = option
        self.answer = answer
    }
}
