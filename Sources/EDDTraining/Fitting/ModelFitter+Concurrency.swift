import Dispatch
import EDDCore

extension ModelFitter {
    /// Runs two parts of a pass at once and returns when both are done.
    ///
    /// For parts that share nothing they write (the fit's and the shadow fit's sums over the same kept
    /// observations): each sums its shipments in order, so the result is the one running them one after the
    /// other gives.
    static func concurrently(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let parts = Parts(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { i in i == 0 ? parts.first() : parts.second() }
            }
        }
    }

    /// Hands the shipments to `body` in batches of `size`, in order, reading (and `prepare`-ing) the next
    /// batch on another thread while `body` takes the current one: decoding spilled records costs about as
    /// much as a light pass's sums.
    static func forEachBatch<S: Sequence<ShipmentTimeline>, T>(
        _ timelines: S, size: Int, prepare: (ShipmentTimeline) -> T, _ body: ([T]) -> Void
    ) {
        forEachBatch(timelines, size: size, prepare: prepare, first: body, second: { _ in })
    }

    /// ``forEachBatch(_:size:prepare:_:)`` with two bodies that share nothing they write: the next batch's
    /// reading and both bodies' work on the current one run as three tasks of one `concurrentPerform`
    /// (a `concurrentPerform` nested in another's task runs its iterations on that one thread), so both
    /// cores stay busy. Each body still takes the batches in order.
    static func forEachBatch<S: Sequence<ShipmentTimeline>, T>(
        _ timelines: S, size: Int, prepare: (ShipmentTimeline) -> T, first: ([T]) -> Void, second: ([T]) -> Void
    ) {
        var iterator = timelines.makeIterator()
        func read() -> [T] {
            var out: [T] = []
            out.reserveCapacity(size)
            while out.count < size, let t = iterator.next() { out.append(prepare(t)) }
            return out
        }
        var current = read()
        while !current.isEmpty {
            var next: [T] = []
            let batch = current
            withoutActuallyEscaping(
                { next = read() },
                do: { reading in
                    withoutActuallyEscaping(
                        { first(batch) },
                        do: { first in
                            withoutActuallyEscaping(
                                { second(batch) },
                                do: { second in
                                    let tasks = Tasks(all: [reading, first, second])
                                    DispatchQueue.concurrentPerform(iterations: 3) { i in tasks.all[i]() }
                                })
                        })
                })
            current = next
        }
    }

    /// ``forEachBatch(_:size:prepare:_:)`` of the shipments themselves.
    static func forEachBatch<S: Sequence<ShipmentTimeline>>(
        _ timelines: S, size: Int, _ body: ([ShipmentTimeline]) -> Void
    ) {
        forEachBatch(timelines, size: size, prepare: { $0 }, body)
    }

    /// A lane's transit median, looked up and read once per lane (by its ``ResolvedShipment/lane``) instead
    /// of once per shipment, for the origin factors' rows.
    struct LaneMedians {
        let table: StageTable
        private var medians: [Int?] = []
        private var known: [Bool] = []

        init(_ table: StageTable) { self.table = table }

        /// Adds a completed transit's row to the origin factors: its days against its lane's median.
        mutating func addRow(
            _ rows: inout OriginTransitFactors.Accumulator, _ o: ShipmentObservation, _ r: ResolvedShipment
        ) {
            guard case .completed(let days) = o.transit, let origin = o.originID, let median = median(r) else {
                return
            }
            rows.add(origin: origin, days: days, laneMedian: median, weight: o.weight)
        }

        private mutating func median(_ r: ResolvedShipment) -> Int? {
            if r.lane >= known.count {
                let n = r.lane + 1 - known.count
                known += [Bool](repeating: false, count: n)
                medians += [Int?](repeating: nil, count: n)
            }
            if known[r.lane] { return medians[r.lane] }
            let m = table.lookup(r.transitChain)?.node.distribution.quantile(0.5)
            known[r.lane] = true
            medians[r.lane] = m
            return m
        }
    }
}

/// The two parts of ``ModelFitter/concurrently(_:_:)``, handed to the threads that run them: each part
/// writes only its own sums, so sharing the closures is safe.
private struct Parts: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
}

/// The tasks of ``ModelFitter/forEachBatch(_:size:prepare:first:second:)``: each writes only its own state.
private struct Tasks: @unchecked Sendable {
    let all: [() -> Void]
}
