/// How the hour of the day bears on a parcel arriving today, learned from the feed: of the parcels in flight
/// on a working day, those delivered that day and those not, at each local hour (destination time), how many
/// were still undelivered at each milestone (the kind of their last carrier scan).
///
/// The risk model counts whole working days, so on its own it gives a parcel in transit at noon the chance of
/// arriving today that it has at dawn. Carriers deliver in the daytime, after the morning's out-for-delivery
/// scans: a parcel still in transit at noon rarely arrives that day, one out for delivery mostly does. The
/// whole-day answer is the prior; seeing the parcel at milestone m, undelivered at hour h, moves its odds by
/// the likelihood ratio P(at m at h | delivered today) / P(at m at h | not delivered today)
/// (``likelihoodRatio(carrier:milestone:hour:)``).
public struct SameDayShares: Sendable, Equatable {
    /// Hour buckets of the local day.
    public static let hours = 24
    /// Parcel-days at the all-carrier rates that a carrier's own rates are drawn towards, as many as the risk
    /// lines need outcomes of each kind: a carrier seen on a few days says little on its own.
    public static let priorDays = 20.0

    /// The parcel-days of one milestone, per hour.
    public struct Cell: Sendable, Equatable {
        /// Per hour, parcel-days delivered that day that were at the milestone, undelivered, then.
        public var today: [Double]
        /// Per hour, parcel-days not delivered that day that were at the milestone then.
        public var later: [Double]

        public init(
            today: [Double] = Array(repeating: 0, count: SameDayShares.hours),
            later: [Double] = Array(repeating: 0, count: SameDayShares.hours)
        ) {
            self.today = today
            self.later = later
        }
    }

    /// The parcel-days (working days a delivered parcel was with its carrier, its pickup and delivery days
    /// included) delivered that day and not.
    public struct Days: Sendable, Equatable {
        public var today: Double
        public var later: Double

        public init(today: Double = 0, later: Double = 0) {
            self.today = today
            self.later = later
        }
    }

    /// Keyed by ``key(carrier:milestone:)`` (a carrier's milestone) and by the milestone's raw value (every
    /// carrier's).
    public var cells: [String: Cell]
    /// Keyed by carrier, and by "" for every carrier.
    public var days: [String: Days]

    public init(cells: [String: Cell], days: [String: Days]) {
        self.cells = cells
        self.days = days
    }

    /// Nothing learned: the hour says nothing (a model fitted before format 6).
    public static let none = SameDayShares(cells: [:], days: [:])

    /// The key of a carrier's milestone.
    public static func key(carrier: String, milestone: Milestone) -> String { carrier + "|" + milestone.rawValue }

    /// P(at `milestone`, undelivered, at `hour` | delivered today) / P(same | not delivered today).
    ///
    /// Each rate is read with one parcel-day added at the rate of both kinds together, so an hour never seen
    /// at a milestone moves the odds only as far as the days counted can back, and one seen on neither kind
    /// of day not at all; a carrier's own rates are drawn to every carrier's by ``priorDays``. It is 1 when
    /// nothing was learned.
    public func likelihoodRatio(carrier: String, milestone: Milestone, hour: Int) -> Double {
        guard (0..<Self.hours).contains(hour), let all = days[""], all.today > 0, all.later > 0,
            let parent = cells[milestone.rawValue]
        else { return 1 }
        let pooled = (parent.today[hour] + parent.later[hour]) / (all.today + all.later)
        guard pooled > 0 else { return 1 }
        var today = (parent.today[hour] + pooled) / (all.today + 1)
        var later = (parent.later[hour] + pooled) / (all.later + 1)
        if let own = cells[Self.key(carrier: carrier, milestone: milestone)], let n = days[carrier] {
            let k = Self.priorDays
            today = (own.today[hour] + k * today) / (n.today + k)
            later = (own.later[hour] + k * later) / (n.later + k)
        }
        return today / later
    }

    /// P(T > x | T ≥ today) once today's odds are multiplied by `ratio`, given the whole-day answer
    /// `pLate` = P(T > x | T ≥ today) with x at or after today and `todayShare` = P(T = today | T ≥ today):
    /// the mass after today keeps its shape and takes what today gives up or gains.
    public static func adjust(pLate: Double, todayShare r: Double, ratio: Double) -> Double {
        guard ratio != 1, r > 0, r < 1 else { return pLate }
        let adjusted = r * ratio / (r * ratio + 1 - r)
        return min(1, max(0, pLate * (1 - adjusted) / (1 - r)))
    }
}
