import EDDCore

extension ReportWriter {
    /// Per-fold or per-lane-group figures, one row per key in the given order.
    static func summaryTable(_ summaries: [String: BacktestSummary], keys: [String], keyHeader: String) -> String {
        guard !keys.isEmpty else { return "<p class=\"sub\">No orders.</p>" }
        let headers = [
            keyHeader, "n", "mae_p50", "pinball_mean", "cov80", "width80", "cov90", "crossing", "ontime@0.93",
            "days@0.93", "olist_ontime", "days_at_olist_ontime", "risk_auc",
        ]
        var h = "<div class=\"wide\"><table class=\"num summary\"><thead><tr>"
        h += headers.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for key in keys {
            guard let s = summaries[key] else { continue }
            let cells = [
                HTMLText.count(s.n), HTMLText.fixed(s.maeP50, 2), HTMLText.fixed(s.pinballMean, 2),
                HTMLText.fixed(s.cov80, 3), HTMLText.fixed(s.width80, 1), HTMLText.fixed(s.cov90, 3),
                s.maeP50 == nil ? "–" : HTMLText.count(s.crossing), HTMLText.fixed(s.ontimeAt93, 3),
                HTMLText.fixed(s.daysAt93, 1), HTMLText.fixed(s.olistOntime, 3), HTMLText.fixed(s.daysAtOlistOntime, 2),
                HTMLText.fixed(s.riskAUC, 3),
            ]
            h += "<tr><th>\(HTMLText.escape(key))</th>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// The deciles behind the risk reliability chart.
    static func riskTable(_ m: BacktestMetrics) -> String {
        guard !m.riskReliability.isEmpty else { return "<p class=\"sub\">No orders with a risk prediction.</p>" }
        var h = "<table class=\"num\"><thead><tr><th>decile</th><th>predicted p</th><th>mean predicted</th>"
        h += "<th>observed late</th><th>orders</th></tr></thead><tbody>"
        for (i, bin) in m.riskReliability.enumerated() {
            h += "<tr><th>\(i + 1)</th>"
            h += "<td>\(HTMLText.fixed(bin.lowerProbability, 3))–\(HTMLText.fixed(bin.upperProbability, 3))</td>"
            h += "<td>\(HTMLText.fixed(bin.meanPredicted, 3))</td><td>\(HTMLText.fixed(bin.observedRate, 3))</td>"
            h += "<td>\(HTMLText.count(bin.count))</td></tr>"
        }
        h += "</tbody></table><p class=\"sub\">AUC \(HTMLText.fixed(m.riskAUC, 3)), Brier "
        h += "\(HTMLText.fixed(m.riskBrier, 4)) over \(HTMLText.count(m.riskCount)) orders, against "
        h += "\(HTMLText.fixed(m.riskBrierBase, 4)) for always answering their late rate "
        return h + "(\(HTMLText.fixed(m.riskLateRate, 3))).</p>"
    }

    /// `ontime@c` and `days@c` at every stated confidence, folded away by default.
    static func confidenceTable(_ m: BacktestMetrics) -> String {
        guard !m.confidence.isEmpty else { return "<p class=\"sub\">No orders with an EDD grid.</p>" }
        var h = "<details><summary>ontime@c and days@c at all \(m.confidence.count) stated confidences</summary>"
        h += "<table class=\"num\"><thead><tr><th>c</th><th>ontime@c</th><th>ontime − c</th><th>days@c</th>"
        h += "</tr></thead><tbody>"
        for p in m.confidence {
            h += "<tr><th>\(BacktestMetrics.levelKey(p.confidence))</th><td>\(HTMLText.fixed(p.ontime, 4))</td>"
            h += "<td>\(signed(p.ontime - p.confidence))</td><td>\(HTMLText.fixed(p.meanDays, 2))</td></tr>"
        }
        return h + "</tbody></table></details>"
    }

    private static func signed(_ v: Double) -> String {
        (v < 0 ? "−" : "+") + HTMLText.fixed(abs(v), 4)
    }
}
