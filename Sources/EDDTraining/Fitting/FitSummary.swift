import EDDCore

/// What a fit did, printed at the end of `edd-train fit`.
public struct FitSummary: Sendable, CustomStringConvertible {
    public var used = 0
    public var delivered = 0
    public var censored = 0
    public var lost = 0
    public var returned = 0
    public var canceled = 0
    /// Shipments with nothing visible before the cut-off.
    public var skipped = 0
    /// Used shipments with an order but no carrier scan yet at the cut-off and no open handling (e.g. a
    /// hand-off seen without any order handling to learn): counted so that the outcomes add up to `used`.
    public var notPickedUp = 0
    /// Of the delivered: shipments without a carrier hand-off scan (learned order → delivery).
    public var withoutHandoff = 0
    /// Days in the fitted distributions (the last a tail), sized from the longest duration seen.
    public var buckets = DayHistogram.buckets
    /// The lost-after cap used (working days) and, when derived, why.
    public var lostAfter = LostAfter.floor
    public var lostAfterReason: String?
    /// Carriers whose own stages gave them another lost-after cap (derived, never with `--lost-after`).
    public var carrierLostAfter: [String: Int] = [:]
    public var calibrationLostAfter = 12
    /// Shipments whose latest event lies implausibly far beyond the rest of the feed: counted, and their
    /// late events left after the cut-off instead of moving it.
    public var implausibleLatest = 0
    /// Quantile-layer features left out because they do not vary enough in the data.
    public var leftOutFeatures: [String] = []
    public var handlingNodes: [Int] = []
    public var transitNodes: [Int] = []
    public var handlingStrengths: [Double] = []
    public var transitStrengths: [Double] = []
    public var calibrationShipments = 0
    /// The calibration window in days, and why (nil reason: `--calibration-days`).
    public var calibrationDays = 0
    public var calibrationDaysReason: String?
    /// The recency half-life in days, and why, when derived (``HalfLife``); nil reason: `--half-life`.
    public var halfLifeDays = 0.0
    public var halfLifeReason: String?
    public var calibration = CalibrationMap.identity
    public var transitCalibration = CalibrationMap.identity
    /// The risk lines and the fit's own figures for them (``RiskCalibration/fit(_:)``).
    public var riskCalibration = RiskCalibration.identity
    public var orderEffects = OrderEffects.none
    /// The quantile layer's late-in-day cut-off and, when learned, the sentence saying why (nil: given in the
    /// options).
    public var lateInDay = OrderEffects.LateInDay.none
    public var lateInDayReason: String?
    /// The out-of-time check of the order-time candidates and the one chosen.
    public var dateValidation = DateValidation.none
    /// Closures and worked holidays learned from the deliveries (nil when not looked for).
    public var closures: ClosureFindings?
    /// Shipments whose origin or destination postal code does not fit its country's format: used as given
    /// (their lanes pool at the country or region instead).
    public var malformedPostal = 0

    public init() {}

    public var description: String {
        func levels(_ names: [String], _ sizes: [Int], _ strengths: [Double]) -> String {
            zip(names, zip(sizes, strengths)).map { name, s in
                "\(name) \(s.0)" + (s.1 > 0 ? " (α=\(format(s.1)))" : "")
            }.joined(separator: ", ")
        }
        func reached(_ m: CalibrationMap) -> String {
            guard m.completed > 0 else { return "not enough recent deliveries; confidences uncalibrated" }
            return "before calibration the stated 10%/50%/90% held for "
                + "\(percent(m.apply(0.1)))/\(percent(m.apply(0.5)))/\(percent(m.apply(0.9))) of "
                + "\(m.completed) delivered and \(m.censored) censored recent shipments; mapped to hold exactly"
        }
        let r = riskCalibration.figures
        let riskReached =
            !calibration.isFitted
            ? "the fit as of the window's start answered fewer than \(CalibrationMap.minimumCompleted) of its "
                + "deliveries (too little history before the window); p_late as stated"
            : r.questions == 0
                ? "too few recent risk questions with a known outcome; p_late as stated"
                : "\(r.questions) questions to recent shipments; on the later half (\(percent(r.lateRate)) late) Brier "
                    + "\(fourPlaces(r.brierStated)) as stated, \(fourPlaces(r.brierCalibrated)) calibrated by the earlier "
                    + "half, \(fourPlaces(r.brierBase)) answering its late rate; lines (log-odds) "
                    + riskCalibration.lines.enumerated().map { i, l in
                        let knots = riskCalibration.bends[i].knots.count
                        let view = ["before pickup", "hand-off", "lane", "milestone"][i]
                        return "\(view) \(format(l.intercept))+\(format(l.slope))x"
                            + (knots > 0 ? " bent at \(knots) knots" : "")
                    }.joined(separator: ", ")
        let checked =
            dateValidation.figures.isEmpty
            ? "staged (no delivered recent orders to check the candidates on)"
            : "\(dateValidation.chosen.rawValue)"
                + (dateValidation.chosen == .staged ? "" : " (the quantile layer is not served)")
                + "; on the window's later half, calibrated by its earlier half: "
                + dateValidation.figures.sorted { $0.key < $1.key }.map { c, f in
                    "\(c.rawValue) pinball \(fourPlaces(f.pinball)), cov80 \(percent(f.coverage80)), "
                        + "cov90 \(percent(f.coverage90))"
                }.joined(separator: "; ")
                + " (\(dateValidation.figures.first!.value.shipments) delivered shipments)"
        let effects = zip(["intercept"] + OrderEffects.names, orderEffects.coefficients)
            .map { "\($0) \(format($1))" }.joined(separator: ", ")
        func given(_ l: OrderEffects.LateInDay) -> String {
            l.feedWide == OrderEffects.LateInDay.never
                ? "none (given)"
                : "from \(clock(l.feedWide ?? OrderEffects.LateInDay.fallbackSecondOfDay)) (given)"
                    + (l.byOrigin.isEmpty ? "" : "; \(l.byOrigin.count) origins at an hour of their own")
        }
        let cap =
            "lost after \(lostAfter) working days"
            + (lostAfterReason.map { " (derived: \($0))" } ?? " (--lost-after)")
            + (carrierLostAfter.isEmpty
                ? ""
                : "; by their own stages "
                    + carrierLostAfter.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", "))
        return """
            shipments used: \(used) (delivered \(delivered), censored \(censored), lost \(lost), returned \(returned)\
            \(notPickedUp > 0 ? ", not picked up \(notPickedUp)" : "")); canceled \(canceled), not yet visible \(skipped)\
            \(withoutHandoff > 0 ? "; delivered without a hand-off scan (learned order → delivery) \(withoutHandoff)" : "")\
            \(implausibleLatest > 0 ? "; shipments with events implausibly far beyond the rest of the feed (left after the cut-off) \(implausibleLatest)" : "")
            \(cap); calibration lost after \(calibrationLostAfter); distributions over 0…\(buckets - 2) working days \
            and a tail bucket (sized from the longest completed duration)
            handling nodes: \(levels(EDDModel.handlingLevels, handlingNodes, handlingStrengths))
            transit nodes: \(levels(EDDModel.transitLevels, transitNodes, transitStrengths))
            quantile layer: level ×\(format(orderEffects.scale)); timing (working days): \(effects)\
            \(leftOutFeatures.isEmpty ? "" : "; left out (too few orders with or without them): " + leftOutFeatures.joined(separator: ", "))
            late in the day: \(lateInDayReason ?? given(lateInDay)); a carrier's configured cut-off overrides it
            calibration window: the last \(calibrationDays) days before the cut-off\
            \(calibrationDaysReason.map { " (derived: \($0))" } ?? " (--calibration-days)")
            recency half-life: \(format(halfLifeDays)) days\(halfLifeReason.map { " (derived: \($0))" } ?? " (--half-life)")
            calibration (order time): \(reached(calibration))
            calibration (ship time): \(reached(transitCalibration))
            calibration (risk): \(riskReached)
            order-time answers: \(checked)
            postal codes not fitting their country's format (used as given, coarser lanes): \(malformedPostal) shipments\
            \(closures.map { "\n" + $0.description } ?? "")
            """
    }
}

func format(_ x: Double) -> String {
    x >= 100 ? String(Int(x.rounded())) : String(Double(Int(x * 100)) / 100)
}

/// A score such as a Brier score, to four decimal places.
func fourPlaces(_ x: Double) -> String { String((x * 10_000).rounded() / 10_000) }

func percent(_ x: Double) -> String { String(Int((x * 100).rounded())) + "%" }
