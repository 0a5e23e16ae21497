import EDDCore
import Foundation

/// Writes a backtest's `index.html` (one self-contained page: inline CSS and SVG, no scripts, no external
/// assets) and `metrics.json` into a directory.
public enum ReportWriter {
    /// Writes the report files, creating the directory if needed.
    ///
    /// - Parameters:
    ///   - metrics: The pooled figures of the run.
    ///   - references: Peer rows for the headline table, by default BACKTEST.md's.
    ///   - directory: The output directory's path.
    ///   - title: The page title, e.g. "edd backtest 2018-01 … 2018-07".
    ///   - notes: Free lines shown under the title (command, model version, run time).
    /// - Throws: ``OutputFileError`` when the directory or a file cannot be written.
    public static func write(
        metrics: BacktestMetrics, references: [BacktestReference] = BacktestReference.olist, to directory: String,
        title: String, notes: [String] = []
    ) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputFileError(directory, "the directory cannot be created")
        }
        let html = Data(self.html(metrics: metrics, references: references, title: title, notes: notes).utf8)
        let json = try metrics.jsonData()
        for (name, data) in [("index.html", html), ("metrics.json", json)] {
            let path = (directory as NSString).appendingPathComponent(name)
            try OutputFile.write([UInt8](data), to: path)
        }
    }

    /// The report page as one HTML string.
    public static func html(
        metrics: BacktestMetrics, references: [BacktestReference] = BacktestReference.olist, title: String,
        notes: [String] = []
    ) -> String {
        let e = HTMLText.escape
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>\(e(title))</title><style>\(style)</style></head><body><main>"
        h += "<h1>\(e(title))</h1>"
        let folds = metrics.byFold.keys.sorted()
        var facts = "\(HTMLText.count(metrics.n)) orders"
        if let f = folds.first, let l = folds.last {
            facts += " in \(folds.count) fold\(folds.count == 1 ? "" : "s") (\(e(f)) … \(e(l)))"
        }
        facts += ", \(HTMLText.count(metrics.byLaneGroup.count)) lane groups"
        if metrics.malformed > 0 { facts += ", \(HTMLText.count(metrics.malformed)) malformed records" }
        h += "<p class=\"sub\">\(facts).</p>"
        if !notes.isEmpty { h += "<ul class=\"notes\">" + notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>" }
        h += "<h2>Headline figures</h2>" + headlineTable(metrics, references)
        h += detailTable(metrics)
        h += "<h2>Calibration</h2><div class=\"grid2\">"
        h += confidenceChart(metrics) + quantileChart(metrics) + pitChart(metrics) + frontierChart(metrics)
        h += "</div><h2>By fold</h2><div class=\"grid3\">" + foldTrendCharts(metrics) + "</div>"
        h += summaryTable(metrics.byFold, keys: folds, keyHeader: "fold")
        let groups = metrics.byLaneGroup.sorted { ($0.value.n, $1.key) > ($1.value.n, $0.key) }.prefix(15)
        h += "<h2>By lane group</h2><p class=\"sub\">The \(groups.count) largest of "
        h += "\(HTMLText.count(metrics.byLaneGroup.count)) groups by orders.</p>"
        h += summaryTable(metrics.byLaneGroup, keys: groups.map(\.key), keyHeader: "lane group")
        h += "<h2>Delay risk at hand-off</h2><div class=\"grid2\">" + riskChart(metrics)
        h += "<div>" + riskTable(metrics) + "</div></div>"
        h += "<h2>Confidence grid</h2>" + confidenceTable(metrics)
        h += "<p class=\"foot\">Metrics as defined in BACKTEST.md (protocol v1). Reference rows are the peer "
        h += "figures measured there on the same seven monthly folds; – means not reported or undefined.</p>"
        return h + "</main></body></html>\n"
    }

    /// One column of the headline table: our figure, a peer's, and the goal if there is one.
    private struct Column: Sendable {
        var header: String
        var ours: @Sendable (BacktestMetrics) -> Double?
        var theirs: @Sendable (BacktestReference) -> Double?
        var digits: Int
    }

    private static let columns: [Column] = [
        Column(header: "mae_p50", ours: { $0.maeP50 }, theirs: { $0.maeP50 }, digits: 2),
        Column(header: "pinball_mean", ours: { $0.pinballMean }, theirs: { $0.pinballMean }, digits: 2),
        Column(header: "cov80", ours: { $0.cov80 }, theirs: { $0.cov80 }, digits: 3),
        Column(header: "cov90", ours: { $0.cov90 }, theirs: { $0.cov90 }, digits: 3),
        Column(
            header: "crossing", ours: { $0.maeP50 == nil ? nil : Double($0.crossing) },
            theirs: { $0.crossing.map(Double.init) }, digits: 0),
        Column(
            header: "days_at_olist_ontime", ours: { $0.daysAtOlistOntime?.days }, theirs: { $0.daysAtOlistOntime },
            digits: 2),
        Column(
            header: "ontime@0.93", ours: { $0.ontime(at: BacktestMetrics.headlineConfidence) },
            theirs: { $0.ontimeAt93 }, digits: 3),
        Column(header: "risk_auc", ours: { $0.riskAUC }, theirs: { $0.riskAUC }, digits: 3),
        Column(header: "risk_brier", ours: { $0.riskBrier }, theirs: { $0.riskBrier }, digits: 4),
    ]

    private static func headlineTable(_ m: BacktestMetrics, _ references: [BacktestReference]) -> String {
        let e = HTMLText.escape
        let goals = Dictionary(BacktestGoal.olist.map { ($0.metric, $0) }, uniquingKeysWith: { a, _ in a })
        var h = "<table class=\"num headline\"><thead><tr><th>model</th>"
        h +=
            columns.map { "<th>\(e($0.header))</th>" }.joined()
            + "</tr></thead><tbody><tr class=\"ours\"><th>edd (this run)"
        if let status = m.daysAtOlistOntime?.status, status != .interpolated {
            h +=
                "<span class=\"note\">days_at_olist_ontime: \(e(status.rawValue.replacingOccurrences(of: "_", with: " ")))</span>"
        }
        h += "</th>"
        for col in columns {
            var cell = HTMLText.fixed(col.ours(m), col.digits)
            switch goals[col.header]?.isMet(by: m) {
            case true?: cell += " <span class=\"pass\" title=\"goal met\">✓</span>"
            case false?: cell += " <span class=\"fail\" title=\"goal missed\">✗</span>"
            case nil: break
            }
            h += "<td>\(cell)</td>"
        }
        h += "</tr>"
        for r in references {
            h += "<tr><th>\(e(r.name))"
            if !r.note.isEmpty { h += "<span class=\"note\">\(e(r.note))</span>" }
            h += "</th>" + columns.map { "<td>\(HTMLText.fixed($0.theirs(r), $0.digits))</td>" }.joined() + "</tr>"
        }
        h += "<tr class=\"goal\"><th>goal</th>"
        h += columns.map { "<td>\(e(goals[$0.header]?.boundText ?? "–"))</td>" }.joined()
        return h + "</tr></tbody></table>"
    }

    private static func detailTable(_ m: BacktestMetrics) -> String {
        let rows: [(String, String)] = [
            ("orders", HTMLText.count(m.n)),
            ("width80 (days)", HTMLText.fixed(m.width80, 2)),
            ("width90 (days)", HTMLText.fixed(m.width90, 2)),
            ("days@0.93", HTMLText.fixed(m.days(at: BacktestMetrics.headlineConfidence), 2)),
            ("orders with a promise", HTMLText.count(m.olistCount)),
            ("olist_ontime", HTMLText.fixed(m.olistOntime, 4)),
            ("olist_days", HTMLText.fixed(m.olistDays, 2)),
            ("confidence at olist_ontime", HTMLText.fixed(m.daysAtOlistOntime?.confidence, 3)),
            ("orders with risk scored", HTMLText.count(m.riskCount)),
        ]
        return "<table class=\"kv\"><tbody>"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\($0.1)</td></tr>" }.joined() + "</tbody></table>"
    }

    static let ours = "#2563a8"
    static let marketplace = "#c2410c"
    static let reference = "#8a8f98"
    static let goalBand = "#e3f1e6"

    static let style = """
        body{margin:0;background:#f6f7f9;color:#1f2328;font:15px/1.45 system-ui,-apple-system,"Segoe UI",\
        Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
        h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;\
        border-bottom:1px solid #d8dbe0}
        .sub{color:#57606a;margin:4px 0 10px}.notes{color:#57606a;margin:6px 0;padding-left:20px;font-size:13px}
        .foot{color:#6e7781;font-size:13px;margin-top:30px}
        table{border-collapse:collapse;background:#fff;border:1px solid #d8dbe0;margin:8px 0;font-size:14px}
        th,td{padding:5px 10px;border-bottom:1px solid #eaecef;text-align:left;vertical-align:top}
        thead th{background:#eef0f3;font-weight:600;font-size:13px;white-space:nowrap}tbody th{white-space:nowrap}
        table.num td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.ours{background:#eef4fb}tr.ours th{color:#1d4f86}tr.goal{color:#57606a;font-style:italic}
        .note{display:block;font-weight:400;font-size:12px;color:#6e7781}
        .pass{color:#1a7f37;font-weight:700}.fail{color:#cf222e;font-weight:700}
        table.kv th{font-weight:500;color:#57606a}table.kv td{text-align:right;font-variant-numeric:tabular-nums}
        .wide{overflow-x:auto}table.summary{font-size:13px}table.summary th,table.summary td{padding:4px 8px}
        .grid2 table{margin-top:0}
        .grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        .grid3{display:grid;grid-template-columns:1fr 1fr 1fr;gap:16px}
        .chart{width:100%;height:auto;background:#fff;border:1px solid #d8dbe0;border-radius:4px}
        .chart text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
        .ttl{font-size:14px;font-weight:600;fill:#1f2328}.tick{font-size:11px;fill:#57606a}
        .lbl{font-size:12px;fill:#1f2328}.leg{font-size:11px;fill:#1f2328}.ann{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        .grid{stroke:#eceef1;stroke-width:1}.axis{stroke:#8c959f;stroke-width:1}
        .empty{font-size:13px;fill:#8c959f}
        details summary{cursor:pointer;color:#2563a8;margin:6px 0}
        """
}
