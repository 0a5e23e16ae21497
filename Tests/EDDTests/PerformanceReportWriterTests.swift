@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The report's files: every table adds up, the JSON holds the page's numbers, bad and empty input.
@Suite(.serialized) struct PerformanceReportWriterTests {
    /// 4,000 dirty shipments over 90 days (malformed rows included), and a model fitted on them.
    static let run: (result: IngestResult, stats: SyntheticStats, model: EDDModel) = {
        var config = SyntheticConfiguration()
        config.shipments = 4_000
        config.seed = 5
        config.days = 90
        let (bytes, stats) = try! SyntheticGenerator(configuration: config).generate()
        let result = try! ScanIngestion.read(text: String(decoding: bytes, as: UTF8.self))
        var fit = FitOptions()
        fit.calendars = CarrierCalendars().completed(from: result.timelines)
        return (result, stats, ModelFitter.fit(timelines: result.timelines, options: fit).0)
    }()

    static func report(_ options: PerformanceOptions, model: EDDModel? = nil) -> PerformanceReport {
        var options = options
        options.calendars = CarrierCalendars().completed(from: run.result.timelines)
        return PerformanceAnalyzer.analyze(
            timelines: run.result.timelines, ingest: run.result.summary, options: options, model: model,
            title: "t <&>")
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("edd-performance-\(UUID().uuidString)").path
    }

    @Test func everyTableInReportJSONAddsUp() throws {
        let written = Self.report(try PerformanceOptions(period: .week), model: Self.run.model)
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PerformanceReportWriter.write(written, to: dir)
        let decoder = JSONDecoder()
        // The coding keys are snake_case themselves: no key strategy on either side.
        let r = try decoder.decode(
            PerformanceReport.self, from: try Data(contentsOf: URL(fileURLWithPath: dir + "/report.json")))
        #expect(r == written)

        let o = r.overview
        #expect(o.outcomes.values.reduce(0, +) == o.shipments)
        #expect(abs(o.outcomeShares.values.reduce(0, +) - 1) < 1e-12)
        for (name, n) in o.outcomes { #expect(o.outcomeShares[name] == Double(n) / Double(o.shipments)) }
        #expect(o.shipments + o.outsideWindow + o.withoutDates == Self.run.result.timelines.count)
        #expect(o.rejected.values.reduce(0, +) == o.rejectedTotal)
        // Every malformed row the generator wrote is rejected, once.
        #expect(o.rejectedTotal == Self.run.stats.malformedRows)
        #expect(o.rejectedTotal > 0)

        // Distributions: shares sum to 1, counts to their group's and the window's totals.
        for d in r.distributions {
            let shares = try #require(d.shares)
            #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
            #expect(shares.allSatisfy { $0 >= -1e-12 })
            #expect(d.delivered + d.censored == d.shipments)
        }
        for measure in ["transit", "order_to_delivery"] {
            let rows = r.distributions.filter { $0.measure == measure }
            let window = try #require(rows.first { $0.kind == "all" && $0.period == "all" })
            let periods = rows.filter { $0.kind == "all" && $0.period != "all" }
            #expect(periods.map(\.shipments).reduce(0, +) == window.shipments)
            #expect(periods.map(\.delivered).reduce(0, +) == window.delivered)
            let services = rows.filter { $0.kind == "carrier_service" && $0.period == "all" }
            #expect(services.map(\.shipments).reduce(0, +) == window.shipments)
        }
        let delivered = try #require(o.outcomes["delivered"])
        // Lanes and origins: the window only, one row per measure for each with enough shipments; an origin's
        // transit row holds every delivery its scorecard counts (each delivered parcel here was handed off).
        let minimum = r.changes.minimumShipments
        for kind in ["lane", "origin"] {
            let rows = r.distributions.filter { $0.kind == kind }
            // 4,000 parcels spread over a few hundred lanes leave few lanes with 30; every warehouse has more.
            #expect(kind == "lane" || !rows.isEmpty, "\(kind)")
            #expect(rows.allSatisfy { $0.period == "all" && $0.shipments >= minimum })
            #expect(Set(rows.map { $0.group + " " + $0.measure }).count == rows.count)
        }
        let originRows = r.distributions.filter { $0.kind == "origin" && $0.measure == "transit" }
        for card in r.scorecards where card.kind == "origin" {
            let row = originRows.first { $0.group == card.group }
            // Delivered parcels alone reach the minimum: the estimate must be listed, with all of them.
            if card.delivered >= minimum { #expect(row?.delivered == card.delivered, "\(card.group)") }
            if let row { #expect(row.delivered == card.delivered && row.shipments <= card.shipments) }
        }
        let transit = try #require(
            r.distributions.first { $0.measure == "transit" && $0.kind == "all" && $0.period == "all" })
        #expect(transit.delivered == delivered)

        // Promise rows: on time plus late is the count; periods and groups add up to the window's.
        let allPromise = try #require(r.promise.first { $0.kind == "all" && $0.period == "all" })
        #expect(allPromise.shipments > 1000)
        for p in r.promise { #expect(p.onTime + p.late == p.shipments) }
        #expect(
            r.promise.filter { $0.kind == "all" && $0.period != "all" }.map(\.shipments).reduce(0, +)
                == allPromise.shipments)
        for kind in ["carrier_service", "destination_region", "origin"] {
            let rows = r.promise.filter { $0.kind == kind && $0.period == "all" }
            #expect(rows.map(\.shipments).reduce(0, +) == allPromise.shipments, "\(kind)")
            #expect(rows.map(\.onTime).reduce(0, +) == allPromise.onTime, "\(kind)")
        }

        // Scorecards partition the window's shipments twice: by carrier service and by origin.
        for kind in ["carrier_service", "origin"] {
            let rows = r.scorecards.filter { $0.kind == kind }
            #expect(rows.map(\.shipments).reduce(0, +) == o.shipments, "\(kind)")
            #expect(rows.map(\.delivered).reduce(0, +) == delivered, "\(kind)")
        }
        #expect(r.changes.flagged == r.changes.tests.filter(\.flagged).count)
        for t in r.changes.tests {
            if let a = t.after, let b = t.before { #expect(abs(try #require(t.change) - (a - b)) < 1e-12) }
            if let a = t.afterP90, let b = t.beforeP90 { #expect(t.changeP90 == a - b) }
        }

        // Coverage: inside, before and after the 80% range partition the predicted orders.
        let coverage = try #require(r.coverage)
        for c in coverage {
            #expect(c.covered80 + c.early80 + c.late80 == c.shipments)
            #expect(abs(try #require(c.early80Rate) * Double(c.shipments) - Double(c.early80)) < 1e-9)
            #expect(abs(try #require(c.late80Rate) * Double(c.shipments) - Double(c.late80)) < 1e-9)
            #expect(c.covered80 <= c.covered90)
        }
        let all = try #require(coverage.first { $0.kind == "all" && $0.period == "all" })
        #expect(
            coverage.filter { $0.kind == "all" && $0.period != "all" }.map(\.shipments).reduce(0, +) == all.shipments)
        #expect(all.shipments <= delivered)
        // In-sample, a model fitted on the same shipments covers roughly what it states.
        #expect((0.7...0.95).contains(all.rate80 ?? 0), "cov80 \(all.rate80 ?? 0)")

        // The CSV tables hold the same rows.
        let csv = try String(contentsOfFile: dir + "/tables/distributions.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == r.distributions.count + 1)
        let changes = try String(contentsOfFile: dir + "/tables/changes.csv", encoding: .utf8)
        #expect(changes.split(separator: "\n").count == r.changes.tests.count + 1)
        #expect(FileManager.default.fileExists(atPath: dir + "/tables/coverage.csv"))
    }

    @Test func thePageIsSelfContainedAndShowsRejectedRows() throws {
        let html = PerformanceReportWriter.html(Self.report(try PerformanceOptions(period: .month)))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http"))
        #expect(!html.contains("src="))
        #expect(html.contains("t &lt;&amp;&gt;"))
        #expect(html.contains("bad timestamp"))
        #expect(html.contains("table class=\"num summary sortable\""))
        // Four charts for all shipments and for each charted carrier service (transit and order → delivery
        // stacked, percentiles, on time), plus the promise section's on-time chart; a service with no month of
        // 30 shipments gets a sentence instead.
        let r = Self.report(try PerformanceOptions(period: .month))
        let services = r.scorecards.filter { $0.kind == "carrier_service" }.prefix(
            PerformanceReportWriter.chartedServices)
        let charted = services.filter { s in
            r.distributions.contains { $0.group == s.group && $0.period != "all" && $0.shipments >= 30 }
        }
        #expect(charted.count >= 4)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4 * (1 + charted.count) + 1)
        #expect(
            html.components(separatedBy: "or more of these shipments: not charted").count - 1
                == services.count - charted.count)
        #expect(html.contains("order → delivery days"))
        #expect(!html.contains("The model beside the data"))
    }

    /// Every number in report.json, however deep.
    static func numbers(_ value: Any, into out: inout [Double]) {
        // On Linux JSONSerialization hands back Int, Double or NSNumber.
        if let n = value as? Int {
            out.append(Double(n))
        } else if let n = value as? Double {
            out.append(n)
        } else if let n = value as? NSNumber, !(value is Bool) {
            out.append(n.doubleValue)
        } else if let a = value as? [Any] {
            for v in a { numbers(v, into: &out) }
        } else if let d = value as? [String: Any] {
            for v in d.values { numbers(v, into: &out) }
        }
    }

    @Test func everyFigureInThePagesTablesIsInReportJSON() throws {
        let written = Self.report(try PerformanceOptions(period: .week), model: Self.run.model)
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PerformanceReportWriter.write(written, to: dir)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/report.json")))
        var known: [Double] = []
        Self.numbers(json, into: &known)
        known.sort()
        let html = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        // Each table cell carries its figure as data-v (the sort key); none may be computed on the page alone.
        var checked = 0
        var rest = html[...]
        while let start = rest.range(of: "data-v=\"") {
            rest = rest[start.upperBound...]
            let end = try #require(rest.firstIndex(of: "\""))
            let text = rest[..<end]
            rest = rest[end...]
            guard !text.isEmpty else { continue }
            let v = try #require(Double(text), "\(text)")
            // The first known number not below v's tolerance band.
            var (lo, hi) = (0, known.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if known[mid] < v - 1e-9 * max(1, abs(v)) { lo = mid + 1 } else { hi = mid }
            }
            let i = lo
            #expect(i < known.count && abs(known[i] - v) <= 1e-9 * max(1, abs(v)), "\(v) is not in report.json")
            checked += 1
        }
        #expect(checked > 1000)
    }

    @Test func anEmptyWindowGivesAPageThatSaysSo() throws {
        let r = Self.report(
            try PerformanceOptions(
                from: CivilDate(year: 2030, month: 1, day: 1), to: CivilDate(year: 2030, month: 2, day: 1)))
        #expect(r.overview.shipments == 0)
        #expect(r.overview.outsideWindow == Self.run.result.timelines.count)
        #expect(r.distributions.isEmpty && r.promise.isEmpty && r.scorecards.isEmpty)
        let html = PerformanceReportWriter.html(r)
        #expect(html.contains("No shipments in the window"))
    }

    @Test func aFeedWithoutDeliveriesGivesAPageThatSaysSo() throws {
        let text = """
            shipment_id,carrier,service,origin_country,origin_postal,destination_country,destination_postal,event,event_time
            a,ups,ground,US,94107,US,10001,ORDER_PLACED,2026-03-02T10:00:00-08:00
            a,ups,ground,US,94107,US,10001,PICKED_UP,2026-03-02T17:00:00-08:00
            b,ups,ground,US,94107,US,10001,ORDER_PLACED,2026-03-03T10:00:00-08:00
            b,ups,ground,US,94107,US,10001,NOT_A_CODE,2026-03-03T10:00:00-08:00
            """
        let result = try ScanIngestion.read(text: text)
        var options = try PerformanceOptions()
        options.calendars = CarrierCalendars().completed(from: result.timelines)
        let r = PerformanceAnalyzer.analyze(
            timelines: result.timelines, ingest: result.summary, options: options, title: "t")
        #expect(r.overview.shipments == 2)
        #expect(r.overview.outcomes["delivered"] == 0)
        #expect(r.overview.outcomes["in_transit"] == 2)
        #expect(r.overview.rejected["unknown_event"] == 1)
        // Both still under way: a transit estimate with nothing delivered, everything in the last share.
        let transit = try #require(r.distributions.first { $0.measure == "transit" && $0.period == "all" })
        #expect(transit.delivered == 0 && transit.censored == 1)
        #expect(transit.median == nil)
        let html = PerformanceReportWriter.html(r)
        #expect(html.contains("No deliveries in the window"))
        #expect(html.contains("unknown event"))
    }
}
