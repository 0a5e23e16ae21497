/// The fit's check of its own date answers, out of time: which way of answering at order time it chose, and
/// how each candidate did on the later half of the calibration window with a calibration fitted on the
/// earlier half (the way the served model meets next month's orders).
public struct DateValidation: Sendable, Equatable {
    /// A way of answering at order time.
    public enum Candidate: String, Sendable, CaseIterable, Comparable {
        /// Handling ⊗ transit on their hierarchies, with the quantile layer's per-order shift.
        case staged
        /// Handling ⊗ transit without the quantile layer.
        case stagedPlain = "staged_plain"
        /// Order → delivery as it happened on each lane, shrunk down the lane hierarchy like any stage: the
        /// plain model every fit must beat.
        case laneEmpirical = "lane_empirical"

        public static func < (a: Candidate, b: Candidate) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// One candidate's out-of-time figures, in working days.
    public struct Figures: Sendable, Equatable {
        /// Delivered shipments scored.
        public var shipments: Int
        /// Mean over τ ∈ {0.1, …, 0.9} of the mean pinball loss of the τ-quantile (BACKTEST.md's pinball_mean).
        public var pinball: Double
        /// Share delivered within the stated 80% range (q0.1…q0.9).
        public var coverage80: Double
        /// Share delivered within the stated 90% range (q0.05…q0.95).
        public var coverage90: Double

        public init(shipments: Int, pinball: Double, coverage80: Double, coverage90: Double) {
            self.shipments = shipments
            self.pinball = pinball
            self.coverage80 = coverage80
            self.coverage90 = coverage90
        }
    }

    /// What the model answers with at order time.
    public var chosen: Candidate
    /// Each scored candidate's figures (none where the window held too few delivered shipments).
    public var figures: [Candidate: Figures]

    public init(chosen: Candidate, figures: [Candidate: Figures]) {
        self.chosen = chosen
        self.figures = figures
    }

    /// No check made (a model of an earlier format, or a fit without a calibration window): staged answers.
    public static let none = DateValidation(chosen: .staged, figures: [:])

    /// The header's and the `model` op's form: `{"chosen": …, "candidates": {name: {…}}}`.
    package var jsonObject: [String: Any] {
        [
            "chosen": chosen.rawValue,
            "candidates": Dictionary(
                uniqueKeysWithValues: figures.map { c, f in
                    (
                        c.rawValue,
                        [
                            "shipments": f.shipments, "pinball": f.pinball, "cov80": f.coverage80,
                            "cov90": f.coverage90,
                        ] as [String: Any]
                    )
                }),
        ]
    }
}
