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
    public var calibration = CalibrationMap.identity
    public var transitCalibration = CalibrationMap.identity
    public var orderEffects = OrderEffects.none
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
        let effects = zip(["intercept"] + OrderEffects.names, orderEffects.coefficients)
            .map { "\($0) \(format($1))" }.joined(separator: ", ")
        let cap =
            "lost after \(lostAfter) working days"
            + (lostAfterReason.map { " (derived: \($0))" } ?? " (--lost-after)")
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
            calibration (order time): \(reached(calibration))
            calibration (ship time): \(reached(transitCalibration))
            postal codes not fitting their country's format (used as given, coarser lanes): \(malformedPostal) shipments\
            \(closures.map { "\n" + $0.description } ?? "")
            """
    }
}

func format(_ x: Double) -> String {
    x >= 100 ? String(Int(x.rounded())) : String(Double(Int(x * 100)) / 100)
}

func percent(_ x: Double) -> String { String(Int((x * 100).rounded())) + "%" }
