import CEDDSystem
import Dispatch
import EDDCore
import Foundation

/// What a spilled read makes of one partition's shipments (``ScanIngestion/reduceSpilled``): `keep` runs on
/// the worker thread reducing the partition, `commit` once per partition in the partitions' order (one at a
/// time, so what it numbers is numbered as a single thread would), `finish` on the worker after it.
protocol SpillLeafReduction {
    /// Takes a shipment of the partition, with its first row's line; `leaf` is the partition's output file.
    mutating func keep(_ t: ShipmentTimeline, firstLine: UInt64, to leaf: SpillWriter) throws
    /// Called once the partition is reduced, in partition order.
    mutating func commit()
    /// Writes what `keep` held back to the partition's output file.
    mutating func finish(to leaf: SpillWriter) throws
}

extension SpillLeafReduction {
    mutating func commit() {}
    mutating func finish(to leaf: SpillWriter) throws {}
}

extension ScanIngestion {
    /// At most this many partitions are reduced at once: each needs about a quarter of the memory budget.
    static let reductionWorkers = 2

    /// What reducing one partition produced.
    struct ReducedPartition {
        var summary: IngestSummary
        var latest: Int64
        var leaf: SpillWriter
        var rejects: SpillWriter?
    }

    /// What reducing the partitions produced, in the partitions' order.
    struct Reductions {
        var summary = IngestSummary()
        var latest = Int64.min
        var leaves: [SpillWriter] = []
        var rejectFiles: [SpillWriter] = []
    }

    /// Reduces `files` (partition files of `LINE,` and the row) on up to `workers` threads (one: on this
    /// thread).
    ///
    /// Each partition's counts are its own and are summed in partition order, so the totals, the leaves and
    /// what `commit` numbers are those of reducing the partitions one after the other.
    static func reducePartitions<R: SpillLeafReduction>(
        _ files: [SpillWriter], header: ScanHeader, rowLimit: Int, options: IngestOptions, spill: SpillDirectory,
        keepsRejects: Bool, workers: Int, make: () -> R
    ) throws -> Reductions {
        let n = files.count
        let condition = NSCondition()
        // Guarded by `condition`.
        var done = [ReducedPartition?](repeating: nil, count: n)
        var failure: (any Error)?
        var stopped = false
        var next = 0
        var committed = 0

        func reduce(_ k: Int) throws -> ReducedPartition? {
            let file = files[k]
            var summary = IngestSummary()
            var store = ScanStore()
            // A partition row (its line, a comma and the scan) takes about 120 bytes: reserved once, the
            // events do not outgrow the partition by doubling.
            store.events.reserveCapacity(file.written / 120)
            var firstLines: [UInt64] = [0]
            let rejects = keepsRejects ? try SpillWriter(spill, name: "rejects-leaf-\(k)") : nil
            let r = try CSVReader(path: file.path, maxRowBytes: rowLimit)
            while let status = try r.next() {
                guard status == .row, let line = UInt64(r.string(0)) else {
                    throw SpillError(.damaged, "the temporary file '\(file.path)' was changed while it was read")
                }
                let before = store.lanes.count
                do {
                    let (conflict, visible) = try store.add(r, header, aliases: options.aliases, asOf: options.asOf)
                    summary.accepted += 1
                    if conflict { summary.conflictingRows += 1 }
                    if !visible { summary.afterAsOf += 1 }
                    if store.lanes.count > before { firstLines.append(line) }
                } catch {
                    let raw = r.rawRow
                    let skip = r.field(0).count + 1
                    try ScanSpill.reject(
                        error.reason, error.detail, line: line,
                        raw: UnsafeBufferPointer(rebasing: raw[skip...]), summary: &summary, to: rejects)
                }
            }
            try rejects?.finish()
            spill.delete(file.path, bytes: file.written)
            let latest = store.latest
            let leaf = try SpillWriter(spill, name: "records-leaf-\(k)")
            // Made here, so a reduced partition's leaf (its lanes, its records) is freed with it.
            var reduction = make()
            try store.forEachTimeline(cutoff: nil, summary: &summary) { s, t in
                try reduction.keep(t, firstLine: firstLines[s], to: leaf)
            }
            // Wait for the partitions before this one, so `commit` sees them in order.
            condition.lock()
            while committed < k && !stopped { condition.wait() }
            let stop = stopped
            if !stop {
                reduction.commit()
                committed += 1
                condition.broadcast()
            }
            condition.unlock()
            if stop { return nil }
            try reduction.finish(to: leaf)
            try leaf.finish()
            return ReducedPartition(summary: summary, latest: latest, leaf: leaf, rejects: rejects)
        }

        func work() {
            while true {
                condition.lock()
                let k = next
                next += 1
                let stop = stopped
                condition.unlock()
                guard k < n, !stop else { return }
                do {
                    let result = try reduce(k)
                    // The partition's tables are freed: give their pages back before the next one grows.
                    cedd_release_free_memory()
                    condition.lock()
                    done[k] = result
                    condition.unlock()
                } catch {
                    condition.lock()
                    if failure == nil { failure = error }
                    stopped = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
            }
        }
        if workers <= 1 || n <= 1 {
            work()
        } else {
            withoutActuallyEscaping(work) { work in
                let worker = UncheckedBox(work)
                DispatchQueue.concurrentPerform(iterations: min(workers, n)) { _ in worker.value() }
            }
        }
        if let failure { throw failure }
        var out = Reductions()
        for d in done {
            let d = d!
            out.summary.add(d.summary)
            out.latest = max(out.latest, d.latest)
            out.leaves.append(d.leaf)
            if let r = d.rejects { out.rejectFiles.append(r) }
        }
        return out
    }
}

/// Hands a closure to worker threads that only ever call it for distinct partitions.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension IngestSummary {
    /// Adds a partition's reduction counts (everything but the rows read and blank lines, which the routing
    /// pass counts, and the cut-off).
    mutating func add(_ other: IngestSummary) {
        accepted += other.accepted
        for (reason, n) in other.rejected { rejected[reason, default: 0] += n }
        duplicatesDropped += other.duplicatesDropped
        afterAsOf += other.afterAsOf
        conflictingRows += other.conflictingRows
        shipments += other.shipments
        delivered += other.delivered
        censored += other.censored
        returned += other.returned
        canceled += other.canceled
    }
}
