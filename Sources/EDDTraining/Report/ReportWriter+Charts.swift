import EDDCore

extension ReportWriter {
    /// (a) Stated confidence versus observed on-time rate, with the diagonal of perfect calibration.
    static func confidenceChart(_ m: BacktestMetrics) -> String {
        let lowest = m.confidence.map(\.ontime).min() ?? 0.5
        let yLow = min(0.5, (lowest * 10).rounded(.down) / 10)
        var chart = SVGChart(
            title: "Reliability of stated confidence", xLabel: "stated confidence c",
            yLabel: "observed on-time rate", xDomain: 0.5...1, yDomain: yLow...1, xDigits: 1, yDigits: 1)
        chart.line([(0.5, 0.5), (1, 1)], color: reference, width: 1.2, dashed: true, label: "calibrated")
        guard !m.confidence.isEmpty else { return empty(chart) }
        chart.line(m.confidence.map { ($0.confidence, $0.ontime) }, color: ours, dots: true, label: "edd")
        if let p = m.confidence.first(where: { abs($0.confidence - BacktestMetrics.headlineConfidence) < 1e-9 }) {
            chart.dot(x: p.confidence, y: p.ontime, color: marketplace, radius: 4.5)
            chart.caption("● stated 0.93 → on time \(HTMLText.fixed(p.ontime, 3))", color: marketplace)
        }
        return chart.render()
    }

    /// Quantile level τ versus the share of orders at or below qτ.
    static func quantileChart(_ m: BacktestMetrics) -> String {
        var chart = SVGChart(
            title: "Reliability of quantiles", xLabel: "quantile level τ", yLabel: "share with y ≤ qτ",
            xDomain: 0...1, yDomain: 0...1, xDigits: 1, yDigits: 1)
        chart.line([(0, 0), (1, 1)], color: reference, width: 1.2, dashed: true, label: "calibrated")
        guard !m.quantileCalibration.isEmpty else { return empty(chart) }
        chart.line(m.quantileCalibration.map { ($0.level, $0.share) }, color: ours, dots: true, label: "edd")
        return chart.render()
    }

    /// (b) Histogram of the randomized PIT as a density, where a calibrated model sits on 1.
    static func pitChart(_ m: BacktestMetrics) -> String {
        let bins = m.pitHistogram.count
        let densities = m.pitHistogram.map { Double($0) * Double(bins) / Double(max(m.pitCount, 1)) }
        let top = max(1.5, (densities.max() ?? 0) * 1.1)
        var chart = SVGChart(
            title: "PIT histogram", xLabel: "PIT", yLabel: "density", xDomain: 0...1, yDomain: 0...top,
            xDigits: 1, yDigits: 1)
        guard bins > 0 else { return empty(chart) }
        let width = 1 / Double(bins)
        chart.bars(
            densities.enumerated().map { (Double($0.offset) * width, Double($0.offset + 1) * width, $0.element) },
            color: "#9db7d5", label: "edd (\(HTMLText.count(m.pitCount)) orders)")
        chart.line([(0, 1), (1, 1)], color: marketplace, width: 1.5, dashed: true, label: "uniform")
        return chart.render()
    }

    /// (c) On-time rate versus mean promise length over the confidence grid, with the marketplace's point.
    static func frontierChart(_ m: BacktestMetrics) -> String {
        let marketRate = m.olistOntime ?? BacktestReference.olistOntime
        let marketDays = m.olistDays ?? BacktestReference.olist.first?.daysAtOlistOntime ?? 0
        let days = m.confidence.map(\.meanDays) + [marketDays]
        let rates = m.confidence.map(\.ontime) + [marketRate]
        let xLow = ((days.min() ?? 0) / 5).rounded(.down) * 5
        let xHigh = ((days.max() ?? 1) / 5).rounded(.up) * 5
        let yLow = min(0.9, ((rates.min() ?? 0.5) * 20).rounded(.down) / 20)
        var chart = SVGChart(
            title: "On-time rate versus promise length", xLabel: "mean promise length (days)",
            yLabel: "on-time rate", xDomain: xLow...xHigh, yDomain: yLow...1, xDigits: 0, yDigits: 2)
        guard !m.confidence.isEmpty else { return empty(chart) }
        chart.line([(xLow, marketRate), (xHigh, marketRate)], color: reference, width: 1, dashed: true)
        chart.line(m.confidence.map { ($0.meanDays, $0.ontime) }, color: ours, dots: true, label: "edd, c = 0.50…0.995")
        switch m.daysAtOlistOntime?.status {
        case .interpolated?:
            let days = m.daysAtOlistOntime!.days
            chart.dot(
                x: days, y: marketRate, color: ours, radius: 5, label: "edd \(HTMLText.fixed(days, 1)) d",
                labelLeft: true)
        case .aboveGrid?: chart.caption("edd does not reach the marketplace's rate even at c = 0.995", color: ours)
        case .belowGrid?: chart.caption("edd is on time more often than the marketplace at every c", color: ours)
        case nil: break
        }
        chart.dot(
            x: marketDays, y: marketRate, color: marketplace, radius: 5,
            label: "marketplace \(HTMLText.fixed(marketDays, 1)) d, \(HTMLText.fixed(marketRate, 3))", labelBelow: true)
        return chart.render()
    }

    /// (d) mae_p50, cov80 and ontime@0.93 by fold, each against its goal band.
    static func foldTrendCharts(_ m: BacktestMetrics) -> String {
        let folds = m.byFold.keys.sorted()
        let summaries = folds.map { m.byFold[$0]! }
        // Keep only as many fold labels as fit side by side under a 280-pixel-wide plot.
        let labelWidth = Double(folds.map(\.count).max() ?? 1) * 6.6 + 10
        let fitting = max(1, Int(280 / labelWidth))
        let every = max(1, (folds.count + fitting - 1) / fitting)
        let ticks = folds.indices.filter { $0 % every == 0 }.map { (Double($0), folds[$0]) }
        let xDomain = -0.5...(Double(max(folds.count, 1)) - 0.5)
        func chart(
            _ title: String, _ values: [Double?], _ yDomain: ClosedRange<Double>, goal: ClosedRange<Double>,
            _ digits: Int
        ) -> String {
            var c = SVGChart(
                title: title, xLabel: "fold", yLabel: title, xDomain: xDomain, yDomain: yDomain, xTicks: ticks,
                yDigits: digits)
            c.width = 360
            c.height = 260
            c.band(from: goal.lowerBound, to: goal.upperBound, color: goalBand, label: "goal")
            let points = values.enumerated().compactMap { i, v in v.map { (Double(i), $0) } }
            guard !points.isEmpty else { return empty(c) }
            c.line(points, color: ours, dots: true, label: "edd")
            return c.render()
        }
        let mae = summaries.map(\.maeP50)
        let cov = summaries.map(\.cov80)
        let onTime = summaries.map(\.ontimeAt93)
        let maeTop = max(6, (mae.compactMap { $0 }.max() ?? 0) * 1.15)
        let covLow = min(0.6, ((cov.compactMap { $0 }.min() ?? 1) * 10).rounded(.down) / 10)
        let onTimeLow = min(0.8, ((onTime.compactMap { $0 }.min() ?? 1) * 10).rounded(.down) / 10)
        return chart("mae_p50 (days)", mae, 0...maeTop, goal: 0...5, 0)
            + chart("cov80", cov, covLow...1, goal: 0.78...0.82, 2)
            + chart("ontime@0.93", onTime, onTimeLow...1, goal: 0.92...1, 2)
    }

    /// (e) Deciles of predicted late probability: mean predicted versus observed late rate.
    static func riskChart(_ m: BacktestMetrics) -> String {
        let highest = m.riskReliability.flatMap { [$0.meanPredicted, $0.observedRate] }.max() ?? 0.5
        let top = min(1, max(0.1, (highest * 1.1 * 20).rounded(.up) / 20))
        var chart = SVGChart(
            title: "Risk reliability (deciles)", xLabel: "mean predicted P(late)", yLabel: "observed late rate",
            xDomain: 0...top, yDomain: 0...top, xDigits: 2, yDigits: 2)
        chart.line([(0, 0), (top, top)], color: reference, width: 1.2, dashed: true, label: "calibrated")
        guard !m.riskReliability.isEmpty else { return empty(chart) }
        chart.line(m.riskReliability.map { ($0.meanPredicted, $0.observedRate) }, color: ours, dots: true, label: "edd")
        return chart.render()
    }

    private static func empty(_ chart: SVGChart) -> String {
        var chart = chart
        chart.message("no data")
        return chart.render()
    }
}
