import Foundation

/// The recalibration of `p_late`, fitted out of time: per view of the parcel, a logistic line on the stated
/// probability's log-odds, `logit p' = intercept + slope · logit p`.
///
/// A line with a positive slope is strictly increasing, so it never reorders the answers of one view (the
/// ranking, and so the AUC, of those answers stays what the model said) while it can move them towards what
/// happened: a slope below 1 tempers answers that were too sure either way, the intercept corrects a bias. It
/// nests both the identity (0, 1) and the base rate (logit of the rate, 0); a view whose line, fitted on
/// earlier questions, does not beat the stated answers on later ones keeps the identity. Nothing here states certainty: a stated 0 or 1 is read as ``clamp`` away from it.
///
/// A line corrects a view on the whole; where a view is off in one band only (in transit, answers the line
/// puts at 0.85–0.9 were late 0.92–0.95 of the time while the rest sat on the diagonal), a ``Bend`` after the
/// line follows what happened band by band, still strictly increasing, and is kept only where it too helps
/// on the later half of the questions.
public struct RiskCalibration: Sendable, Equatable {
    /// How an answer was reached: the line that calibrates it.
    public enum View: Int, Sendable, CaseIterable {
        /// Not picked up yet: remaining handling, then transit.
        case beforePickup
        /// Picked up today (no working day of transit elapsed), no later milestone: the lane's transit, as
        /// asked at the hand-off.
        case handoff
        /// Picked up days ago, no later milestone the model has learned: the lane's transit given it has not
        /// arrived.
        case lane
        /// After a learned milestone (in transit, out for delivery, exception, failed attempt).
        case milestone
    }

    /// One view's line on the log-odds.
    public struct Line: Sendable, Equatable {
        public var intercept: Double
        public var slope: Double

        public init(intercept: Double, slope: Double) {
            self.intercept = intercept
            self.slope = slope
        }

        /// The identity line.
        public static let identity = Line(intercept: 0, slope: 1)
    }

    /// What the fit measured out of time on its own history: the later half of its questions, each weighted
    /// as the fit weighs it.
    public struct Figures: Sendable, Equatable {
        /// Questions with a known outcome behind the lines (both halves).
        public var questions: Int
        /// Share of the later half (weighted) that was late.
        public var lateRate: Double
        /// Brier scores on the later half of the stated answers, of the answers calibrated by the lines of the
        /// earlier half, and of always answering the earlier half's late rate.
        public var brierStated: Double
        public var brierCalibrated: Double
        public var brierBase: Double

        public init(questions: Int, lateRate: Double, brierStated: Double, brierCalibrated: Double, brierBase: Double) {
            self.questions = questions
            self.lateRate = lateRate
            self.brierStated = brierStated
            self.brierCalibrated = brierCalibrated
            self.brierBase = brierBase
        }

        /// No questions were asked.
        public static let none = Figures(questions: 0, lateRate: 0, brierStated: 0, brierCalibrated: 0, brierBase: 0)
    }

    /// A strictly increasing, piecewise-linear map of the line's log-odds through knots (`x`: where the line
    /// says x, `z`: the log-odds that happened there), carried on at slope 1 beyond the outer knots. Empty:
    /// the line alone.
    public struct Bend: Sendable, Equatable {
        public var knots: [(x: Double, z: Double)]

        public init(knots: [(x: Double, z: Double)]) {
            self.knots = knots
        }

        /// The line alone.
        public static let none = Bend(knots: [])

        /// Whether the knots make a strictly increasing map with finite values (what a model file must hold).
        public var isIncreasing: Bool {
            knots.allSatisfy { $0.x.isFinite && $0.z.isFinite }
                && zip(knots, knots.dropFirst()).allSatisfy { $0.x < $1.x && $0.z < $1.z }
        }

        /// The bent log-odds of the line's `x`.
        public func apply(_ x: Double) -> Double {
            guard let first = knots.first, let last = knots.last else { return x }
            if x <= first.x { return x + (first.z - first.x) }
            if x >= last.x { return x + (last.z - last.x) }
            var lo = 0
            var hi = knots.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if knots[mid].x <= x { lo = mid } else { hi = mid }
            }
            let a = knots[lo]
            let b = knots[hi]
            return a.z + (x - a.x) * (b.z - a.z) / (b.x - a.x)
        }

        public static func == (l: Bend, r: Bend) -> Bool {
            l.knots.count == r.knots.count && zip(l.knots, r.knots).allSatisfy { $0.x == $1.x && $0.z == $1.z }
        }
    }

    /// One line per ``View``, in its order.
    public var lines: [Line]
    /// One bend per ``View``, in its order, applied after its line.
    public var bends: [Bend]
    public var figures: Figures

    /// Stated probabilities are read at least this far from 0 and 1 before the line applies.
    public static let clamp = 1e-4

    public init(lines: [Line], bends: [Bend]? = nil, figures: Figures) {
        precondition(lines.count == View.allCases.count)
        precondition(bends.map { $0.count == View.allCases.count } ?? true)
        self.lines = lines
        self.bends = bends ?? View.allCases.map { _ in .none }
        self.figures = figures
    }

    /// No recalibration (a model fitted before format 3, or with too few questions).
    public static let identity = RiskCalibration(
        lines: View.allCases.map { _ in .identity }, figures: .none)

    /// The calibrated probability of a stated one reached by `view`.
    public func apply(_ p: Double, view: View) -> Double {
        let line = lines[view.rawValue]
        let bend = bends[view.rawValue]
        if line == .identity && bend.knots.isEmpty { return min(1, max(0, p)) }
        return Self.sigmoid(bend.apply(line.intercept + line.slope * Self.logit(p)))
    }

    /// log(p / (1 − p)) with p kept ``clamp`` from 0 and 1.
    @inline(__always)
    package static func logit(_ p: Double) -> Double {
        let q = min(max(p, clamp), 1 - clamp)
        return log(q / (1 - q))
    }

    @inline(__always)
    package static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
