import Dispatch
import EDDCore
import EDDProtocol
import EDDTraining
import Synchronization

/// The notification engine's sweep: every parcel in flight answered exactly as the `risk` op answers it, and
/// flagged against the previous sweep so each customer is told once.
public enum Sweep {
    /// Parcels answered per block: the unit of parallel work, and of output in ``SweepOptions/sorted`` `false`.
    static let blockSize = 1 << 15

    /// Whether a shipment is in flight: neither delivered, returned nor canceled by the timeline's cut-off.
    public static func isInFlight(_ t: ShipmentTimeline) -> Bool {
        t.deliveryTime == nil && t.returnTime == nil && t.cancelTime == nil && !t.events.isEmpty
    }

    /// Answers one parcel.
    ///
    /// - Parameters:
    ///   - timeline: the shipment, built with no event after `options.now`.
    ///   - predictor: the model.
    ///   - previous: what the previous sweep said of it.
    ///   - options: the instant and threshold.
    /// - Returns: the line: the `risk` op's answer for ``RiskQuery/init(timeline:promised:now:threshold:)``,
    ///   with the feed's promised date or, without one, the `edd` op's date for ``EDDQuery/init(promiseFor:)``.
    public static func answer(
        _ timeline: ShipmentTimeline, predictor: Predictor, previous: SweepHistory.Entry?, options: SweepOptions
    ) -> SweepLine {
        let now = options.now.instant
        var promised = timeline.promisedDate
        if promised == nil {
            let q = EDDQuery(promiseFor: timeline)
            promised = predictor.answer(q, option: ShippingOption(carrier: q.carrier, service: q.service), now: now).edd
        }
        let query = RiskQuery(timeline: timeline, promised: promised!, now: options.now, threshold: options.threshold)
        let answer = predictor.answer(query, now: now)
        let (flag, notified) = SweepFlag.flag(late: answer.late, previous: previous, now: options.nowText)
        return SweepLine(
            timeline: timeline, promised: promised!, promisedByModel: timeline.promisedDate == nil, answer: answer,
            model: predictor.model.metadata.id, flag: flag, notifiedAt: notified)
    }

    /// Answers every parcel in flight among `timelines` and writes their lines.
    ///
    /// - Parameters:
    ///   - timelines: the feed's shipments, built as of ``SweepOptions/ingestOptions(_:)``.
    ///   - model: the model.
    ///   - history: the previous sweep (empty for the first).
    ///   - options: instant, threshold, format, order, threads.
    ///   - write: receives the output bytes in order (the CSV header first).
    ///   - progress: called with the number of parcels answered so far, about every `progressInterval`.
    /// - Returns: the counts.
    /// - Throws: what `write` throws.
    public static func run(
        timelines: [ShipmentTimeline], model: EDDModel, history: SweepHistory, options: SweepOptions,
        write: (UnsafeBufferPointer<UInt8>) throws -> Void, progress: ((Int) -> Void)? = nil
    ) throws -> SweepSummary {
        var summary = SweepSummary()
        summary.now = options.nowText
        summary.threshold = options.threshold
        summary.previousLines = history.lines
        if options.format == .csv { try SweepWriter.csvHeader().withUnsafeBufferPointer(write) }
        let threads = max(1, options.threads)
        let predictors = (0..<threads).map { _ in Predictor(model: model) }
        var kept: [Part] = []
        var matched = 0
        var answered = 0
        var reported = 0
        var start = 0
        while start < timelines.count {
            let end = min(timelines.count, start + blockSize)
            let parts = answerBlock(timelines, start..<end, predictors, history, options)
            for part in parts {
                summary.merge(part.summary)
                matched += part.matched
                answered += part.entries.count
                if options.sorted {
                    kept.append(part)
                } else {
                    try part.bytes.withUnsafeBufferPointer(write)
                }
            }
            if let progress, answered - reported >= options.progressInterval {
                progress(answered)
                reported = answered
            }
            start = end
        }
        summary.previousGone = history.lines - matched
        if options.sorted { try writeSorted(kept, write) }
        return summary
    }

    /// Answers `range` of `timelines`, split between the predictors' threads; the parts in input order.
    static func answerBlock(
        _ timelines: [ShipmentTimeline], _ range: Range<Int>, _ predictors: [Predictor], _ history: SweepHistory,
        _ options: SweepOptions
    ) -> [Part] {
        let threads = predictors.count
        let parts = Mutex([Part?](repeating: nil, count: threads))
        let (first, end, step) = (range.lowerBound, range.upperBound, (range.count + threads - 1) / threads)
        DispatchQueue.concurrentPerform(iterations: threads) { k in
            let range = min(end, first + k * step)..<min(end, first + (k + 1) * step)
            let part = answerRange(timelines, range, predictors[k], history, options)
            parts.withLock { $0[k] = part }
        }
        return parts.withLock { $0 }.compactMap { $0 }
    }

    /// One thread's share of a block: encoded lines, where each starts, and their counts.
    struct Part: Sendable {
        var bytes: [UInt8] = []
        /// Each line's `p_late`, its bytes, and the index of its timeline in the block.
        var entries: [(pLate: Double, start: Int, end: Int, index: Int)] = []
        var summary = SweepSummary()
        var matched = 0
    }

    static func answerRange(
        _ timelines: [ShipmentTimeline], _ range: Range<Int>, _ predictor: Predictor, _ history: SweepHistory,
        _ options: SweepOptions
    ) -> Part {
        var part = Part()
        part.bytes.reserveCapacity(range.count * 512)
        for i in range where isInFlight(timelines[i]) {
            let t = timelines[i]
            let previous = history[t.id]
            if previous != nil { part.matched += 1 }
            let line = answer(t, predictor: predictor, previous: previous, options: options)
            let begin = part.bytes.count
            SweepWriter.append(line, format: options.format, into: &part.bytes)
            part.entries.append((line.answer.pLate, begin, part.bytes.count, i))
            let scans = t.events.count
            part.summary.add(line, scans: scans, maximumScans: RequestDecoder.maximumScans)
        }
        return part
    }

    /// Writes every kept line by `p_late` descending, ties in input order.
    private static func writeSorted(_ parts: [Part], _ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var order: [(pLate: Double, part: Int32, entry: Int32)] = []
        order.reserveCapacity(parts.reduce(0) { $0 + $1.entries.count })
        for (p, part) in parts.enumerated() {
            for (e, entry) in part.entries.enumerated() { order.append((entry.pLate, Int32(p), Int32(e))) }
        }
        order.sort { a, b in
            if a.pLate != b.pLate { return a.pLate > b.pLate }
            return (a.part, a.entry) < (b.part, b.entry)
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for o in order {
            let part = parts[Int(o.part)]
            let entry = part.entries[Int(o.entry)]
            out.append(contentsOf: part.bytes[entry.start..<entry.end])
            if out.count >= 1 << 20 {
                try out.withUnsafeBufferPointer(write)
                out.removeAll(keepingCapacity: true)
            }
        }
        try out.withUnsafeBufferPointer(write)
    }
}
