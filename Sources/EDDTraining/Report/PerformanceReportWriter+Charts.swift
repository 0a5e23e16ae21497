import EDDCore

extension PerformanceReportWriter {
    /// Colours of the day shares 0, 1, …, 9, 10+: blues for fast, through yellow, to reds for slow.
    static let dayColors = [
        "#08306b", "#2171b5", "#4292c6", "#6baed6", "#a1d99b", "#f7e08a", "#fdb863", "#f4894b", "#e0533a",
        "#b2182b", "#67000d",
    ]

    /// Period ticks that fit under a plot about `plotWidth` pixels wide without overlapping.
    static func periodTicks(_ labels: [String], plotWidth: Double = 440) -> [SVGChart.Tick] {
        let labelWidth = Double(labels.map(\.count).max() ?? 1) * 6.6 + 12
        let fitting = max(1, Int(plotWidth / labelWidth))
        let every = max(1, (labels.count + fitting - 1) / fitting)
        return labels.indices.filter { $0 % every == 0 }.map { (Double($0), labels[$0]) }
    }

    /// The share delivered after 0, 1, …, 10+ working days in each period, as stacked bars.
    static func stackedChart(_ title: String, _ rows: [PerformanceReport.DistributionRow], _ labels: [String])
        -> String
    {
        var chart = SVGChart(
            title: title, xLabel: "period", yLabel: "share of shipments",
            xDomain: -0.5...(Double(max(labels.count, 1)) - 0.5), yDomain: 0...1, xTicks: periodTicks(labels),
            yDigits: 1)
        let byPeriod = Dictionary(rows.map { ($0.period, $0) }, uniquingKeysWith: { a, _ in a })
        let bars: [(Double, [Double])] = labels.enumerated().compactMap { i, label in
            byPeriod[label]?.shares.map { (Double(i), $0) }
        }
        guard !bars.isEmpty else {
            chart.message("no period with enough shipments")
            return chart.render()
        }
        // Painted from the top share down: each bar reaches the cumulative share of its day, so the visible
        // part of each colour is that day's share.
        for day in stride(from: 10, through: 0, by: -1) {
            chart.bars(
                bars.map { x, shares in (x - 0.4, x + 0.4, shares[0...day].reduce(0, +)) }, color: dayColors[day])
        }
        return chart.render()
    }

    /// The legend of the stacked charts, as HTML under them.
    static func dayLegend() -> String {
        var h = "<div class=\"legend\">working days:"
        for (day, color) in dayColors.enumerated() {
            h += "<span><i style=\"background:\(color)\"></i>\(day == 10 ? "10+" : String(day))</span>"
        }
        return h + "</div>"
    }

    /// The legend of the percentile charts, as HTML under them.
    static func lineLegend() -> String {
        var h = "<div class=\"legend\">"
        for (color, label) in [(ReportWriter.ours, "transit"), ("#c2410c", "order → delivery")] {
            h += "<span><b style=\"border-top:3px solid \(color)\"></b>\(label) median</span>"
            h += "<span><b style=\"border-top:2px dashed \(color)\"></b>\(label) p90</span>"
        }
        return h + "</div>"
    }

    /// Median and 90th percentile of transit and of order → delivery, per period.
    static func percentileChart(
        _ title: String, transit: [PerformanceReport.DistributionRow], total: [PerformanceReport.DistributionRow],
        _ labels: [String]
    ) -> String {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
        func points(_ rows: [PerformanceReport.DistributionRow], _ value: (PerformanceReport.DistributionRow) -> Int?)
            -> [(x: Double, y: Double)]
        {
            rows.compactMap { r in index[r.period].flatMap { i in value(r).map { (Double(i), Double($0)) } } }
                .sorted { $0.x < $1.x }
        }
        let all = (transit + total).compactMap(\.p90) + (transit + total).compactMap(\.median)
        let top = max(4, Double(all.max() ?? 0) * 1.15)
        var chart = SVGChart(
            title: title, xLabel: "period", yLabel: "working days",
            xDomain: -0.5...(Double(max(labels.count, 1)) - 0.5), yDomain: 0...top, xTicks: periodTicks(labels),
            yDigits: 0)
        guard !all.isEmpty else {
            chart.message("no deliveries")
            return chart.render()
        }
        // The legend goes under the chart (``lineLegend``): four entries beside a title do not fit.
        for (color, rows) in [("#c2410c", total), (ReportWriter.ours, transit)] {
            chart.line(points(rows, \.p90), color: color, width: 1.5, dashed: true)
            chart.line(points(rows, \.median), color: color, dots: true)
        }
        return chart.render()
    }

    /// A rate per period with its 95% interval as a whisker, against an optional reference level.
    static func rateChart(
        _ title: String, _ points: [(period: String, rate: Double?, low: Double?, high: Double?)],
        _ labels: [String], yLabel: String, reference: [Double] = []
    ) -> String {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
        let lows = points.compactMap(\.low) + reference
        // Room below the lowest whisker and any reference line, so neither sits on the axis.
        let yLow = max(0, min(0.8, (((lows.min() ?? 0) - 0.02) * 10).rounded(.down) / 10))
        var chart = SVGChart(
            title: title, xLabel: "period", yLabel: yLabel, xDomain: -0.5...(Double(max(labels.count, 1)) - 0.5),
            yDomain: yLow...1, xTicks: periodTicks(labels), yDigits: 2)
        // Reference lines carry no legend entry: the title says what they are.
        for level in reference {
            chart.line(
                [(-0.5, level), (Double(labels.count) - 0.5, level)], color: ReportWriter.reference, width: 1,
                dashed: true)
        }
        let placed = points.compactMap { p in
            index[p.period].flatMap { i in p.rate.map { (Double(i), $0, p.low ?? $0, p.high ?? $0) } }
        }.sorted { $0.0 < $1.0 }
        guard !placed.isEmpty else {
            chart.message("no shipments with a passed promise")
            return chart.render()
        }
        for p in placed { chart.line([(p.0, p.2), (p.0, p.3)], color: "#9db7d5", width: 3) }
        chart.line(placed.map { ($0.0, $0.1) }, color: ReportWriter.ours, dots: true)
        return chart.render()
    }

    /// Mean calendar days delivered after the promise, per period, against the zero line (below it: early).
    static func lateChart(_ title: String, _ points: [(period: String, days: Double?)], _ labels: [String]) -> String {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
        let placed = points.compactMap { p in index[p.period].flatMap { i in p.days.map { (x: Double(i), y: $0) } } }
            .sorted { $0.x < $1.x }
        let values = placed.map(\.y) + [0]
        // Whole days of room around the extremes, and zero always in view.
        let low = ((values.min() ?? 0) - 0.5).rounded(.down)
        let high = ((values.max() ?? 0) + 0.5).rounded(.up)
        var chart = SVGChart(
            title: title, xLabel: "period", yLabel: "days after the promise",
            xDomain: -0.5...(Double(max(labels.count, 1)) - 0.5),
            yDomain: low...high, xTicks: periodTicks(labels), yDigits: 0)
        chart.line(
            [(-0.5, 0), (Double(labels.count) - 0.5, 0)], color: ReportWriter.reference, width: 1, dashed: true)
        guard !placed.isEmpty else {
            chart.message("no delivery with a passed promise")
            return chart.render()
        }
        chart.line(placed, color: "#c2410c", dots: true)
        return chart.render()
    }
}
