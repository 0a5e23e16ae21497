import EDDCore

extension PerformanceReportWriter {
    /// At most this many carrier services get their own distribution charts; the tables hold them all.
    static let chartedServices = 8
    /// At most this many rows of a long table (origins, regions, tests) are on the page; the CSVs hold all.
    static let pageRows = 50
    /// Rows of the per-region and per-origin promise tables on the page.
    static let promiseRows = 20

    /// The report page as one HTML string.
    public static func html(_ r: PerformanceReport) -> String {
        let e = HTMLText.escape
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>\(e(r.title))</title><style>\(ReportWriter.style)\(extraStyle)</style></head><body><main>"
        h += "<h1>\(e(r.title))</h1>"
        h += "<p class=\"sub\">" + windowSentence(r) + "</p>"
        h += "<ul class=\"notes\">" + r.notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        h += "<h2>Overview</h2>" + overviewSection(r)
        guard r.overview.shipments > 0 else {
            h += "<p class=\"empty-note\">No shipments in the window: nothing to report. "
            h += "Check --from and --to against the dates in the data.</p>"
            return h + "</main><script>\(script)</script></body></html>\n"
        }
        if (r.overview.outcomes["delivered"] ?? 0) == 0 {
            h += "<p class=\"empty-note\">No deliveries in the window: the distributions, percentiles and "
            h += "on-time rates below are empty.</p>"
        }
        h += "<h2>Transit-time distribution over time</h2>" + distributionSection(r)
        h += "<h2>Promise performance</h2>" + promiseSection(r)
        h += "<h2>Scorecards</h2>" + scorecardSection(r)
        h += "<h2>What changed</h2>" + changeSection(r)
        if let coverage = r.coverage { h += "<h2>The model beside the data</h2>" + coverageSection(coverage, r) }
        h += "<p class=\"foot\">Every number on this page is in report.json and tables/*.csv next to it. "
        h += "– means undefined (no shipments, or too much still in transit to say).</p>"
        return h + "</main><script>\(script)</script></body></html>\n"
    }

    private static func windowSentence(_ r: PerformanceReport) -> String {
        let e = HTMLText.escape
        var s = "\(HTMLText.count(r.overview.shipments)) shipments ordered "
        if let from = r.window.from, let to = r.window.to {
            s += "from \(e(from)) to \(e(to)), in \(r.window.periods.count) \(e(r.window.period))"
            s += r.window.periods.count == 1 ? "" : "s"
        } else {
            s += "in the window"
        }
        if let cutoff = r.window.cutoff { s += "; data up to \(e(cutoff))" }
        return s + "."
    }

    static func percent(_ v: Double?, _ digits: Int = 1) -> String {
        guard let v else { return "–" }
        return HTMLText.fixed(v * 100, digits) + "%"
    }

    static func interval(_ rate: Double?, _ low: Double?, _ high: Double?) -> String {
        guard let rate else { return "–" }
        return percent(rate) + " <span class=\"ci\">(\(HTMLText.fixed((low ?? rate) * 100, 1))–"
            + "\(HTMLText.fixed((high ?? rate) * 100, 1))%)</span>"
    }

    /// A table cell whose sort key is `value` (missing values sort last).
    static func cell(_ text: String, _ value: Double?) -> String {
        "<td data-v=\"\(value.flatMap { $0.isFinite ? String($0) : nil } ?? "")\">\(text)</td>"
    }

    static func kv(_ rows: [(String, String)]) -> String {
        "<table class=\"kv\"><tbody>"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\($0.1)</td></tr>" }.joined() + "</tbody></table>"
    }

    private static func overviewSection(_ r: PerformanceReport) -> String {
        let o = r.overview
        let outcomes = [
            ("delivered", "delivered"), ("in_transit", "in transit at the cut-off"), ("lost", "lost"),
            ("returned", "returned"), ("canceled", "canceled"),
        ].map { key, label in
            let c = o.outcomes[key] ?? 0
            return (label, HTMLText.count(c) + " <span class=\"ci\">" + percent(o.outcomeShares[key]) + "</span>")
        }
        var h = "<div class=\"grid3\"><div><h3>Shipments by outcome</h3>"
        h += kv([("shipments in the window", HTMLText.count(o.shipments))] + outcomes) + "</div>"
        h += "<div><h3>Input rows</h3>"
        var rows: [(String, String)] = [
            ("rows read", HTMLText.count(o.rowsRead)), ("accepted", HTMLText.count(o.rowsAccepted)),
            ("rejected", HTMLText.count(o.rejectedTotal)),
        ]
        for reason in RejectReason.allCases {
            let c = o.rejected[reason.rawValue] ?? 0
            if c > 0 {
                rows.append(("  " + reason.rawValue.replacingOccurrences(of: "_", with: " "), HTMLText.count(c)))
            }
        }
        rows += [
            ("exact duplicates dropped", HTMLText.count(o.duplicatesDropped)),
            ("rows conflicting with their shipment", HTMLText.count(o.conflictingRows)),
            ("shipments outside the window", HTMLText.count(o.outsideWindow)),
            ("shipments without order or scan dates", HTMLText.count(o.withoutDates)),
        ]
        h += kv(rows) + "</div><div><h3>Counted in the window</h3>"
        h += kv([
            ("carriers", HTMLText.count(o.carriers)), ("carrier services", HTMLText.count(o.carrierServices)),
            ("origins", HTMLText.count(o.origins)), ("destination regions", HTMLText.count(o.destinationRegions)),
            ("lanes", HTMLText.count(o.lanes)), ("with a promised date", HTMLText.count(o.withPromise)),
        ])
        return h + "</div></div>"
    }

    private static func distributionSection(_ r: PerformanceReport) -> String {
        let e = HTMLText.escape
        let labels = r.window.periods
        var groups = [("all", "all")]
        let services = r.scorecards.filter { $0.kind == "carrier_service" }
        if services.count > 1 { groups += services.prefix(chartedServices).map { ("carrier_service", $0.group) } }
        let minimum = r.changes.minimumShipments
        var h = "<p class=\"sub\">Share of shipments delivered after 0, 1, …, 10+ working days, after hand-off "
        h += "(transit) and after the order (order → delivery, handling included), per \(e(r.window.period)) of "
        h += "order (Kaplan–Meier: parcels still in transit are kept as censored), with the median and 90th "
        h += "percentile of both and the on-time rate against the promise. Periods with fewer than "
        h += "\(minimum) shipments are in the tables, not the charts.</p>"
        h += "<div class=\"grid2\">" + dayLegend() + lineLegend() + "</div>"
        for (kind, group) in groups {
            let rows = r.distributions.filter { $0.kind == kind && $0.group == group }
            let transit = rows.filter { $0.measure == "transit" }
            let total = rows.filter { $0.measure == "order_to_delivery" }
            let name = kind == "all" ? "All shipments" : group
            h += "<h3>\(e(name))</h3>"
            // Periods too small to say anything would dominate the charts with noise; the table has them.
            let chartedTransit = transit.filter { $0.period != "all" && $0.shipments >= minimum }
            let chartedTotal = total.filter { $0.period != "all" && $0.shipments >= minimum }
            if chartedTransit.isEmpty && chartedTotal.isEmpty {
                h += "<p class=\"sub\">No \(e(r.window.period)) has \(minimum) or more of these shipments: "
                h += "not charted.</p>"
            } else {
                h += "<div class=\"grid2\">"
                h += stackedChart("\(name): transit days (hand-off → delivery)", chartedTransit, labels)
                h += stackedChart("\(name): order → delivery days", chartedTotal, labels)
                h += percentileChart(
                    "\(name): median and p90, working days", transit: chartedTransit, total: chartedTotal, labels)
                if r.overview.withPromise > 0 {
                    let promise = r.promise.filter {
                        $0.kind == kind && $0.group == group && $0.period != "all" && $0.shipments >= minimum
                    }
                    h += rateChart(
                        "\(name): on-time rate (bars: 95% interval)",
                        promise.map { ($0.period, $0.rate, $0.rateLow, $0.rateHigh) }, labels, yLabel: "on-time rate")
                }
                h += "</div>"
            }
            h += "<details><summary>\(e(name)): the table</summary>" + distributionTable(transit + total)
            h += "</details>"
        }
        if services.count > chartedServices {
            h += "<p class=\"sub\">The \(chartedServices) largest of \(HTMLText.count(services.count)) carrier "
            h += "services are charted; tables/distributions.csv has them all, and each lane and origin with "
            h += "\(minimum) or more shipments over the window.</p>"
        } else {
            h += "<p class=\"sub\">tables/distributions.csv also has the window's distribution of each lane and "
            h += "origin with \(minimum) or more shipments.</p>"
        }
        return h
    }

    private static func distributionTable(_ rows: [PerformanceReport.DistributionRow]) -> String {
        var h = "<div class=\"wide\"><table class=\"num summary sortable\"><thead><tr><th>measure</th><th>period</th>"
        h += "<th>shipments</th><th>delivered</th><th>in transit</th>"
        h += (0...10).map { "<th>\($0 == 10 ? "10+" : String($0))</th>" }.joined()
        h += "<th>median</th><th>p90</th></tr></thead><tbody>"
        for d in rows {
            h += "<tr><th>\(d.measure == "transit" ? "transit" : "order → delivery")</th>"
            h += "<th>\(HTMLText.escape(d.period))</th>"
            h += cell(HTMLText.count(d.shipments), Double(d.shipments))
            h += cell(HTMLText.count(d.delivered), Double(d.delivered))
            h += cell(HTMLText.count(d.censored), Double(d.censored))
            for s in d.shares ?? Array(repeating: .nan, count: 11) {
                h += cell(s.isNaN ? "–" : percent(s), s.isNaN ? nil : s)
            }
            h += cell(d.median.map(String.init) ?? "–", d.median.map(Double.init))
            h += cell(d.p90.map(String.init) ?? "–", d.p90.map(Double.init)) + "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    private static func promiseSection(_ r: PerformanceReport) -> String {
        guard r.overview.withPromise > 0 else { return "<p class=\"sub\">No shipment has a promised date.</p>" }
        let labels = r.window.periods
        let all = r.promise.filter {
            $0.kind == "all" && $0.period != "all" && $0.shipments >= r.changes.minimumShipments
        }
        var h = "<p class=\"sub\">On time: delivered on or before the promised date (destination local). Only "
        h += "shipments whose promised date has passed by the cut-off are counted; lost, returned and still "
        h += "undelivered ones count as late. Mean days late is over the delivered ones (negative: early).</p>"
        // The on-time rate over time is charted beside each group's transit times above; here, how early or
        // late the deliveries came.
        h += "<div class=\"grid2\">"
        h += lateChart(
            "Mean days late, all shipments (below 0: early)", all.map { ($0.period, $0.meanDaysLate) }, labels)
        let byPeriod = r.promise.filter { $0.kind == "all" }
        // A long run of weeks would make the page scroll for ever: beyond a few rows, fold the table away.
        if byPeriod.count > 20 {
            h += "</div><details><summary>On-time rate by \(HTMLText.escape(r.window.period)): the table</summary>"
            h += promiseTable(byPeriod, key: "period") + "</details>"
        } else {
            h += "<div>" + promiseTable(byPeriod, key: "period") + "</div></div>"
        }
        for (kind, title) in [
            ("carrier_service", "By carrier service"), ("destination_region", "By destination region"),
            ("origin", "By origin"),
        ] {
            let rows = r.promise.filter { $0.kind == kind && $0.period == "all" }
            guard !rows.isEmpty else { continue }
            h += "<h3>\(title)</h3>"
            if rows.count > promiseRows {
                h += "<p class=\"sub\">The \(promiseRows) largest of \(HTMLText.count(rows.count)); "
                h += "tables/promise.csv has all, "
                h += "and each by \(HTMLText.escape(r.window.period)).</p>"
            }
            h += promiseTable(Array(rows.prefix(promiseRows)), key: "group")
        }
        return h
    }

    private static func promiseTable(_ rows: [PerformanceReport.PromiseRow], key: String) -> String {
        var h = "<div class=\"wide\"><table class=\"num sortable\"><thead><tr><th>\(key)</th><th>shipments</th>"
        h += "<th>on time</th><th>rate (95% interval)</th><th>mean days late</th></tr></thead><tbody>"
        for p in rows {
            h += "<tr><th>\(HTMLText.escape(key == "period" ? p.period : p.group))</th>"
            h += cell(HTMLText.count(p.shipments), Double(p.shipments))
            h += cell(HTMLText.count(p.onTime), Double(p.onTime))
            h += cell(interval(p.rate, p.rateLow, p.rateHigh), p.rate)
            h += cell(HTMLText.fixed(p.meanDaysLate, 2), p.meanDaysLate) + "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    private static let extraStyle = """
        h3{font-size:16px;margin:22px 0 6px}
        .legend{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;font-size:13px;color:#57606a;margin:6px 0}
        .legend span{display:inline-flex;align-items:center;gap:4px}.legend i{display:inline-block;width:14px;\
        height:11px}.legend b{display:inline-block;width:22px;height:0}
        .ci{color:#6e7781;font-size:12px}.empty-note{background:#fff4e5;border:1px solid #f0c36d;padding:10px 14px}
        .ok-note{background:#eaf6ec;border:1px solid #9bd1a6;padding:8px 14px}
        table.sortable thead th{cursor:pointer;white-space:normal;vertical-align:bottom}table.sortable thead th[data-dir=asc]::after{content:" ▲"}
        table.sortable thead th[data-dir=desc]::after{content:" ▼"}tr.small{color:#8c959f}
        table.sortable tbody th{white-space:normal;overflow-wrap:anywhere;min-width:10.5em;max-width:22em}
        @media print{main{max-width:none;padding:0}.wide{overflow:visible}.chart{break-inside:avoid}\
        h2,h3{break-after:avoid}table.num{font-size:9px}table.num th,table.num td{padding:2px 3px}\
        table.sortable tbody th{min-width:0}}
        """

    /// Sorts a table by the clicked column (numbers by their data-v, else text); marked small rows stay last.
    /// Printing opens every folded table, so paper holds what the screen can unfold.
    private static let script = """
        document.querySelectorAll('table.sortable thead th').forEach(function(th){th.addEventListener('click',\
        function(){var row=th.parentNode,i=Array.prototype.indexOf.call(row.children,th),body=th.closest('table')\
        .tBodies[0],asc=th.dataset.dir!=='asc';row.querySelectorAll('th').forEach(function(x){delete x.dataset.dir});\
        th.dataset.dir=asc?'asc':'desc';function key(r){var c=r.children[i],v=c.dataset.v;return v===undefined?\
        c.textContent:(v===''?null:parseFloat(v))}var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){\
        var sa=a.classList.contains('small'),sb=b.classList.contains('small');if(sa!==sb)return sa?1:-1;var x=key(a),\
        y=key(b);if(x===null)return y===null?0:1;if(y===null)return -1;var d=typeof x==='number'?x-y:String(x)\
        .localeCompare(String(y));return asc?d:-d});rows.forEach(function(r){body.appendChild(r)})})});\
        window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){\
        d.open=true})});
        """
}
