import Foundation
import Synchronization

/// Answers protocol request lines with the current model: the engine behind `eddd` and `edd predict`.
///
/// Thread-safe: any number of threads may call ``respond(line:adminAllowed:into:)`` while another reloads.
/// The model is swapped atomically; a request sees either the old model or the new one.
public final class QueryService: Sendable {
    private let current: Mutex<Loaded>
    private let statistics = Mutex(ServiceStatistics())
    private let started = ContinuousClock.now
    /// The clock that supplies "now" for requests without `order_time`/`now` (injectable for tests).
    private let clock: @Sendable () -> Instant
    /// Extra members for the `stats` op (the daemon's connection counters).
    private let extraStats: @Sendable () -> [(key: String, value: JSONFragment)]

    struct Loaded: Sendable {
        var predictor: Predictor
        var path: String?
    }

    /// - Parameters:
    ///   - model: the model to serve.
    ///   - path: the file it came from (what `reload` without a path reads again).
    ///   - clock: current time; defaults to the system clock.
    ///   - extraStats: members appended to the `stats` response.
    public init(
        model: EDDModel, path: String?, clock: @escaping @Sendable () -> Instant = QueryService.systemNow,
        extraStats: @escaping @Sendable () -> [(key: String, value: JSONFragment)] = { [] }
    ) {
        current = Mutex(Loaded(predictor: Predictor(model: model), path: path))
        self.clock = clock
        self.extraStats = extraStats
    }

    /// The system clock as an ``Instant``.
    public static let systemNow: @Sendable () -> Instant = { Instant(seconds: Int64(Date().timeIntervalSince1970)) }

    /// The model being served.
    public var model: EDDModel { current.withLock { $0.predictor.model } }

    /// Loads and validates a model file, then swaps it in. On failure the old model keeps serving.
    /// - Returns: the new model's id.
    /// - Throws: ``ToolError`` saying why the file was refused.
    @discardableResult
    public func reload(path: String? = nil) throws -> String {
        guard let target = path ?? current.withLock({ $0.path }) else {
            throw ToolError.usage("no model path to reload from")
        }
        let model = try ModelFile.load(path: target)
        current.withLock { $0 = Loaded(predictor: Predictor(model: model), path: target) }
        return model.metadata.id
    }

    /// Answers one request line (without its newline), appending exactly one response line to `out`.
    public func respond(line: UnsafeRawBufferPointer, adminAllowed: Bool, into out: inout [UInt8]) {
        let begin = ContinuousClock.now
        var op = ServiceStatistics.Op.invalid
        var errorCode: ErrorCode?
        do {
            let decoded = try RequestDecoder.decode(line)
            op = ServiceStatistics.Op(decoded.request)
            errorCode = answer(decoded, adminAllowed: adminAllowed, into: &out)
        } catch {
            errorCode = error.error.code
            ResponseWriter.writeError(id: error.id, error: error.error, into: &out)
        }
        let elapsed = ContinuousClock.now - begin
        statistics.withLock { $0.record(op: op, error: errorCode, elapsed: elapsed) }
    }

    /// Answers one request line given as bytes.
    public func respond(line: [UInt8], adminAllowed: Bool, into out: inout [UInt8]) {
        line.withUnsafeBytes { respond(line: $0, adminAllowed: adminAllowed, into: &out) }
    }

    private func answer(_ decoded: DecodedRequest, adminAllowed: Bool, into out: inout [UInt8]) -> ErrorCode? {
        let id = decoded.id
        switch decoded.request {
        case .edd(let q):
            let predictor = current.withLock { $0.predictor }
            let answers = q.shippingOptions.map { option in
                EDDOptionAnswer(option: option, result: .success(predictor.answer(q, option: option, now: clock())))
            }
            guard case .success(let first) = answers[0].result else { return nil }
            ResponseWriter.writeEDD(
                id: id, answer: first, options: q.options.isEmpty ? nil : answers, model: predictor.model.metadata.id,
                into: &out)
        case .risk(let q):
            let predictor = current.withLock { $0.predictor }
            let answer = predictor.answer(q, now: clock())
            ResponseWriter.writeRisk(id: id, answer: answer, model: predictor.model.metadata.id, into: &out)
        case .health:
            let model = self.model
            ResponseWriter.writeOK(
                id: id,
                fields: [
                    ("status", .string("serving")),
                    (
                        "model",
                        .object([
                            ("id", .string(model.metadata.id)), ("as_of", .string(model.metadata.asOf.description)),
                        ])
                    ),
                    ("uptime_s", .number(Double(Int((ContinuousClock.now - started).seconds * 10)) / 10)),
                ], into: &out)
        case .model:
            ResponseWriter.writeOK(id: id, fields: ModelDescription.fields(model), into: &out)
        case .stats:
            let snapshot = statistics.withLock { $0 }
            ResponseWriter.writeOK(id: id, fields: snapshot.fields() + extraStats(), into: &out)
        case .reload(let path):
            guard adminAllowed else {
                let error = ProtocolError(
                    .notAllowed, "reload is allowed only on the daemon's Unix socket or with --allow-admin")
                ResponseWriter.writeError(id: id, error: error, into: &out)
                return .notAllowed
            }
            do {
                let newID = try reload(path: path)
                ResponseWriter.writeOK(
                    id: id, fields: [("model", .string(newID)), ("status", .string("reloaded"))], into: &out)
            } catch {
                let message = (error as? ToolError)?.message ?? "\(error)"
                ResponseWriter.writeError(
                    id: id,
                    error: ProtocolError(.invalidRequest, "reload failed, still serving the old model: \(message)"),
                    into: &out)
                return .invalidRequest
            }
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
