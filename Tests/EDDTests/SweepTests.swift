@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDSweep
@testable import EDDTraining
import Foundation
import Testing

/// `edd sweep` against the `risk` op, against the synthetic feed's truth, and across daily sweeps.
@Suite(.serialized) struct SweepTests {
    /// A clean synthetic feed (10,000 orders from 2026-03-01 over 100 days) in which the shipments whose id
    /// ends in 3 lose their promised date, so the model's own promise is exercised too.
    static let feed: String = {
        let config = SyntheticConfiguration(
            shipments: 10_000, seed: 17, start: CivilDate(year: 2026, month: 3, day: 1)!, days: 100, dirty: false)
        let (bytes, _) = try! SyntheticGenerator(configuration: config).generate()
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        precondition(lines[0].hasSuffix(",promised_date"))
        for i in 1..<lines.count where lines[i].split(separator: ",").first?.last == "3" {
            let fields = lines[i].split(separator: ",", omittingEmptySubsequences: false)
            lines[i] = fields.dropLast().joined(separator: ",") + ","
        }
        return lines.joined(separator: "\n")
    }()
    static let nowText = "2026-05-20T12:00:00-04:00"
    static let now = RFC3339.parse(nowText)!
    /// Fitted on what was known at the sweep's instant, as a served model would be.
    static let model: EDDModel = {
        let all = try! ScanIngestion.read(text: feed).timelines
        var options = FitOptions()
        options.asOf = now.instant
        let known = all.compactMap { $0.asOf(now.instant) }
        options.calendars = CarrierCalendars().completed(from: known)
        return ModelFitter.fit(timelines: known, options: options).0
    }()

    /// Sweeps the feed at `now` and returns the output text.
    static func sweep(
        now: RFC3339.Timestamp, history: SweepHistory = SweepHistory(), format: SweepFormat = .jsonl,
        sorted: Bool = true, model: EDDModel = model
    ) throws -> (text: String, summary: SweepSummary) {
        let options = SweepOptions(now: now, format: format, sorted: sorted, threads: 2)
        let result = try Sweep.ingest(text: feed, options: options)
        var out: [UInt8] = []
        let summary = try Sweep.run(
            timelines: result.timelines, model: model, history: history, options: options,
            write: { out.append(contentsOf: $0) })
        return (String(decoding: out, as: UTF8.self), summary)
    }

    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    // MARK: - The feed read independently of ingestion

    /// One row of the clean feed, split on commas (the clean feed quotes nothing).
    struct Row {
        var fields: [String: String]
        var time: Date
        var code: String
    }

    /// The feed's rows grouped by shipment, parsed with Foundation rather than the package's readers.
    static let rows: [String: [Row]] = {
        let lines = feed.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let parser = ISO8601DateFormatter()
        var byShipment: [String: [Row]] = [:]
        for line in lines.dropFirst() {
            precondition(!line.contains("\""))
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let fields = Dictionary(uniqueKeysWithValues: zip(header, values))
            let row = Row(fields: fields, time: parser.date(from: fields["event_time"]!)!, code: fields["event"]!)
            byShipment[fields["shipment_id"]!, default: []].append(row)
        }
        return byShipment
    }()

    /// DATA.md's order of event codes, which breaks ties between scans stamped the same second.
    static let codeOrder = [
        "ORDER_PLACED", "LABEL_CREATED", "PICKED_UP", "IN_TRANSIT", "ARRIVED_AT_FACILITY", "DEPARTED_FACILITY",
        "OUT_FOR_DELIVERY", "DELIVERY_ATTEMPTED", "EXCEPTION", "DELIVERED", "RETURNED_TO_SENDER", "CANCELED",
    ]

    /// The JSON of one shipment's lane fields, as a client writes them from the feed.
    static func laneJSON(_ f: [String: String]) -> String {
        func place(_ prefix: String, id: Bool) -> String {
            var s = #"{"country":"\#(f[prefix + "_country"]!)","postal":"\#(f[prefix + "_postal"]!)""#
            if let r = f[prefix + "_region"], !r.isEmpty { s += #","region":"\#(r)""# }
            if id, let i = f["origin_id"], !i.isEmpty { s += #","id":"\#(i)""# }
            return s + "}"
        }
        return #""carrier":"\#(f["carrier"]!)","service":"\#(f["service"]!)","origin":\#(place("origin", id: true)),"#
            + #""destination":\#(place("destination", id: false))"#
    }

    /// The risk request lines of every parcel in flight at `nowText`, built from the raw rows, answered by the
    /// query service (`edd predict`'s engine). A parcel without a promised date is first asked `edd`.
    static func riskAnswers(nowText: String, model: EDDModel = model) -> [String: (
        response: String, promised: String, request: String
    )] {
        let now = ISO8601DateFormatter().date(from: nowText)!
        let service = QueryService(model: model, path: nil, clock: { Instant(seconds: 0) })
        func respond(_ line: String) -> String {
            var out: [UInt8] = []
            service.respond(line: Array(line.utf8), adminAllowed: false, into: &out)
            return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        var answers: [String: (response: String, promised: String, request: String)] = [:]
        for (id, shipmentRows) in rows {
            let visible = shipmentRows.filter { $0.time <= now }.sorted {
                $0.time != $1.time
                    ? $0.time < $1.time : codeOrder.firstIndex(of: $0.code)! < codeOrder.firstIndex(of: $1.code)!
            }
            guard !visible.isEmpty,
                !visible.contains(where: { ["DELIVERED", "RETURNED_TO_SENDER", "CANCELED"].contains($0.code) })
            else { continue }
            let f = visible[0].fields
            let order = visible.first { $0.code == "ORDER_PLACED" }?.fields["event_time"]
            var promised = shipmentRows.compactMap { $0.fields["promised_date"] }.first { !$0.isEmpty }
            if promised == nil {
                let at = order.map { #""order_time":"\#($0)""# } ?? #""order_time":"\#(f["event_time"]!)""#
                let edd = respond(#"{"op":"edd",\#(laneJSON(f)),\#(at)}"#)
                promised = (try! JSONSerialization.jsonObject(with: Data(edd.utf8)) as! [String: Any])["edd"] as? String
            }
            let scans = visible.map { r in
                let postal = r.fields["event_postal"].flatMap { $0.isEmpty ? nil : #","postal":"\#($0)""# } ?? ""
                return #"{"code":"\#(r.code)","time":"\#(r.fields["event_time"]!)"\#(postal)}"#
            }
            let line =
                #"{"id":"\#(id)","op":"risk",\#(laneJSON(f)),"# + (order.map { #""order_time":"\#($0)","# } ?? "")
                + #""promised":"\#(promised!)","now":"\#(nowText)","scans":[\#(scans.joined(separator: ","))]}"#
            answers[id] = (respond(line), promised!, line)
        }
        return answers
    }

    // MARK: - Tests

    @Test func everyLineIsTheRiskOpsAnswerForTheSameParcel() throws {
        let (text, summary) = try Self.sweep(now: Self.now)
        let answers = Self.riskAnswers(nowText: Self.nowText)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == answers.count)
        #expect(summary.inFlight == answers.count)
        #expect(answers.count > 300)
        var byModel = 0
        for (line, object) in zip(lines, Self.objects(text)) {
            let id = try #require(object["shipment_id"] as? String)
            let (answer, promised, _) = try #require(answers[id], "\(id) is not in flight")
            #expect(object["promised"] as? String == promised)
            // The response minus its id/ok head and closing brace is the sweep line's middle, byte for byte.
            let head = #"{"id":"\#(id)","ok":true,"#
            #expect(answer.hasPrefix(head) && answer.hasSuffix("}"), "\(answer)")
            let fields = answer.dropFirst(head.count).dropLast()
            #expect(line.contains(#","promised_by":"# + (id.hasSuffix("3") ? #""model","# : #""feed","#) + fields))
            if id.hasSuffix("3") { byModel += 1 }
        }
        #expect(byModel > 20)
        #expect(summary.promisedByModel == byModel)
    }

    @Test func linesAreSortedByPLateDescendingOrInInputOrderUnsorted() throws {
        let sorted = Self.objects(try Self.sweep(now: Self.now).text)
        let p = sorted.map { $0["p_late"] as! Double }
        #expect(zip(p, p.dropFirst()).allSatisfy { $0 >= $1 })
        let unsorted = Self.objects(try Self.sweep(now: Self.now, sorted: false).text)
        // Input order is the order of each shipment's first row in the feed.
        var firstRow: [String: Int] = [:]
        for (k, line) in Self.feed.split(separator: "\n").dropFirst().enumerated() {
            let id = String(line.prefix { $0 != "," })
            if firstRow[id] == nil { firstRow[id] = k }
        }
        let positions = unsorted.map { firstRow[$0["shipment_id"] as! String]! }
        #expect(positions == positions.sorted())
        #expect(Set(unsorted.map { $0["shipment_id"] as! String }) == Set(sorted.map { $0["shipment_id"] as! String }))
    }

    @Test func aParcelIsNewlyLateExactlyOnceAcrossFiveDailySweeps() throws {
        var history = SweepHistory()
        var csvHistory = SweepHistory()
        var lateByDay: [String: [Bool?]] = [:]
        var flagsByDay: [String: [String?]] = [:]
        for day in 0..<5 {
            let now = RFC3339.Timestamp(
                instant: Self.now.instant.adding(seconds: Int64(day) * 86_400), utcOffset: -4 * 3600)
            let (text, summary) = try Self.sweep(now: now, history: history)
            let (csv, _) = try Self.sweep(now: now, history: csvHistory, format: .csv)
            history = try SweepHistory.parse(text: text)
            csvHistory = try SweepHistory.parse(text: csv)
            #expect(history.entries == csvHistory.entries)
            for o in Self.objects(text) {
                let id = o["shipment_id"] as! String
                lateByDay[id, default: Array(repeating: nil, count: 5)][day] = o["late"] as? Bool
                flagsByDay[id, default: Array(repeating: nil, count: 5)][day] = o["flag"] as? String
            }
            #expect(summary.newlyAtRisk == flagsByDay.values.filter { $0[day] == "newly_late" }.count)
        }
        var newlyAfterTheFirstDay = 0
        for (id, late) in lateByDay {
            let flags = flagsByDay[id]!
            // Worked out from the days' late values alone: newly late on the first late day, never again.
            let firstLate = late.firstIndex { $0 == true }
            for day in 0..<5 {
                guard let isLate = late[day] else { continue }
                let before = day > 0 ? late[day - 1] ?? nil : nil
                let expected: String
                if isLate {
                    expected = day == firstLate ? "newly_late" : (before == true ? "still_late" : "late_again")
                } else {
                    expected = before == true ? "recovered" : "not_late"
                }
                #expect(flags[day] == expected, "\(id) day \(day): \(late) \(flags)")
            }
            #expect(flags.filter { $0 == "newly_late" }.count == (firstLate == nil ? 0 : 1))
            if let firstLate, firstLate > 0 { newlyAfterTheFirstDay += 1 }
        }
        #expect(newlyAfterTheFirstDay > 10)
        #expect(flagsByDay.values.contains { $0.contains("still_late") })
    }

    @Test func parcelsWhosePromiseHasPassedAreLateAndReallyArriveAfterIt() throws {
        // A parcel past its promise and not delivered is stated p_late 1, and in truth arrives after the
        // promise. (Whether flagged parcels are late as often as stated is judged on a feed four times this
        // one's size, where a decile holds enough parcels: ``SweepCalibrationTests``.)
        let lines = Self.objects(try Self.sweep(now: Self.now).text)
        var passed = 0
        for o in lines where o["late"] as! Bool {
            let id = o["shipment_id"] as! String
            let promised = o["promised"] as! String
            let delivered = Self.rows[id]!.first { $0.code == "DELIVERED" }.map {
                String($0.fields["event_time"]!.prefix(10))
            }
            // Never delivered (lost or returned) counts as after the promise.
            let reallyLate = delivered.map { $0 > promised } ?? true
            let reasons = (o["reasons"] as! [[String: Any]]).map { $0["code"] as! String }
            if reasons.contains("promise_passed") {
                passed += 1
                #expect(o["p_late"] as! Double == 1)
                #expect(reallyLate, "\(id) promised \(promised), delivered \(delivered ?? "never")")
            }
        }
        #expect(passed > 20)
    }

    // MARK: - Bad input

    @Test func aPreviousFileThatIsNotASweepOutputIsRefusedNamingTheLine() throws {
        let good = try Self.sweep(now: Self.now).text.split(separator: "\n").prefix(2).joined(separator: "\n")
        let cases = [
            (good + "\n{\"shipment_id\":\"x\"}\n", "line 3"),
            (good + "\nnot json\n", "line 3"),
            ("shipment_id,late\nx,true\n", "line 1"),
            (good + "\n" + good.split(separator: "\n")[0] + "\n", "line 3"),
            (#"{"shipment_id":"x","late":true,"flag":"still_late","notified_at":null}"#, "line 1"),
            (#"{"shipment_id":"x","late":false,"flag":"nope"}"#, "line 1"),
        ]
        for (text, where_) in cases {
            #expect {
                _ = try SweepHistory.parse(text: text)
            } throws: { error in
                let e = error as? SweepError
                return e?.reason == .badHistory && e.map { ExitCode(for: $0) } == .badInput
                    && e?.message.contains(where_) == true
            }
        }
        #expect(try SweepHistory.parse(text: good).lines == 2)
    }

    @Test func aNowBeforeTheFeedsFirstScanIsAUsageError() {
        let before = RFC3339.parse("2026-02-27T00:00:00Z")!
        #expect {
            _ = try Sweep.ingest(text: Self.feed, options: SweepOptions(now: before))
        } throws: { ($0 as? SweepError).map { $0.reason == .nowBeforeFeed && ExitCode(for: $0) == .usage } ?? false }
    }

    @Test func rejectedScanRowsAreCountedAsEddTrainCountsThem() throws {
        let text = Self.feed + "\nbroken,row\n" + "x,ups,ground,US,1,,US,2,,,TELEPORTED,2026-03-02T00:00:00Z,,\n"
        let result = try Sweep.ingest(text: text, options: SweepOptions(now: Self.now))
        #expect(result.summary.rejected[.wrongFieldCount] == 1)
        #expect(result.summary.rejected[.unknownEvent] == 1)
    }
}
