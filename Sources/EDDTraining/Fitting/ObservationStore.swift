import EDDCore

extension ModelFitter {
    /// The ``CachedObservation``s of a fit, in shipment order: held in memory when the shipments are (an
    /// array already costs far more per shipment), else written to a temporary file of the spilled read's
    /// directory, so a fit over spilled shipments still holds one at a time.
    ///
    /// A temporary file that cannot be written or read back ends the passes early, as a damaged records file
    /// does: the error goes to `failed`, which the caller of the fit checks before writing the model.
    final class ObservationStore {
        private var held: [CachedObservation] = []
        private let spill: SpillDirectory?
        private var writer: SpillWriter?
        private let failed: (any Error) -> Void
        /// The number of observations appended.
        private(set) var count = 0

        init(spill: SpillDirectory?, failed: @escaping (any Error) -> Void) {
            self.spill = spill
            self.failed = failed
            if let spill {
                do {
                    writer = try SpillWriter(spill, name: spill.uniqueName("observations-"))
                } catch {
                    failed(error)
                }
            }
        }

        deinit {
            if let spill, let writer {
                try? writer.finish()
                spill.delete(writer.path, bytes: writer.written)
            }
        }

        func append(_ o: CachedObservation) {
            count += 1
            guard let writer else {
                if spill == nil { held.append(o) }
                return
            }
            var o = o
            withUnsafeBytes(of: &o) { writer.append($0.assumingMemoryBound(to: UInt8.self)) }
            do { try writer.flushIfFull() } catch { stop(error) }
        }

        /// Ends the appending (the file is flushed for reading).
        func finish() {
            guard let w = writer else { return }
            do { try w.finish() } catch { stop(error) }
        }

        private func stop(_ error: any Error) {
            failed(error)
            if let spill, let writer { spill.delete(writer.path, bytes: writer.written) }
            writer = nil
        }

        /// Hands every observation to `body` with its shipment's index, in order.
        func forEach(_ body: (Int, CachedObservation) -> Void) {
            guard let writer else {
                for (i, o) in held.enumerated() { body(i, o) }
                return
            }
            do {
                let r = try SpillReader(path: writer.path, bufferSize: 1 << 20)
                let size = MemoryLayout<CachedObservation>.size
                for i in 0..<count {
                    let bytes = try r.bytes(size)
                    body(i, UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: CachedObservation.self))
                }
            } catch {
                failed(error)
            }
        }
    }
}
