import Foundation

/// The quantile layer: what lane statistics cannot see about an order.
///
/// Two parts, fitted in turn. The *level*: recent durations relative to the lane model's, as a factor on
/// working days (drift, such as a strike or a seasonal slowdown, scales long lanes more than short ones);
/// it is the weighted median of log(y / median) (both at least one day). Day 0 stays day 0. Then the *timing* of the order, as a shift in
/// working days. Features of the order: its local weekday, whether it was placed late in the day (after the
/// cut-off learned from the feed, ``LateInDay``, else 14:00, a common one), whether a public holiday falls within the next week, and whether it is peak season (20 Nov–31
/// Dec). The shift is a linear median (τ = 0.5 quantile) regression of the residual working days — actual
/// order-to-delivery minus the lane model's median — fitted by iteratively reweighted least squares, on
/// matured orders older than the calibration window (so calibration judges it on data it has not seen).
/// Each coefficient reads directly: "an order placed on a Saturday takes 0.8 working days longer than the
/// lane median says".
public struct OrderEffects: Sendable, Equatable {
    /// Feature names, in coefficient order (after the intercept).
    public static let names = Feature.indicators.map(\.name)
    /// The level: durations in working days are multiplied by this factor.
    public var scale: Double
    /// Intercept followed by one coefficient per feature, in working days.
    public var coefficients: [Double]
    /// The time of day from which an order is late (``LateInDay``, learned by the fit; none: 14:00).
    public var lateInDay = LateInDay.none

    /// No change.
    public static let none = OrderEffects(scale: 1, coefficients: Array(repeating: 0, count: names.count + 1))

    public init(scale: Double, coefficients: [Double]) {
        self.scale = scale
        self.coefficients = coefficients
    }

    /// Applies the layer to an order's distribution: scale, then shift.
    public func apply(_ d: DayDistribution, features x: [Double]) -> DayDistribution {
        d.scaled(by: scale).shifted(by: shift(x))
    }

    /// One matured order the layer learns from.
    package struct Row: Sendable {
        /// The order's feature vector (``features(date:secondOfDay:calendar:)``).
        package var features: [Double]
        /// The lane model's order-to-delivery distribution for it, fitted without it.
        package var base: DayDistribution
        /// The working days it actually took.
        package var days: Int
        /// Its weight in the fit (recency).
        package var weight: Double

        package init(features: [Double], base: DayDistribution, days: Int, weight: Double) {
            self.features = features
            self.base = base
            self.days = days
            self.weight = weight
        }
    }

    /// Fits both parts from matured orders.
    package static func fit(_ rows: [Row]) -> OrderEffects {
        guard rows.count >= 50 * (names.count + 1) else { return .none }
        let logRatios = rows.map { row in
            (value: log(Double(max(row.days, 1)) / Double(max(row.base.quantile(0.5), 1))), weight: row.weight)
        }
        let scale = exp(weightedMedian(logRatios))
        let active = varyingFeatures(rows.map(\.features))
        let timing = fitTiming(
            rows.map { row in
                // A feature that does not vary is left out: its column is zero, so its coefficient stays 0.
                var kept = row.features
                for i in 1..<kept.count where !active[i - 1] { kept[i] = 0 }
                let residual = Double(row.days - row.base.scaled(by: scale).quantile(0.5))
                return MedianRegression.Row(features: kept, target: residual, weight: row.weight)
            })
        return OrderEffects(scale: scale, coefficients: timing)
    }

    /// Which features vary enough in the data to be fitted: each value (0 and 1) seen on at least
    /// `max(50, 1%)` of the rows. A feature that is always on (every order stamped 12:00 UTC is "late in the
    /// day" in some zone) is the intercept under another name, and one seen on a handful of orders (a peak
    /// season the history barely touches) fits their noise: either gave absurd shifts (9.9, −13 working days).
    package static func varyingFeatures(_ xs: [[Double]]) -> [Bool] {
        var ones = [Int](repeating: 0, count: names.count)
        for x in xs {
            for i in 0..<names.count where x[i + 1] != 0 { ones[i] += 1 }
        }
        let minimum = max(50, xs.count / 100)
        return ones.map { $0 >= minimum && xs.count - $0 >= minimum }
    }

    /// The first value, in increasing order, at which the running weight reaches half the total (0 when empty).
    static func weightedMedian(_ values: [(value: Double, weight: Double)]) -> Double {
        let sorted = values.sorted { $0.value < $1.value }
        let half = sorted.reduce(0) { $0 + $1.weight } / 2
        var seen = 0.0
        for (v, w) in sorted {
            seen += w
            if seen >= half { return v }
        }
        return 0
    }

    /// The feature vector (with a leading 1) of an order placed at local `date` and `secondOfDay`; it is late
    /// in the day from `lateAfter` seconds on (nil: the calendar's cut-off, else 14:00).
    public static func features(date: CivilDate, secondOfDay: Int, calendar: BusinessCalendar, lateAfter: Int? = nil)
        -> [Double]
    {
        var x = [Double](repeating: 0, count: names.count + 1)
        forEachActiveFeature(date: date, secondOfDay: secondOfDay, calendar: calendar, lateAfter: lateAfter) {
            x[$0] = 1
        }
        return x
    }

    /// Whether an order placed at local `secondOfDay` is late in the day: after the carrier's configured
    /// cut-off, else the learned one (`lateAfter`), else 14:00.
    @inline(__always)
    public static func isLateInDay(secondOfDay: Int, calendar: BusinessCalendar, lateAfter: Int?) -> Bool {
        secondOfDay >= (calendar.cutoffSecondOfDay ?? lateAfter ?? LateInDay.fallbackSecondOfDay)
    }

    /// Calls `body` with the index of every feature that is 1 for the order (0, the intercept, first); the
    /// others are 0. Every feature is an indicator, so this is the whole vector without building it.
    @inline(__always)
    static func forEachActiveFeature(
        date: CivilDate, secondOfDay: Int, calendar: BusinessCalendar, lateAfter: Int?, _ body: (Int) -> Void
    ) {
        body(Feature.intercept.rawValue)
        // 0 = Sunday, the baseline.
        if let weekday = Feature.weekday(date.weekday) { body(weekday.rawValue) }
        if isLateInDay(secondOfDay: secondOfDay, calendar: calendar, lateAfter: lateAfter) {
            body(Feature.lateInDay.rawValue)
        }
        for d in 1...7 {
            let day = date.adding(days: d)
            if !day.isWeekend && !calendar.isWorkingDay(day) {
                body(Feature.holidayAhead.rawValue)
                break
            }
        }
        let (_, m, dd) = date.components
        if (m == 11 && dd >= 20) || m == 12 { body(Feature.peak.rawValue) }
    }

    /// The shift, in working days, for a feature vector.
    public func shift(_ x: [Double]) -> Double {
        var s = 0.0
        for i in 0..<min(x.count, coefficients.count) { s += x[i] * coefficients[i] }
        return s
    }

    /// The shift, in working days, of an order placed at local `date` and `secondOfDay`: the same as
    /// `shift(features(…))`, without building the vector.
    public func shift(date: CivilDate, secondOfDay: Int, calendar: BusinessCalendar, lateAfter: Int? = nil) -> Double {
        var s = 0.0
        coefficients.withUnsafeBufferPointer { c in
            OrderEffects.forEachActiveFeature(
                date: date, secondOfDay: secondOfDay, calendar: calendar, lateAfter: lateAfter
            ) { i in
                if i < c.count { s += c[i] }
            }
        }
        return s
    }

    /// Fits the timing coefficients by weighted median regression of residuals on features.
    /// - Parameters:
    ///   - rows: the features, the residual in working days and the weight of each order.
    ///   - iterations: IRLS passes.
    static func fitTiming(_ rows: [MedianRegression.Row], iterations: Int = 30) -> [Double] {
        // A little ridge keeps features absent from the data (e.g. no peak season) at zero.
        MedianRegression.fit(rows, width: names.count + 1, ridge: 1e-3, iterations: iterations)
    }
}

extension DayDistribution {
    /// The distribution with durations stretched by `factor`, splitting each day's mass between the two whole
    /// days around its new position (day 0 stays put).
    public func scaled(by factor: Double) -> DayDistribution {
        guard abs(factor - 1) > 1e-9, factor > 0 else { return self }
        let n = probabilities.count
        var out = [Double](repeating: 0, count: n)
        for (k, p) in probabilities.enumerated() where p > 0 {
            let t = Double(k) * factor
            let a = Int(floor(t))
            let f = t - Double(a)
            out[min(a, n - 1)] += p * (1 - f)
            out[min(a + 1, n - 1)] += p * f
        }
        return DayDistribution(probabilities: out)
    }

    /// The distribution moved later by `days` working days (earlier when negative), splitting a fractional
    /// shift between the two neighbouring whole shifts; mass pushed below day 0 stays at day 0.
    public func shifted(by days: Double) -> DayDistribution {
        guard abs(days) > 1e-9 else { return self }
        let whole = Int(floor(days))
        let fraction = days - Double(whole)
        let n = probabilities.count
        var out = [Double](repeating: 0, count: n)
        for (k, p) in probabilities.enumerated() where p > 0 {
            let a = min(max(k + whole, 0), n - 1)
            let b = min(max(k + whole + 1, 0), n - 1)
            out[a] += p * (1 - fraction)
            out[b] += p * fraction
        }
        return DayDistribution(probabilities: out)
    }
}
