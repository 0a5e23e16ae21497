import EDDCore

/// Counts of one stage's outcomes by whole working days: how many finished after `d` days and how many were
/// still under way after `d` days when the data stopped (right-censored).
///
/// Days at or beyond ``cap`` are counted at the cap, so the tally stays small for any input; the report's
/// shares stop at "10+" and its percentiles well below the cap.
public struct DayTally: Sendable, Equatable {
    /// The largest day counted separately.
    public static let cap = 120

    /// Finished after `d` working days, by `d`.
    public private(set) var events: [Int32] = []
    /// Still under way after `d` working days at the cut-off, by `d`.
    public private(set) var censored: [Int32] = []

    public init() {}

    /// All finished stages.
    public var eventCount: Int { events.reduce(0) { $0 + Int($1) } }
    /// All censored stages.
    public var censoredCount: Int { censored.reduce(0) { $0 + Int($1) } }

    /// Records a stage that finished after `days` working days.
    public mutating func addEvent(_ days: Int, count: Int = 1) {
        Self.bump(&events, days, count)
    }

    /// Records a stage still under way after `days` working days.
    public mutating func addCensored(_ days: Int, count: Int = 1) {
        Self.bump(&censored, days, count)
    }

    /// Records what a ``StageOutcome`` says; competing and unknown outcomes are not part of the distribution.
    public mutating func add(_ outcome: StageOutcome) {
        switch outcome {
        case .completed(let d): addEvent(d)
        case .censored(let d): addCensored(d)
        case .competing, .unknown: break
        }
    }

    /// Adds another tally's counts.
    public mutating func merge(_ other: DayTally) {
        for (d, n) in other.events.enumerated() where n > 0 { addEvent(d, count: Int(n)) }
        for (d, n) in other.censored.enumerated() where n > 0 { addCensored(d, count: Int(n)) }
    }

    @inline(__always)
    private static func bump(_ list: inout [Int32], _ days: Int, _ count: Int) {
        let d = min(max(days, 0), cap)
        if list.count <= d { list.append(contentsOf: repeatElement(0, count: d + 1 - list.count)) }
        list[d] += Int32(count)
    }
}
