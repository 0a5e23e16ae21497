import EDDCore
import Foundation
import Synchronization

/// Answers protocol request lines with the current model: the engine behind `eddd` and `edd predict`.
///
/// Thread-safe: any number of threads may call ``respond(line:adminAllowed:shard:into:)`` while another
/// reloads. The model is swapped atomically; a request sees either the old model or the new one.
///
/// A service has one *shard* per thread that answers requests (the daemon's workers): each keeps its own
/// predictor (with its own route cache) and its own counters, so concurrent requests share no lock and no
/// reference count, only a reload counter they read. A reload bumps that counter and each shard picks up the
/// new model at its next request.
public final class QueryService: Sendable {
    private let current: Mutex<Loaded>
    /// Bumped by every reload; a shard whose predictor is older rebuilds it from `current`.
    private let generation = Atomic<Int>(0)
    private let reloadsOK = Atomic<Int>(0)
    private let reloadsFailed = Atomic<Int>(0)
    private let shards: [Shard]
    private let started = ContinuousClock.now
    /// The clock that supplies "now" for requests without `order_time`/`now` (injectable for tests).
    private let clock: @Sendable () -> Instant
    /// Extra members for the `stats` op (the daemon's connection counters).
    private let extraStats: @Sendable () -> [(key: String, value: JSONFragment)]
    /// Errors answered before a line reaches the service (`line_too_long`, `overloaded`), for `stats`.
    private let extraErrors: @Sendable () -> [ErrorCode: Int]

    struct Loaded: Sendable {
        var model: EDDModel
        var path: String?
        var generation: Int
        /// Wall-clock seconds since the epoch when this model was swapped in.
        var loadedAt = Date().timeIntervalSince1970
    }

    /// What one answering thread keeps to itself.
    final class Shard: Sendable {
        let predictor: Mutex<(predictor: Predictor, generation: Int)>
        let statistics = Mutex(ServiceStatistics())
        /// Lent to one request at a time (a thread that finds it lent out decodes without one).
        let memo = RouteMemoCell()

        init(model: EDDModel) {
            predictor = Mutex((Predictor(model: model), 0))
        }
    }

    /// - Parameters:
    ///   - model: the model to serve.
    ///   - path: the file it came from (what `reload` without a path reads again).
    ///   - clock: current time; defaults to the system clock.
    ///   - shards: how many threads will answer requests, each passing its own index to
    ///     ``respond(line:adminAllowed:shard:into:)`` (any number of threads may share a shard; it is just slower).
    ///   - extraStats: members appended to the `stats` response.
    ///   - extraErrors: error counts added to the `stats` response's `errors` (the socket layer's).
    public init(
        model: EDDModel, path: String?, clock: @escaping @Sendable () -> Instant = QueryService.systemNow,
        shards: Int = 1, extraStats: @escaping @Sendable () -> [(key: String, value: JSONFragment)] = { [] },
        extraErrors: @escaping @Sendable () -> [ErrorCode: Int] = { [:] }
    ) {
        current = Mutex(Loaded(model: model, path: path, generation: 0))
        self.shards = (0..<max(1, shards)).map { _ in Shard(model: model) }
        self.clock = clock
        self.extraStats = extraStats
        self.extraErrors = extraErrors
    }

    /// The system clock as an ``Instant``.
    public static let systemNow: @Sendable () -> Instant = {
        // The realtime clock read directly (`Date()` costs about 50 instructions more a request).
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Instant(seconds: Int64(t.tv_sec))
    }

    /// The model being served.
    public var model: EDDModel { current.withLock { $0.model } }

    /// The file the served model was read from (what SIGHUP and `reload` without a path read again).
    public var modelPath: String? { current.withLock { $0.path } }

    /// The served model with the wall-clock time it was loaded (seconds since the epoch), read together.
    package var modelAndLoadTime: (model: EDDModel, loadedAt: Double) {
        current.withLock { ($0.model, $0.loadedAt) }
    }

    /// Loads and validates a model file, then swaps it in. On failure the old model keeps serving.
    /// - Returns: the new model's id.
    /// - Throws: ``ModelFileError`` or ``InputFileError`` saying why the file was refused, ``QueryServiceError``
    ///   when there is no path.
    @discardableResult
    public func reload(path: String? = nil) throws -> String {
        guard let target = path ?? current.withLock({ $0.path }) else {
            throw QueryServiceError.noModelPath
        }
        let model: EDDModel
        do {
            model = try ModelFile.load(path: target)
        } catch {
            reloadsFailed.add(1, ordering: .relaxed)
            throw error
        }
        current.withLock { loaded in
            loaded = Loaded(model: model, path: target, generation: loaded.generation + 1)
            generation.store(loaded.generation, ordering: .releasing)
        }
        reloadsOK.add(1, ordering: .relaxed)
        return model.metadata.id
    }

    /// Answers one request line (without its newline), appending exactly one response line to `out`.
    ///
    /// - Parameters:
    ///   - line: the request.
    ///   - adminAllowed: whether `reload` may be obeyed.
    ///   - shard: the calling thread's shard, in `0..<shards` (taken modulo the count).
    ///   - out: the buffer the response line is appended to.
    /// - Returns: what the line asked for and how it was answered (for the caller's log).
    @discardableResult
    public func respond(
        line: UnsafeRawBufferPointer, adminAllowed: Bool, shard: Int = 0, into out: inout [UInt8]
    ) -> ResponseOutcome {
        let begin = Self.monotonicNanoseconds()
        let shard = shards[shard % shards.count]
        let memo = shard.memo.take()
        // The `edd` path (nearly every request) keeps no outcome until the end, where it is made whole: an
        // outcome mutated along the way and then returned was copied and destroyed, about 200 instructions.
        var other: ResponseOutcome?
        do {
            if let memo {
                switch try RequestDecoder.decodeForService(line, memo: memo) {
                case .edd(let id, let terms, let slot):
                    answerEDD(line: line, id: id, terms: terms, slot: slot, shard: shard, memo: memo, into: &out)
                case .decoded(let decoded):
                    other = answer(decoded, adminAllowed: adminAllowed, shard: shard, memo: memo, into: &out)
                }
            } else {
                let decoded = try RequestDecoder.decode(line)
                other = answer(decoded, adminAllowed: adminAllowed, shard: shard, memo: nil, into: &out)
            }
        } catch {
            other = ResponseOutcome(op: .invalid, error: error.error)
            ResponseWriter.writeError(id: error.id, error: error.error, into: &out)
        }
        if memo != nil { shard.memo.giveBack() }
        let elapsed = Double(Self.monotonicNanoseconds() &- begin)
        guard let other else {
            shard.statistics.withLock { $0.record(op: .edd, error: nil, nanoseconds: elapsed) }
            return ResponseOutcome(op: .edd)
        }
        // Read out first: the lock's closure would otherwise copy the whole outcome, message and all.
        let (op, code) = (other.op, other.error?.code)
        shard.statistics.withLock { $0.record(op: op, error: code, nanoseconds: elapsed) }
        return other
    }

    /// Nanoseconds on the monotonic clock (read directly: `ContinuousClock` and `Duration` arithmetic cost
    /// several times more per request).
    @inline(__always)
    private static func monotonicNanoseconds() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) &* 1_000_000_000 &+ Int64(t.tv_nsec)
    }

    /// Answers an `edd` request whose route fields are in the memo's `slot` (what ``answer(_:adminAllowed:shard:memo:into:)``
    /// does for it), reading the route, the last forecast CDF and the last answer's bytes from the slot when they
    /// are there for the same inputs.
    private func answerEDD(
        line: UnsafeRawBufferPointer, id: Range<Int>?, terms: EDDTerms, slot: Int, shard: Shard,
        memo: UnsafeMutablePointer<RouteMemo>, into out: inout [UInt8]
    ) {
        let (predictor, generation) = predictorAndGeneration(shard, memo: memo)
        let route: Predictor.Route
        if let known = memo.pointee.route(slot, generation: generation) {
            route = known
        } else {
            let v = memo.pointee.values[slot]!
            route = predictor.route(
                carrier: v.carrier, service: v.service, origin: v.origin, destination: v.destination)
            memo.pointee.setRoute(route, slot, generation: generation)
        }
        // The levels' storage goes back to the memo for the next request (it is unshared again once `terms` ends).
        defer { if terms.quantiles.capacity > 0 { memo.pointee.spareLevels = terms.quantiles } }
        let (start, shift) = predictor.forecastStart(terms, route: route, now: clock())
        let bytes = line.bindMemory(to: UInt8.self)
        ResponseWriter.writeOpen(idText: id.map { UnsafeBufferPointer(rebasing: bytes[$0]) }, into: &out)
        // What follows the id depends on the key alone: an answer kept for the same key is these very bytes.
        let key = RouteMemo.AnswerKey(generation: generation, start: start, shift: shift, terms: terms)
        if let kept = memo.pointee.answer(slot, key) {
            out.append(contentsOf: kept)
            return
        }
        let cdf: [Double]
        if let kept = memo.pointee.cdf(slot, shift: shift, generation: generation) {
            cdf = kept
        } else {
            cdf = predictor.forecastCDF(route: route, shift: shift)
            memo.pointee.setCDF(cdf, slot, shift: shift, generation: generation)
        }
        let answer = predictor.answer(terms, predictor.forecast(route: route, start: start, cdf: cdf))
        let bodyStart = out.count
        ResponseWriter.writeEDDBody(answer: answer, model: predictor.model.metadata.id, into: &out)
        memo.pointee.setAnswer(Array(out[bodyStart...]), slot, key)
    }

    /// Answers one request line given as bytes.
    @discardableResult
    public func respond(line: [UInt8], adminAllowed: Bool, shard: Int = 0, into out: inout [UInt8]) -> ResponseOutcome {
        line.withUnsafeBytes { respond(line: $0, adminAllowed: adminAllowed, shard: shard, into: &out) }
    }

    /// The shard's predictor, rebuilt from the current model first if a reload happened since it was made.
    private func predictor(_ shard: Shard) -> Predictor {
        predictorAndGeneration(shard).predictor
    }

    /// The shard's predictor (see ``predictor(_:)``) and the generation of its model.
    private func predictorAndGeneration(_ shard: Shard) -> (predictor: Predictor, generation: Int) {
        let latest = generation.load(ordering: .acquiring)
        return shard.predictor.withLock { entry in
            if entry.generation != latest {
                let loaded = current.withLock { $0 }
                entry = (Predictor(model: loaded.model), loaded.generation)
            }
            return entry
        }
    }

    /// The shard's predictor for a request that holds its memo: the one kept in the memo while no reload has
    /// happened since, so such a request takes the shard's lock only after a reload.
    private func predictorAndGeneration(
        _ shard: Shard, memo: UnsafeMutablePointer<RouteMemo>
    ) -> (predictor: Predictor, generation: Int) {
        if let kept = memo.pointee.predictor, kept.generation == generation.load(ordering: .acquiring) { return kept }
        let entry = predictorAndGeneration(shard)
        memo.pointee.predictor = entry
        return entry
    }

    /// Every shard's counters added up.
    ///
    /// Merged under each shard's lock rather than copied out, so the worker's next `record` does not pay for
    /// a copy-on-write of arrays a reader still holds.
    package func statisticsSnapshot() -> ServiceStatistics {
        var total = ServiceStatistics()
        for shard in shards { shard.statistics.withLock { total.merge($0) } }
        return total
    }

    /// Reloads since start, by result: swapped in, or refused (the old model kept serving).
    package var reloadCounts: (ok: Int, failed: Int) {
        (reloadsOK.load(ordering: .relaxed), reloadsFailed.load(ordering: .relaxed))
    }

    private func answer(
        _ decoded: DecodedRequest, adminAllowed: Bool, shard: Shard, memo: UnsafeMutablePointer<RouteMemo>?,
        into out: inout [UInt8]
    ) -> ResponseOutcome {
        var outcome = ResponseOutcome(op: ServiceStatistics.Op(decoded.request))
        let id = decoded.id
        switch decoded.request {
        case .edd(let q):
            let (predictor, generation) = predictorAndGeneration(shard)
            let now = clock()
            guard !q.options.isEmpty else {
                let route: Predictor.Route
                if let slot = decoded.routeSlot, let known = memo?.pointee.route(slot, generation: generation) {
                    route = known
                } else {
                    route = predictor.route(
                        carrier: q.carrier, service: q.service, origin: q.origin, destination: q.destination)
                    if let slot = decoded.routeSlot { memo?.pointee.setRoute(route, slot, generation: generation) }
                }
                let answer = predictor.answer(q, route: route, now: now)
                ResponseWriter.writeEDD(id: id, answer: answer, model: predictor.model.metadata.id, into: &out)
                return outcome
            }
            let answers = q.options.map { option in
                EDDOptionAnswer(option: option, answer: predictor.answer(q, option: option, now: now))
            }
            ResponseWriter.writeEDD(
                id: id, answer: answers[0].answer, options: answers, model: predictor.model.metadata.id, into: &out)
        case .risk(let q):
            let predictor = predictor(shard)
            let answer = predictor.answer(q, now: clock())
            ResponseWriter.writeRisk(id: id, answer: answer, model: predictor.model.metadata.id, into: &out)
        case .health:
            let (model, path) = current.withLock { ($0.model, $0.path) }
            ResponseWriter.writeOK(
                id: id,
                fields: [
                    ("status", .string("serving")),
                    (
                        "model",
                        .object(
                            [
                                ("id", .string(model.metadata.id)),
                                ("as_of", .string(model.metadata.asOf.description)),
                            ] + (path.map { [("path", .string($0))] } ?? []))
                    ),
                    ("uptime_s", .number(Double(Int((ContinuousClock.now - started).seconds * 10)) / 10)),
                ], into: &out)
        case .model:
            let (model, path) = current.withLock { ($0.model, $0.path) }
            let pathField: [(key: String, value: JSONFragment)] = path.map { [("path", .string($0))] } ?? []
            ResponseWriter.writeOK(id: id, fields: ModelDescription.fields(model) + pathField, into: &out)
        case .stats:
            ResponseWriter.writeOK(
                id: id, fields: statisticsSnapshot().fields(extraErrors: extraErrors()) + extraStats(), into: &out)
        case .reload(let path):
            guard adminAllowed else {
                let error = ProtocolError(
                    .notAllowed, "reload is allowed only on the daemon's Unix socket or with --allow-admin")
                ResponseWriter.writeError(id: id, error: error, into: &out)
                outcome.error = error
                outcome.reload = .refused(reason: error.message)
                return outcome
            }
            do {
                let newID = try reload(path: path)
                let served = modelPath
                let path = served.map { [(key: "path", value: JSONFragment.string($0))] } ?? []
                ResponseWriter.writeOK(
                    id: id, fields: [("model", .string(newID)), ("status", .string("reloaded"))] + path, into: &out)
                outcome.reload = .loaded(model: newID, path: served)
            } catch {
                let message = (error as? any EDDError)?.message ?? "\(error)"
                let refusal = ProtocolError(.invalidRequest, "reload failed, still serving the old model: \(message)")
                ResponseWriter.writeError(id: id, error: refusal, into: &out)
                outcome.error = refusal
                outcome.reload = .failed(reason: message)
            }
        }
        return outcome
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
