import EDDCore
import Foundation

extension PerformanceReportWriter {
    static func scorecardSection(_ r: PerformanceReport) -> String {
        var h = "<p class=\"sub\">Click a column to sort. Groups with too few shipments are marked ◦ and kept "
        h += "at the bottom, not ranked. Handling and transit in working days; same day: shipped on the day "
        h += "handling could start.</p>"
        for (kind, title) in [("carrier_service", "Carrier services"), ("origin", "Origins (warehouses, sellers)")] {
            let rows = r.scorecards.filter { $0.kind == kind }
            h += "<h3>\(title)</h3>"
            if rows.count > pageRows {
                h += "<p class=\"sub\">The \(pageRows) largest of \(HTMLText.count(rows.count)); "
                h += "tables/scorecards.csv has all.</p>"
            }
            h += scorecardTable(Array(rows.prefix(pageRows)))
        }
        return h
    }

    private static func scorecardTable(_ rows: [PerformanceReport.ScorecardRow]) -> String {
        let headers = [
            "group", "shipments", "delivered", "handling median", "handling p90", "shipped same day",
            "transit median", "transit p90", "on time (95% interval)", "exception", "failed attempt", "lost",
            "returned",
        ]
        var h = "<div class=\"wide\"><table class=\"num summary sortable\"><thead><tr>"
        h += headers.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for s in rows {
            h += s.small ? "<tr class=\"small\">" : "<tr>"
            h += "<th>\(s.small ? "◦ " : "")\(HTMLText.escape(s.group))</th>"
            h += cell(HTMLText.count(s.shipments), Double(s.shipments))
            h += cell(HTMLText.count(s.delivered), Double(s.delivered))
            for v in [s.handlingMedian, s.handlingP90] { h += cell(v.map(String.init) ?? "–", v.map(Double.init)) }
            h += cell(percent(s.sameDayShare), s.sameDayShare)
            for v in [s.transitMedian, s.transitP90] { h += cell(v.map(String.init) ?? "–", v.map(Double.init)) }
            h += cell(interval(s.onTimeRate, s.onTimeLow, s.onTimeHigh), s.onTimeRate)
            for v in [s.exceptionRate, s.attemptRate, s.lostRate, s.returnedRate] { h += cell(percent(v, 2), v) }
            h += "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    static func changeSection(_ r: PerformanceReport) -> String {
        let c = r.changes
        let e = HTMLText.escape
        guard let before = c.before, let after = c.after else {
            return "<p class=\"sub\">The window has fewer than two periods: nothing to compare.</p>"
        }
        var h = "<p class=\"sub\">\(e(before)) against \(e(after)). \(e(c.method)) Groups with fewer than "
        h += "\(c.minimumShipments) shipments in either period are not tested. \(HTMLText.count(c.tests.count)) "
        h += "tests, \(HTMLText.count(c.flagged)) flagged.</p>"
        let flagged = c.tests.filter(\.flagged)
        if flagged.isEmpty {
            h += "<p class=\"ok-note\">No change beyond what noise explains.</p>"
        } else {
            h += changeTable(Array(flagged.prefix(pageRows)), before, after)
        }
        let rest = c.tests.filter { !$0.flagged }
        if !rest.isEmpty {
            h += "<details><summary>The \(min(rest.count, pageRows)) closest calls of \(HTMLText.count(rest.count)) "
            h += "tests not flagged</summary>" + changeTable(Array(rest.prefix(pageRows)), before, after) + "</details>"
        }
        return h
    }

    private static func changeTable(_ rows: [PerformanceReport.ChangeRow], _ before: String, _ after: String) -> String
    {
        let e = HTMLText.escape
        var h = "<div class=\"wide\"><table class=\"num summary sortable\"><thead><tr><th>kind</th><th>group</th>"
        h += "<th>metric</th><th>n \(e(before))</th><th>n \(e(after))</th><th>\(e(before))</th><th>\(e(after))</th>"
        h += "<th>change</th><th>p</th><th>q (BH)</th></tr></thead><tbody>"
        for t in rows {
            let transit = t.metric == "transit_days"
            func show(_ v: Double?, _ p90: Double?) -> String {
                guard let v else { return "–" }
                return transit ? "\(Int(v)) d (p90 \(p90.map { String(Int($0)) } ?? "–"))" : percent(v)
            }
            var change = "–"
            if let d = t.change {
                if transit {
                    // The test compares whole distributions: the median may stay put while the tail moves.
                    change = "median " + signed(d, 0) + " d"
                    if let d90 = t.changeP90 { change += ", p90 " + signed(d90, 0) + " d" }
                } else {
                    change = signed(d * 100, 1) + " pt"
                }
            }
            h += "<tr><th>\(e(t.kind.replacingOccurrences(of: "_", with: " ")))</th><th>\(e(t.group))</th>"
            h += "<td>\(transit ? "transit days" : "on-time rate")</td>"
            h += cell(HTMLText.count(t.beforeShipments), Double(t.beforeShipments))
            h += cell(HTMLText.count(t.afterShipments), Double(t.afterShipments))
            h += cell(show(t.before, t.beforeP90), t.before) + cell(show(t.after, t.afterP90), t.after)
            h += cell(change + (t.z > 0 && transit ? " (slower)" : t.z < 0 && transit ? " (faster)" : ""), t.z)
            h += cell(pValue(t.p), t.p) + cell(pValue(t.q), t.q) + "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// A difference with its sign, a true minus for negatives.
    static func signed(_ v: Double, _ digits: Int) -> String {
        let text = HTMLText.fixed(abs(v), digits)
        if Double(text) == 0 { return "±" + text }
        return (v < 0 ? "−" : "+") + text
    }

    private static func pValue(_ p: Double) -> String {
        p < 0.0001 ? "< 0.0001" : HTMLText.fixed(p, 4)
    }

    static func coverageSection(_ rows: [PerformanceReport.CoverageRow], _ r: PerformanceReport) -> String {
        var h = "<p class=\"sub\">The model's order-time forecast for each delivered order of the window: how often "
        h += "the delivery fell inside its stated 80% and 90% ranges. A calibrated model sits near 80% and 90%; "
        h +=
            "falling coverage over time is drift. Bars are 95% intervals. Only delivered orders are scored, so the latest periods lean "
        h += "towards the fast ones.</p>"
        let all = rows.filter {
            $0.kind == "all" && $0.period != "all" && $0.shipments >= r.changes.minimumShipments
        }
        h += "<div class=\"grid2\">"
        h += rateChart(
            "Inside the stated 80% range (dashed: 80%)",
            all.map { ($0.period, $0.rate80, $0.rate80Low, $0.rate80High) }, r.window.periods,
            yLabel: "share inside the range", reference: [0.8])
        h += rateChart(
            "Inside the stated 90% range (dashed: 90%)",
            all.map { ($0.period, $0.rate90, $0.rate90Low, $0.rate90High) }, r.window.periods,
            yLabel: "share inside the range", reference: [0.9])
        h += "</div>"
        let byService = rows.filter { $0.period == "all" }
        var t = "<div class=\"wide\"><table class=\"num sortable\"><thead><tr><th>group</th><th>orders</th>"
        t += "<th>inside 80% (95% interval)</th><th>before the 80% range</th><th>after it</th>"
        t += "<th>inside 90% (95% interval)</th></tr></thead><tbody>"
        for c in byService {
            t += "<tr><th>\(HTMLText.escape(c.kind == "all" ? "all" : c.group))</th>"
            t += cell(HTMLText.count(c.shipments), Double(c.shipments))
            t += cell(interval(c.rate80, c.rate80Low, c.rate80High), c.rate80)
            t += cell(percent(c.early80Rate), c.early80Rate)
            t += cell(percent(c.late80Rate), c.late80Rate)
            t += cell(interval(c.rate90, c.rate90Low, c.rate90High), c.rate90) + "</tr>"
        }
        return h + t + "</tbody></table></div>"
    }
}
