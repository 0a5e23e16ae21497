import EDDCore
import Foundation
import Synchronization

/// Writes the delivery performance report (`edd-train report`): `index.html` (one self-contained page:
/// inline CSS, SVG and a few lines of script to sort tables; no external assets), `report.json` with every
/// number on the page, and `tables/*.csv`.
public enum PerformanceReportWriter {
    /// Writes the report files, creating the directories if needed.
    ///
    /// - Parameters:
    ///   - report: the computed report.
    ///   - directory: the output directory's path.
    /// - Throws: ``OutputFileError`` when a directory or file cannot be written.
    public static func write(_ report: PerformanceReport, to directory: String) throws {
        let tables = (directory as NSString).appendingPathComponent("tables")
        do {
            try FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        } catch {
            throw OutputFileError(tables, "the directory cannot be created")
        }
        // The three renderings are independent and each takes a while on a large report (JSONEncoder above
        // all): they run side by side, so the page costs the longest of them, not the sum.
        let json = Mutex<Result<Data, any Error>>(.success(Data()))
        let page = Mutex(Data())
        let csv = Mutex<[(String, Data)]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { part in
            switch part {
            case 0:
                let encoded = Result { try Self.json(report) }
                json.withLock { $0 = encoded }
            case 1:
                let text = Data(html(report).utf8)
                page.withLock { $0 = text }
            default:
                let tables = csvTables(report).map { name, rows in
                    let text = rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
                    return ("tables/\(name).csv", Data(text.utf8))
                }
                csv.withLock { $0 = tables }
            }
        }
        let files =
            [("index.html", page.withLock { $0 }), ("report.json", try json.withLock { $0 }.get())]
            + csv.withLock { $0 }
        for (name, data) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw OutputFileError(path, "the file cannot be created")
            }
        }
    }

    /// The report as pretty-printed JSON with snake_case keys, sorted.
    public static func json(_ report: PerformanceReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(report)
        } catch {
            throw ReportError(.encodingFailed, "the report cannot be encoded as JSON: \(error)")
        }
    }

    private static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        return String(v)
    }

    private static func number(_ v: Int?) -> String { v.map(String.init) ?? "" }

    /// The CSV tables by file name (without `.csv`), each a header row and data rows.
    static func csvTables(_ r: PerformanceReport) -> [(String, [[String]])] {
        let o = r.overview
        var overview: [[String]] = [["metric", "value"], ["shipments", String(o.shipments)]]
        for name in ["delivered", "in_transit", "lost", "returned", "canceled"] {
            overview.append(["outcome_" + name, String(o.outcomes[name] ?? 0)])
            overview.append(["outcome_share_" + name, number(o.outcomeShares[name])])
        }
        overview += [
            ["outside_window", String(o.outsideWindow)], ["without_dates", String(o.withoutDates)],
            ["rows_read", String(o.rowsRead)], ["rows_accepted", String(o.rowsAccepted)],
            ["rejected_total", String(o.rejectedTotal)],
        ]
        for reason in RejectReason.allCases {
            overview.append(["rejected_" + reason.rawValue, String(o.rejected[reason.rawValue] ?? 0)])
        }
        overview += [
            ["duplicates_dropped", String(o.duplicatesDropped)], ["conflicting_rows", String(o.conflictingRows)],
            ["carriers", String(o.carriers)], ["carrier_services", String(o.carrierServices)],
            ["origins", String(o.origins)], ["destination_regions", String(o.destinationRegions)],
            ["lanes", String(o.lanes)], ["with_promise", String(o.withPromise)],
        ]
        let shareHeaders = (0..<10).map { "share_\($0)" } + ["share_10_plus"]
        var distributions = [
            ["measure", "kind", "group", "period", "shipments", "delivered", "censored"] + shareHeaders
                + ["median", "p90"]
        ]
        for d in r.distributions {
            distributions.append(
                [d.measure, d.kind, d.group, d.period, String(d.shipments), String(d.delivered), String(d.censored)]
                    + (d.shares ?? Array(repeating: .nan, count: 11)).map { number($0) }
                    + [number(d.median), number(d.p90)])
        }
        var promise = [
            [
                "kind", "group", "period", "shipments", "on_time", "late", "rate", "rate_low", "rate_high",
                "mean_days_late", "delivered",
            ]
        ]
        for p in r.promise {
            promise.append([
                p.kind, p.group, p.period, String(p.shipments), String(p.onTime), String(p.late), number(p.rate),
                number(p.rateLow), number(p.rateHigh), number(p.meanDaysLate), String(p.deliveredCount),
            ])
        }
        var scorecards = [
            [
                "kind", "group", "shipments", "small", "delivered", "handling_median", "handling_p90",
                "same_day_share", "same_day_known", "transit_median", "transit_p90", "on_time_rate", "on_time_low",
                "on_time_high", "promise_shipments", "exception_rate", "attempt_rate", "lost_rate", "returned_rate",
            ]
        ]
        for s in r.scorecards {
            scorecards.append([
                s.kind, s.group, String(s.shipments), String(s.small), String(s.delivered), number(s.handlingMedian),
                number(s.handlingP90), number(s.sameDayShare), String(s.sameDayKnown), number(s.transitMedian),
                number(s.transitP90), number(s.onTimeRate), number(s.onTimeLow), number(s.onTimeHigh),
                String(s.promiseShipments), number(s.exceptionRate), number(s.attemptRate), number(s.lostRate),
                number(s.returnedRate),
            ])
        }
        var changes = [
            [
                "kind", "group", "metric", "before_period", "after_period", "before_shipments", "after_shipments",
                "before", "after", "before_p90", "after_p90", "z", "p", "q", "flagged", "change", "change_p90",
            ]
        ]
        for c in r.changes.tests {
            changes.append([
                c.kind, c.group, c.metric, r.changes.before ?? "", r.changes.after ?? "", String(c.beforeShipments),
                String(c.afterShipments), number(c.before), number(c.after), number(c.beforeP90), number(c.afterP90),
                number(c.z), number(c.p), number(c.q), String(c.flagged), number(c.change), number(c.changeP90),
            ])
        }
        var out = [
            ("overview", overview), ("distributions", distributions), ("promise", promise),
            ("scorecards", scorecards), ("changes", changes),
        ]
        if let coverage = r.coverage {
            var rows = [
                [
                    "kind", "group", "period", "shipments", "covered80", "rate80", "rate80_low", "rate80_high",
                    "early80", "late80", "covered90", "rate90", "rate90_low", "rate90_high", "early80_rate",
                    "late80_rate",
                ]
            ]
            for c in coverage {
                rows.append([
                    c.kind, c.group, c.period, String(c.shipments), String(c.covered80), number(c.rate80),
                    number(c.rate80Low), number(c.rate80High), String(c.early80), String(c.late80),
                    String(c.covered90), number(c.rate90), number(c.rate90Low), number(c.rate90High),
                    number(c.early80Rate), number(c.late80Rate),
                ])
            }
            out.append(("coverage", rows))
        }
        return out
    }
}
