import EDDCore

extension ModelFitter {
    /// A stage's ``HierarchyStatistics`` fed lane by lane: each lane's nodes are looked up (by their keys'
    /// hashes) the first time the lane adds an outcome, then reused, where ``HierarchyStatistics/addEvent(chain:days:weight:)``
    /// hashes every key of the chain for every shipment.
    ///
    /// Nodes are created when the lane first adds a completed or censored stage, as `addEvent` would create
    /// them, so the statistics are the same, node order included.
    struct LaneStatistics {
        private(set) var statistics: HierarchyStatistics
        /// By slot (a lane number, or a lane and a milestone), its nodes once known.
        private var nodes: [[Int?]?] = []

        init(levels: [String], buckets: Int) {
            statistics = HierarchyStatistics(levels: levels, buckets: buckets)
        }

        /// Adds a stage outcome of the lane (or lane and milestone) `slot`, whose key chain is `chain`.
        mutating func add(_ slot: Int, _ chain: [String?], _ outcome: StageOutcome, _ weight: Double) {
            let days: Int
            let completed: Bool
            switch outcome {
            case .completed(let d): (days, completed) = (d, true)
            case .censored(let d): (days, completed) = (d, false)
            case .competing, .unknown: return
            }
            if slot >= nodes.count { nodes += [[Int?]?](repeating: nil, count: slot + 1 - nodes.count) }
            let found: [Int?]
            if let known = nodes[slot] {
                found = known
            } else {
                found = statistics.nodes(chain: chain)
                nodes[slot] = found
            }
            if completed {
                statistics.addEvent(nodes: found, days: days, weight: weight)
            } else {
                statistics.addCensored(nodes: found, days: days, weight: weight)
            }
        }
    }
}
