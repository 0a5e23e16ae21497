import EDDCore

extension ModelFitter {
    /// The fit's check of its own order-time answers (issue: fits that validate themselves).
    ///
    /// Each recent shipment of the calibration window is answered by every ``DateValidation/Candidate`` of
    /// the shadow fit (as of the window's start, so out of time). Over the whole window each candidate's
    /// answers fit its calibration map, the one it serves with if chosen. To judge them as the served model
    /// is judged, a second map per candidate is fitted on the window's earlier half only and the later half's
    /// delivered shipments are scored with it: pinball over τ ∈ {0.1, …, 0.9}, and the coverage of the 80% and
    /// 90% ranges. The candidate with the lowest pinball is chosen; the staged model, which explains its
    /// answers by stage, unless another beats it. So what a fit writes is never worse on its own recent
    /// history than the plain lane-empirical model, which is always among the candidates.
    ///
    /// Memory stays bounded: the maps are counts, and at most ``scoredLimit`` later-half shipments are kept
    /// for scoring (the first in fit order, which is by shipment id and so unrelated to time or lane).
    struct CandidateCheck {
        typealias Candidate = DateValidation.Candidate
        /// Later-half shipments kept for scoring.
        static let scoredLimit = 10_000
        /// Fewer scored shipments than this leave the staged model chosen: the figures are reported, but
        /// differences among candidates would be noise.
        static let minimumScored = 200
        static let levels = (1...9).map { Double($0) / 10 }

        /// The earlier half of the window ends here.
        let split: Instant
        private(set) var full = [CalibrationMap.Accumulator](repeating: .init(), count: Candidate.allCases.count)
        private var earlier = [CalibrationMap.Accumulator](repeating: .init(), count: Candidate.allCases.count)
        private var later: [(days: Int, answers: [DayDistribution])] = []
        private var laterSeen = 0

        init(from start: Instant, to asOf: Instant) {
            split = start.adding(seconds: start.seconds(to: asOf) / 2)
        }

        /// Adds one recent shipment's answers, one per candidate in ``DateValidation/Candidate/allCases``
        /// order, with what happened to it and its weight in the maps (recency).
        mutating func add(
            _ answers: [DayDistribution], outcome: StageOutcome, jitter: Double, reference: Instant, weight: Double = 1
        ) {
            for (i, d) in answers.enumerated() { full[i].add(d, outcome, jitter, weight: weight) }
            if reference < split {
                for (i, d) in answers.enumerated() { earlier[i].add(d, outcome, jitter, weight: weight) }
            } else if case .completed(let y) = outcome {
                laterSeen += 1
                if later.count < CandidateCheck.scoredLimit { later.append((y, answers)) }
            }
        }

        /// The figures of each candidate and the one chosen.
        var validation: DateValidation {
            guard !later.isEmpty else { return .none }
            var figures: [Candidate: DateValidation.Figures] = [:]
            for (i, c) in Candidate.allCases.enumerated() {
                let map = earlier[i].map
                var pinball = 0.0
                var within80 = 0
                var within90 = 0
                for (y, answers) in later {
                    let cdf = map.calibratedCDF(answers[i])
                    for tau in CandidateCheck.levels {
                        let u = Double(y - CandidateCheck.quantile(cdf, tau))
                        pinball += max(tau * u, (tau - 1) * u)
                    }
                    // The ranges as the served answers state them.
                    if DeliveryForecast.centralRange(cdf, coverage: 0.8).contains(y) { within80 += 1 }
                    if DeliveryForecast.centralRange(cdf, coverage: 0.9).contains(y) { within90 += 1 }
                }
                let n = Double(later.count)
                figures[c] = DateValidation.Figures(
                    shipments: later.count, pinball: pinball / (n * Double(CandidateCheck.levels.count)),
                    coverage80: Double(within80) / n, coverage90: Double(within90) / n)
            }
            var chosen = Candidate.staged
            if later.count >= CandidateCheck.minimumScored {
                for c in Candidate.allCases where figures[c]!.pinball < figures[chosen]!.pinball { chosen = c }
            }
            return DateValidation(chosen: chosen, figures: figures)
        }

        /// The smallest number of working days whose stated probability reaches τ (as ``DeliveryForecast``).
        static func quantile(_ cdf: [Double], _ tau: Double) -> Int {
            cdf.firstIndex { $0 >= tau - 1e-9 } ?? cdf.count - 1
        }
    }
}
