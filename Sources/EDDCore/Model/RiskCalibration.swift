import Foundation

/// The recalibration of `p_late`, fitted out of time: per view of the parcel, a logistic line on the stated
/// probability's log-odds, `logit p' = intercept + slope · logit p`.
///
/// A line with a positive slope is strictly increasing, so it never reorders the answers of one view (the
/// ranking, and so the AUC, of those answers stays what the model said) while it can move them towards what
/// happened: a slope below 1 tempers answers that were too sure either way, the intercept corrects a bias. It
/// nests both the identity (0, 1) and the base rate (logit of the rate, 0); a view whose line, fitted on
/// earlier questions, does not beat the stated answers on later ones keeps the identity. Nothing here states certainty: a stated 0 or 1 is read as ``clamp`` away from it.
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

    /// One line per ``View``, in its order.
    public var lines: [Line]
    public var figures: Figures

    /// Stated probabilities are read at least this far from 0 and 1 before the line applies.
    public static let clamp = 1e-4

    public init(lines: [Line], figures: Figures) {
        precondition(lines.count == View.allCases.count)
        self.lines = lines
        self.figures = figures
    }

    /// No recalibration (a model fitted before format 3, or with too few questions).
    public static let identity = RiskCalibration(
        lines: View.allCases.map { _ in .identity }, figures: .none)

    /// The calibrated probability of a stated one reached by `view`.
    public func apply(_ p: Double, view: View) -> Double {
        let line = lines[view.rawValue]
        if line == .identity { return min(1, max(0, p)) }
        return Self.sigmoid(line.intercept + line.slope * Self.logit(p))
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
