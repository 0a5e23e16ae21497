import EDDCore

/// What ``ScanIngestion/forEachSpilled(path:options:spill:memory:progress:_:)`` read.
package struct SpilledPass {
    /// The same counts an in-memory read gives.
    package var summary: IngestSummary
    /// Partitions reduced (after splitting the large ones).
    package var partitions: Int
    /// The most bytes the temporary files held at once.
    package var peakTemporaryBytes: Int
}

extension ScanIngestion {
    /// Reads scans in bounded memory as ``readSpilled(path:options:spill:memory:progress:)`` does, but hands
    /// each shipment to `body` as its partition is reduced, whole (every scan with its postal code and UTC
    /// offset, which the spilled records leave out), instead of writing records to read back.
    ///
    /// Shipments come partition by partition, each partition's in first-row order; `body` also gets the line
    /// of the shipment's first accepted row, so a caller can restore the input's order (an in-memory read
    /// gives shipments in that order). Timelines are built with no cut-off (`censoredAt` is nil): the cut-off
    /// is known only once every partition is read, and is in the returned summary.
    ///
    /// - Parameters:
    ///   - path: the file, or `-` for standard input.
    ///   - options: aliases, as-of cut-off and rejects file, as for an in-memory read.
    ///   - spill: where the temporary files go; the caller removes it when done.
    ///   - memory: the budget in bytes a partition is sized to (a partition holds at most half of it).
    ///   - progress: called with the rows read every `options.progressInterval` rows.
    ///   - body: receives each shipment and its first row's line.
    /// - Returns: the counts.
    /// - Throws: as ``readSpilled(path:options:spill:memory:progress:)``, and what `body` throws.
    package static func forEachSpilled(
        path: String, options: IngestOptions, spill: SpillDirectory, memory: Int, progress: ((Int) -> Void)? = nil,
        _ body: (ShipmentTimeline, UInt64) throws -> Void
    ) throws -> SpilledPass {
        try forEachSpilled(
            path: path, options: options, spill: spill, leafLimit: max(1 << 16, memory / 2), progress: progress, body)
    }

    /// ``forEachSpilled(path:options:spill:memory:progress:_:)`` with partitions of at most `leafLimit` bytes
    /// (tests force many partitions on small inputs).
    package static func forEachSpilled(
        path: String, options: IngestOptions, spill: SpillDirectory, leafLimit: Int, progress: ((Int) -> Void)?,
        _ body: (ShipmentTimeline, UInt64) throws -> Void
    ) throws -> SpilledPass {
        // One partition at a time, on this thread: `body` sees the shipments as a single reader gives them.
        let reduced = try withoutActuallyEscaping(body) { body in
            try reduceSpilled(
                path: path, options: options, spill: spill, leafLimit: leafLimit, progress: progress, workers: 1,
                make: { CallingLeaf(body: body) })
        }
        // Each partition's output file stays empty: nothing was written to read back.
        for leaf in reduced.leaves { spill.delete(leaf.path, bytes: leaf.written) }
        try reduced.writeRejects()
        return SpilledPass(
            summary: reduced.summary, partitions: reduced.leaves.count, peakTemporaryBytes: spill.bytes.peak)
    }
}

/// Hands each shipment of a partition to a closure as the partition is reduced.
private struct CallingLeaf: SpillLeafReduction {
    let body: (ShipmentTimeline, UInt64) throws -> Void

    func keep(_ t: ShipmentTimeline, firstLine: UInt64, to leaf: SpillWriter) throws { try body(t, firstLine) }
}
