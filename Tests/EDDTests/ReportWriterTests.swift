@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Foundation
import Testing

@Suite struct ReportWriterTests {
    @Test func writesOneSelfContainedPageAndMetricsJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edd-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metrics = BacktestMetrics.compute(SyntheticBacktest.records(count: 3000, seed: 7))
        try ReportWriter.write(metrics: metrics, to: dir, title: "edd backtest 2018-01 … 2018-07", notes: ["synthetic"])
        let html = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<script"))
        // Confidence and quantile reliability, PIT, frontier, three fold trends, risk reliability.
        #expect(html.components(separatedBy: "<svg").count - 1 == 8)
        #expect(html.contains("LightGBM quantile regression"))
        #expect(html.contains("&lt;b&gt;&amp;"))
        #expect(!html.contains("<b>&"))
        let json = try Data(contentsOf: URL(fileURLWithPath: dir + "/metrics.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["n"] as? Int == 3000)
    }

    @Test func escapesLabelsAndMarksGoals() {
        var records = BacktestMetricsTests.handRecords
        records[0].laneGroup = "<b>&"
        records[1].fold = "\"2018'01\""
        let html = ReportWriter.html(metrics: .compute(records), title: "t <i>")
        #expect(html.contains("<title>t &lt;i&gt;</title>"))
        #expect(html.contains("<th>&lt;b&gt;&amp;</th>"))
        #expect(html.contains("&quot;2018&#39;01&quot;"))
        #expect(!html.contains("<b>&") && !html.contains("<i>"))
        // mae_p50 = 2.0 meets ≤ 5.0; cov80 = 0.5 misses 0.78–0.82.
        #expect(html.contains("2.00 <span class=\"pass\""))
        #expect(html.contains("0.500 <span class=\"fail\""))
    }

    @Test func emptyRunStillRendersEveryChart() {
        let html = ReportWriter.html(metrics: .compute([]), title: "empty")
        #expect(html.components(separatedBy: "<svg").count - 1 == 8)
        #expect(html.contains("no data"))
        #expect(!html.contains("nan") && !html.contains("inf"))
    }

    @Test func textIsEscapedAndNumbersAreFormatted() {
        #expect(HTMLText.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
        #expect(HTMLText.count(46426) == "46\u{202F}426")
        #expect(HTMLText.count(999) == "999")
        #expect(HTMLText.fixed(2.0 / 3.0, 3) == "0.667")
        #expect(HTMLText.fixed(nil, 2) == "–")
        #expect(HTMLText.fixed(.nan, 2) == "–")
    }

    @Test func chartTicksAreRoundNumbers() {
        #expect(SVGChart.niceTicks(0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(SVGChart.niceTicks(0.5...1) == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(SVGChart.niceTicks(10...40) == [10, 20, 30, 40])
        #expect(SVGChart.niceTicks(0...6.9) == [0, 2, 4, 6])
    }

    @Test func unwritableDirectoryIsReportedWithExitCode73() {
        #expect {
            try ReportWriter.write(metrics: .compute([]), to: "/proc/edd-no-such/report", title: "x")
        } throws: { ($0 as? OutputFileError).map { ExitCode(for: $0) == .unwritableOutput } ?? false }
    }
}

/// Plausible synthetic backtest records from a seeded generator: log-normal delivery days by state, a
/// February–March slowdown the model only half sees, promises near the 92nd percentile, and a risk score
/// that knows part of the delay. Only for exercising the report; its figures mean nothing.
enum SyntheticBacktest {
    static func records(count: Int, seed: UInt64, modelSpread: Double = 0.47) -> [BacktestRecord] {
        var rng = SplitMix64(seed: seed)
        let states: [(String, Double, Int)] = [
            ("SP", 7, 40), ("RJ", 13, 12), ("MG", 11, 11), ("RS", 14, 5), ("PR", 11, 5), ("SC", 13, 4),
            ("BA", 18, 3), ("DF", 12, 2), ("ES", 14, 2), ("GO", 14, 2), ("PE", 20, 2), ("CE", 21, 1),
            ("PA", 23, 1), ("MT", 17, 1), ("MA", 21, 1), ("MS", 15, 1), ("PB", 20, 1), ("<b>&", 16, 3),
        ]
        let weighted = states.flatMap { s in Array(repeating: s, count: s.2) }
        let z = { (p: Double) in normalQuantile(p) }
        let qz = BacktestRecord.quantileLevels.map(z)
        let cz = BacktestRecord.confidenceLevels.map(z)
        return (0..<count).map { i in
            let month = i % 7 + 1
            let (state, median, _) = weighted[Int.random(in: 0..<weighted.count, using: &rng)]
            let drift = month == 2 || month == 3 ? 0.18 : 0
            let noise = gaussian(&rng)
            let y = max(0, Int((median * Foundation.exp(drift + 0.45 * noise)).rounded()))
            let mu = Foundation.log(median) + drift / 2 + 0.05 * gaussian(&rng)
            let sigma = modelSpread
            func days(_ z: Double) -> Int { max(0, Int((Foundation.exp(mu + sigma * z) - 0.5).rounded(.up))) }
            func cdf(_ d: Int) -> Double {
                d < 0 ? 0 : 0.5 * erfc(-(Foundation.log(Double(d) + 0.5) - mu) / (sigma * 2.0.squareRoot()))
            }
            let u = Double.random(in: 0..<1, using: &rng)
            let promised = Int(median * 2.0) + Int.random(in: 0...4, using: &rng)
            let signal = noise + 0.8 * gaussian(&rng)
            return BacktestRecord(
                fold: "2018-0\(month)", laneGroup: state, actualDays: y, quantileDays: qz.map(days),
                confidenceDays: cz.map(days), promisedDays: promised, pit: cdf(y - 1) + u * (cdf(y) - cdf(y - 1)),
                riskProbability: 1 / (1 + Foundation.exp(3.2 - 1.3 * signal)), lateVsPromise: y > promised)
        }
    }

    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Φ⁻¹ by bisection on erfc; plenty for 62 levels.
    static func normalQuantile(_ p: Double) -> Double {
        var lo = -10.0
        var hi = 10.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
