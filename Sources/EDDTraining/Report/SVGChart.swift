import EDDCore

/// A small inline-SVG chart: one plot area with linear axes, ticks, labels, a legend and a few marks.
///
/// Enough for the backtest report's line, point and bar charts without any external library or script.
/// Values outside the domains are clamped to the plot edge; all text is HTML-escaped.
struct SVGChart {
    /// A tick: a position in data units and its label.
    typealias Tick = (value: Double, label: String)

    var title: String
    var xLabel: String
    var yLabel: String
    var xDomain: ClosedRange<Double>
    var yDomain: ClosedRange<Double>
    var xTicks: [Tick]
    var yTicks: [Tick]
    var width = 520.0
    var height = 340.0
    private let left = 62.0
    private let right = 18.0
    private let top = 40.0
    private let bottom = 52.0
    private var marks: [String] = []
    private var legend: [LegendEntry] = []

    /// How a legend entry is drawn: a line (solid or dashed) or a filled swatch.
    enum LegendKind {
        case line
        case dashed
        case swatch
    }

    private struct LegendEntry {
        var label: String
        var color: String
        var kind: LegendKind
    }

    init(
        title: String, xLabel: String, yLabel: String, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>,
        xTicks: [Tick]? = nil, yTicks: [Tick]? = nil, xDigits: Int = 1, yDigits: Int = 2
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xDomain = Self.widened(xDomain)
        self.yDomain = Self.widened(yDomain)
        self.xTicks = xTicks ?? Self.niceTicks(self.xDomain).map { ($0, HTMLText.fixed($0, xDigits)) }
        self.yTicks = yTicks ?? Self.niceTicks(self.yDomain).map { ($0, HTMLText.fixed($0, yDigits)) }
    }

    /// The pixel column of a data x.
    func px(_ x: Double) -> Double {
        let t = (min(max(x, xDomain.lowerBound), xDomain.upperBound) - xDomain.lowerBound) / span(xDomain)
        return left + t * (width - left - right)
    }

    /// The pixel row of a data y (up is larger).
    func py(_ y: Double) -> Double {
        let t = (min(max(y, yDomain.lowerBound), yDomain.upperBound) - yDomain.lowerBound) / span(yDomain)
        return height - bottom - t * (height - top - bottom)
    }

    /// A polyline through the points, optionally dashed or with a dot on each point.
    mutating func line(
        _ points: [(x: Double, y: Double)], color: String, width: Double = 2, dashed: Bool = false,
        dots: Bool = false, label: String? = nil
    ) {
        guard !points.isEmpty else { return }
        let path = points.map { "\(c(px($0.x))),\(c(py($0.y)))" }.joined(separator: " ")
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        marks.append(
            "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(c(width))\""
                + " stroke-linejoin=\"round\"\(dash)/>")
        if dots { for p in points { dot(x: p.x, y: p.y, color: color, radius: 2.6) } }
        if let label { legend.append(LegendEntry(label: label, color: color, kind: dashed ? .dashed : .line)) }
    }

    /// Vertical bars from the x axis (y = domain minimum) up to each bar's height.
    mutating func bars(_ bars: [(x0: Double, x1: Double, y: Double)], color: String, label: String? = nil) {
        for b in bars {
            let x0 = px(b.x0) + 0.5
            let x1 = px(b.x1) - 0.5
            let y = py(b.y)
            marks.append(
                "<rect x=\"\(c(x0))\" y=\"\(c(y))\" width=\"\(c(max(x1 - x0, 0)))\""
                    + " height=\"\(c(max(py(yDomain.lowerBound) - y, 0)))\" fill=\"\(color)\"/>")
        }
        if let label { legend.append(LegendEntry(label: label, color: color, kind: .swatch)) }
    }

    /// A filled horizontal band between two y values, e.g. a goal range, drawn beneath every other mark.
    mutating func band(from y0: Double, to y1: Double, color: String, label: String? = nil) {
        marks.insert(
            "<rect x=\"\(c(left))\" y=\"\(c(py(y1)))\" width=\"\(c(width - left - right))\""
                + " height=\"\(c(max(py(y0) - py(y1), 0)))\" fill=\"\(color)\"/>", at: 0)
        if let label { legend.append(LegendEntry(label: label, color: color, kind: .swatch)) }
    }

    /// A dot, with an optional label beside it.
    mutating func dot(
        x: Double, y: Double, color: String, radius: Double = 4, label: String? = nil, labelBelow: Bool = false,
        labelLeft: Bool = false
    ) {
        marks.append(
            "<circle cx=\"\(c(px(x)))\" cy=\"\(c(py(y)))\" r=\"\(c(radius))\" fill=\"\(color)\""
                + " stroke=\"#fff\" stroke-width=\"1\"/>")
        guard let label else { return }
        // Flip the label to the other side when it would run off the chart (about 6.6 px per character).
        let textWidth = Double(label.count) * 6.6
        var toLeft = labelLeft
        if !toLeft && px(x) + radius + 4 + textWidth > width - 4 { toLeft = true }
        if toLeft && px(x) - radius - 4 - textWidth < 4 { toLeft = false }
        let dx = toLeft ? -radius - 4 : radius + 4
        let dy = labelBelow ? radius + 12 : -radius - 4
        let anchor = toLeft ? "end" : "start"
        marks.append(
            "<text x=\"\(c(px(x) + dx))\" y=\"\(c(py(y) + dy))\" text-anchor=\"\(anchor)\" class=\"ann\""
                + " fill=\"\(color)\">\(HTMLText.escape(label))</text>")
    }

    /// A line of text in the plot's top-left corner, where calibration curves leave room.
    mutating func caption(_ text: String, color: String) {
        marks.append(
            "<text x=\"\(c(left + 10))\" y=\"\(c(top + 16))\" class=\"ann\" fill=\"\(color)\">"
                + "\(HTMLText.escape(text))</text>")
    }

    /// A grey message in the middle of the plot area, e.g. when there is nothing to draw.
    mutating func message(_ text: String) {
        marks.append(
            "<text x=\"\(c((left + width - right) / 2))\" y=\"\(c((top + height - bottom) / 2))\""
                + " text-anchor=\"middle\" class=\"empty\">\(HTMLText.escape(text))</text>")
    }

    /// The chart as an `<svg>` element that scales to its container's width.
    func render() -> String {
        var s = "<svg viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\""
        s += " aria-label=\"\(HTMLText.escape(title))\" class=\"chart\">"
        s += "<text x=\"\(c(left))\" y=\"20\" class=\"ttl\">\(HTMLText.escape(title))</text>"
        let x0 = left
        let x1 = width - right
        let y0 = height - bottom
        let y1 = top
        for t in yTicks where yDomain.contains(t.value) {
            let y = c(py(t.value))
            s += "<line x1=\"\(c(x0))\" x2=\"\(c(x1))\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
            s += "<text x=\"\(c(x0 - 6))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\" class=\"tick\">"
            s += "\(HTMLText.escape(t.label))</text>"
        }
        for t in xTicks where xDomain.contains(t.value) {
            let x = c(px(t.value))
            s += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(c(y0))\" y2=\"\(c(y0 + 5))\" class=\"axis\"/>"
            s += "<text x=\"\(x)\" y=\"\(c(y0 + 18))\" text-anchor=\"middle\" class=\"tick\">"
            s += "\(HTMLText.escape(t.label))</text>"
        }
        s += marks.joined()
        s += "<polyline points=\"\(c(x0)),\(c(y1)) \(c(x0)),\(c(y0)) \(c(x1)),\(c(y0))\" fill=\"none\" class=\"axis\"/>"
        s += "<text x=\"\(c((x0 + x1) / 2))\" y=\"\(c(height - 10))\" text-anchor=\"middle\" class=\"lbl\">"
        s += "\(HTMLText.escape(xLabel))</text>"
        s += "<text transform=\"translate(16 \(c((y0 + y1) / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"lbl\">"
        s += "\(HTMLText.escape(yLabel))</text>"
        s += renderLegend()
        return s + "</svg>"
    }

    private func renderLegend() -> String {
        var s = ""
        var x = width - right
        // Right-aligned on the title row, laid out from the right edge leftwards.
        for entry in legend.reversed() {
            let textWidth = Double(entry.label.count) * 6.6
            x -= textWidth
            s += "<text x=\"\(c(x))\" y=\"20\" class=\"leg\">\(HTMLText.escape(entry.label))</text>"
            switch entry.kind {
            case .swatch:
                s += "<rect x=\"\(c(x - 21))\" y=\"10\" width=\"14\" height=\"11\" fill=\"\(entry.color)\"/>"
            case .line, .dashed:
                let dash = entry.kind == .dashed ? " stroke-dasharray=\"4 3\"" : ""
                s += "<line x1=\"\(c(x - 24))\" x2=\"\(c(x - 5))\" y1=\"16\" y2=\"16\" stroke=\"\(entry.color)\""
                s += " stroke-width=\"2.5\"\(dash)/>"
            }
            x -= 38
        }
        return s
    }

    private func c(_ v: Double) -> String { HTMLText.coordinate(v) }

    private func span(_ d: ClosedRange<Double>) -> Double { d.upperBound - d.lowerBound }

    /// A zero-width domain would divide by zero; give it some room.
    static func widened(_ d: ClosedRange<Double>) -> ClosedRange<Double> {
        guard d.lowerBound.isFinite, d.upperBound.isFinite else { return 0...1 }
        return d.upperBound > d.lowerBound ? d : (d.lowerBound - 0.5)...(d.upperBound + 0.5)
    }

    /// About five round tick values (steps of 1, 2 or 5 × 10ᵏ) inside the domain.
    static func niceTicks(_ d: ClosedRange<Double>, target: Double = 5) -> [Double] {
        let raw = (d.upperBound - d.lowerBound) / target
        guard raw > 0, raw.isFinite else { return [d.lowerBound] }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? power * 10
        let first = (d.lowerBound / step).rounded(.up)
        let last = (d.upperBound / step).rounded(.down)
        guard last >= first, last - first < 1000 else { return [d.lowerBound] }
        // Multiplying integers by the step keeps 0.1-steps free of accumulated drift.
        return stride(from: first, through: last, by: 1).map { ($0 * step * 1e9).rounded() / 1e9 }
    }
}
