/// What a sweep found, for the summary on standard error.
public struct SweepSummary: Sendable, Equatable, CustomStringConvertible {
    /// Counts of one carrier/service.
    public struct LaneCounts: Sendable, Equatable {
        /// Parcels in flight.
        public var inFlight = 0
        /// Of which late (`p_late ≥ threshold`).
        public var atRisk = 0
        /// Of which flagged `newly_late`.
        public var newlyAtRisk = 0
    }

    /// The instant of the sweep.
    public var now = ""
    /// The threshold `late` was decided at.
    public var threshold = 0.5
    /// Parcels answered: in flight at `now`.
    public var inFlight = 0
    /// Of which had no promised date in the feed and were answered against the model's own EDD.
    public var promisedByModel = 0
    /// Of which had more scans than one `risk` request may carry (answered with all of them).
    public var overlongScans = 0
    /// Parcels by flag.
    public var flags: [SweepFlag: Int] = [:]
    /// Counts by `carrier/service`.
    public var lanes: [String: LaneCounts] = [:]
    /// Reason codes among the late parcels (a parcel counts once under each of its reasons).
    public var reasons: [String: Int] = [:]
    /// Lines of the previous sweep.
    public var previousLines = 0
    /// Parcels of the previous sweep not in flight any more (delivered, returned, canceled or gone).
    public var previousGone = 0

    /// Creates an empty summary.
    public init() {}

    /// Parcels late now.
    public var atRisk: Int { SweepFlag.allCases.filter(\.isLate).reduce(0) { $0 + flags[$1, default: 0] } }

    /// Parcels to notify: late now and never flagged before.
    public var newlyAtRisk: Int { flags[.newlyLate, default: 0] }

    mutating func add(_ line: SweepLine, scans: Int, maximumScans: Int) {
        inFlight += 1
        if line.promisedByModel { promisedByModel += 1 }
        if scans > maximumScans { overlongScans += 1 }
        flags[line.flag, default: 0] += 1
        let key = line.timeline.carrier + "/" + line.timeline.service
        var lane = lanes[key, default: LaneCounts()]
        lane.inFlight += 1
        if line.answer.late {
            lane.atRisk += 1
            for reason in line.answer.reasons { reasons[reason.code, default: 0] += 1 }
        }
        if line.flag == .newlyLate { lane.newlyAtRisk += 1 }
        lanes[key] = lane
    }

    mutating func merge(_ other: SweepSummary) {
        inFlight += other.inFlight
        promisedByModel += other.promisedByModel
        overlongScans += other.overlongScans
        flags.merge(other.flags, uniquingKeysWith: +)
        reasons.merge(other.reasons, uniquingKeysWith: +)
        lanes.merge(other.lanes) { a, b in
            LaneCounts(
                inFlight: a.inFlight + b.inFlight, atRisk: a.atRisk + b.atRisk,
                newlyAtRisk: a.newlyAtRisk + b.newlyAtRisk)
        }
    }

    /// A few lines for people.
    public var description: String {
        func count(_ f: SweepFlag) -> Int { flags[f, default: 0] }
        var lines = [
            "sweep at \(now): \(inFlight) parcels in flight (\(promisedByModel) without a promised date, answered "
                + "against the model's own EDD), \(atRisk) at risk (p_late ≥ \(threshold)), \(newlyAtRisk) newly at risk",
            "flags: newly_late \(count(.newlyLate)), still_late \(count(.stillLate)), late_again \(count(.lateAgain)), "
                + "recovered \(count(.recovered)), not_late \(count(.notLate))",
        ]
        if previousLines > 0 {
            lines.append("previous sweep: \(previousLines) parcels, \(previousGone) no longer in flight")
        }
        if overlongScans > 0 {
            lines.append(
                "parcels with more scans than one risk request may carry (answered with all): \(overlongScans)")
        }
        lines.append("by carrier/service (in flight, at risk, newly at risk):")
        for (key, c) in lanes.sorted(by: { ($0.value.atRisk, $1.key) > ($1.value.atRisk, $0.key) }) {
            lines.append("  \(key): \(c.inFlight), \(c.atRisk), \(c.newlyAtRisk)")
        }
        lines.append("by reason (parcels at risk):")
        for (code, n) in reasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("  \(code): \(n)")
        }
        return lines.joined(separator: "\n")
    }
}
