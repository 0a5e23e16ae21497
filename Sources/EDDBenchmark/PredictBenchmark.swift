import EDDCore
import EDDProtocol
import EDDTraining
import Foundation

/// Measures the request path in process (decode → predict → encode) and model loading.
public enum PredictBenchmark {
    /// Timings of one benchmark session.
    public struct Report: Sendable, CustomStringConvertible {
        /// Nanoseconds per request, one entry per run.
        public var requestNanoseconds: [Double]
        /// Milliseconds per model load, one entry per run.
        public var loadMilliseconds: [Double]
        /// Nodes in the loaded model (handling + transit + milestones).
        public var nodes: Int
        public var modelBytes: Int

        public var description: String {
            func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
            func list(_ xs: [Double]) -> String { xs.map { String(Int($0.rounded())) }.joined(separator: ", ") }
            return """
                request (decode + predict + encode): median \(Int(median(requestNanoseconds).rounded())) ns \
                (runs: \(list(requestNanoseconds)))
                model load (\(nodes) nodes, \(modelBytes / 1024) KiB): median \(String(format: "%.1f", median(loadMilliseconds))) ms \
                (runs: \(loadMilliseconds.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
                """
        }
    }

    /// Times `iterations` requests cycling through `queries`, and `runs` loads of the model file at `path`.
    public static func run(modelPath: String, queries: [[UInt8]], iterations: Int, runs: Int) throws -> Report {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: modelPath))
        let model = try ModelFile.decode([UInt8](bytes))
        let service = QueryService(model: model, path: modelPath, clock: { Instant(seconds: 1_795_000_000) })
        let clock = ContinuousClock()
        var requestTimes: [Double] = []
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        for _ in 0..<runs {
            let start = clock.now
            for i in 0..<iterations {
                _ = queries[i % queries.count].withUnsafeBytes {
                    service.respond(line: $0, adminAllowed: false, into: &out)
                }
                if out.count > 1 << 15 { out.removeAll(keepingCapacity: true) }
            }
            requestTimes.append(
                Double((clock.now - start).components.attoseconds) / 1e9 / Double(iterations)
                    + Double((clock.now - start).components.seconds) * 1e9 / Double(iterations))
        }
        var loadTimes: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            _ = try ModelFile.load(path: modelPath)
            let d = clock.now - start
            loadTimes.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        let nodes = [model.handling, model.transit, model.milestones].reduce(0) { $0 + $1.sizes.reduce(0, +) }
        return Report(
            requestNanoseconds: requestTimes, loadMilliseconds: loadTimes, nodes: nodes, modelBytes: bytes.count)
    }

    /// A model with `lanes` lane-level transit nodes (random but valid distributions), for load-time tests.
    public static func syntheticModel(lanes: Int, seed: UInt64 = 1) -> EDDModel {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func distribution() -> DayDistribution {
            let center = 1 + Int(next() * 8)
            var p = [Double](repeating: 0, count: DayHistogram.buckets)
            for k in 0..<12 { p[center + k] = exp(-Double(k) * (0.5 + next())) }
            return DayDistribution(probabilities: p).quantized
        }
        var levels = [[String: StageTable.Node]](repeating: [:], count: EDDModel.transitLevels.count)
        for i in 0..<lanes {
            let key = "ups|ground|US:\(100 + i % 900)>US:\(100 + i / 900 % 900)#\(i)"
            levels[0][key] = StageTable.Node(
                distribution: distribution(), effectiveShipments: 10 + next() * 100, shipments: 10)
        }
        for level in 1..<levels.count {
            levels[level]["*"] = StageTable.Node(
                distribution: distribution(), effectiveShipments: 1e5, shipments: 100_000)
        }
        let transit = StageTable(
            levels: EDDModel.transitLevels, strengths: Array(repeating: 10, count: levels.count), nodes: levels)
        func root(_ names: [String]) -> StageTable {
            StageTable(
                levels: names, strengths: Array(repeating: 10, count: names.count),
                nodes: names.map { _ in
                    ["*": StageTable.Node(distribution: distribution(), effectiveShipments: 1e5, shipments: 100_000)]
                })
        }
        return EDDModel(
            metadata: ModelMetadata(
                asOf: Instant(seconds: 1_795_000_000), halfLifeDays: 365, lostAfterWorkingDays: 5, calibrationDays: 42,
                defaultConfidence: 0.9, shipments: lanes * 10, censored: 0, data: ["synthetic": "load benchmark"]),
            calendars: CarrierCalendars(), handling: root(EDDModel.handlingLevels), transit: transit,
            pooledTransit: root(EDDModel.transitLevels),
            milestones: root(Milestone.levels), orderEffects: .none, totalCalibration: .identity,
            transitCalibration: .identity)
    }
}
