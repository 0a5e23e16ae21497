@testable import EDDCore
@testable import EDDSweep
@testable import EDDTraining
import Foundation
import Testing

/// Issue 17's calibration check at a scale that can judge it: among the parcels one sweep flags at threshold
/// 0.5, the share that really arrive after their promise matches the stated p_late within 0.05 per decile.
@Suite(.serialized) struct SweepCalibrationTests {
    /// A clean synthetic feed, 40,000 orders from 2026-03-01 over 100 days (the whole feed: the truth).
    static let feed: String = {
        let config = SyntheticConfiguration(
            shipments: 40_000, seed: 29, start: CivilDate(year: 2026, month: 3, day: 1)!, days: 100, dirty: false)
        let (bytes, _) = try! SyntheticGenerator(configuration: config).generate()
        return String(decoding: bytes, as: UTF8.self)
    }()
    static let truth: [String: ShipmentTimeline] = {
        Dictionary(uniqueKeysWithValues: try! ScanIngestion.read(text: feed).timelines.map { ($0.id, $0) })
    }()

    /// The deciles of one sweep at `nowText` by a model fitted on what was known then, as `edd-train fit`
    /// fits it (carrier calendars completed from the deliveries).
    static func deciles(nowText: String) throws -> [(n: Int, late: Int, p: Double)] {
        let now = try #require(RFC3339.parse(nowText))
        var options = FitOptions()
        options.asOf = now.instant
        let known = ModelFitter.inFitOrder(truth.values.compactMap { $0.asOf(now.instant) })
        options.calendars = CarrierCalendars().completed(from: known)
        let model = ModelFitter.fit(timelines: known, options: options).0
        let sweepOptions = SweepOptions(now: now, format: .jsonl, sorted: true, threads: 2)
        let read = try Sweep.ingest(text: feed, options: sweepOptions)
        var out: [UInt8] = []
        _ = try Sweep.run(
            timelines: read.timelines, model: model, history: SweepHistory(), options: sweepOptions,
            write: { out.append(contentsOf: $0) })
        var deciles = [(n: Int, late: Int, p: Double)](repeating: (0, 0, 0), count: 10)
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            guard o["late"] as! Bool, let promised = CivilDate(o["promised"] as! String) else { continue }
            let t = try #require(truth[o["shipment_id"] as! String])
            let zone = Geography.zone(for: Geography.resolve(t.destination))
            // Never delivered (lost or returned) is after the promise.
            let reallyLate = t.deliveryTime.map { zone.localDate(of: $0) > promised } ?? true
            let p = o["p_late"] as! Double
            let k = min(9, Int(p * 10))
            deciles[k].n += 1
            deciles[k].late += reallyLate ? 1 : 0
            deciles[k].p += p
        }
        return deciles
    }

    /// Two noon sweeps a week apart (the second the Wednesday before the Memorial Day weekend, where the
    /// small feed of ``SweepTests`` found its 0.8–0.9 decile all late).
    @Test(arguments: ["2026-05-13T12:00:00-04:00", "2026-05-20T12:00:00-04:00"])
    func flaggedParcelsAreLateAsOftenAsStated(nowText: String) throws {
        let deciles = try Self.deciles(nowText: nowText)
        // A decile is judged from 50 parcels on: the binomial standard error of a late share near its stated
        // 0.5–0.9 is √(p(1 − p)/n) ≤ 0.071 at 50, so a miss of 0.1 or more is two errors out, not noise.
        var judged = 0
        var off: [String] = []
        for (k, d) in deciles.enumerated() where d.n >= 50 {
            judged += 1
            let stated = d.p / Double(d.n)
            let observed = Double(d.late) / Double(d.n)
            if abs(stated - observed) > 0.05 { off.append("[\(k)/10): stated \(stated), late \(observed), n \(d.n)") }
        }
        #expect(judged >= 4, "\(judged) deciles with 50 flagged parcels or more")
        // Nearly all flagged parcels sit in the top decile (about 2,000 of 2,250), and there the statement holds.
        let top = deciles[9]
        #expect(top.n >= 1_000 && abs(top.p / Double(top.n) - Double(top.late) / Double(top.n)) <= 0.05)
        // Not met yet: one decile per sweep is stated too high, [0.7, 0.8) at 05-13 (0.737 against 0.655, 55
        // parcels) and [0.8, 0.9) at 05-20 (0.855 against 0.737, 57), orders not yet picked up; the other
        // judged deciles hold. Before the order's timing and the hour moved handling (``PickupShares``), the
        // 0.5–0.9 deciles were up to 0.18 too high. Once every judged decile holds, this known issue fails:
        // make it a plain expectation.
        withKnownIssue("issue 17: flagged parcels' p_late within 0.05 per decile") {
            #expect(off.isEmpty, "\(off)")
        }
    }
}
