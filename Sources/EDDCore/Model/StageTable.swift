/// The fitted distributions of one stage, looked up by key chain at prediction time.
public struct StageTable: Sendable, Equatable {
    /// One node of the hierarchy as served.
    public struct Node: Sendable, Equatable {
        /// The shrunk distribution over working days.
        public var distribution: DayDistribution
        /// Effective (recency-weighted) number of shipments behind the node's own data.
        public var effectiveShipments: Double
        /// Unweighted number of shipments behind the node's own data.
        public var shipments: Int

        public init(distribution: DayDistribution, effectiveShipments: Double, shipments: Int) {
            self.distribution = distribution
            self.effectiveShipments = effectiveShipments
            self.shipments = shipments
        }
    }

    /// Level names, most specific first.
    public var levels: [String]
    /// Fitted shrinkage strength per level.
    public var strengths: [Double]
    /// Per level: node by key.
    public var nodes: [[String: Node]]
    /// Days in every node's distribution (the last a tail).
    public var buckets: Int

    public init(
        levels: [String], strengths: [Double], nodes: [[String: Node]], buckets: Int = DayHistogram.buckets
    ) {
        self.levels = levels
        self.strengths = strengths
        self.nodes = nodes
        self.buckets = buckets
    }

    /// The served table of a fit.
    package init(statistics: HierarchyStatistics, fit: Shrinkage.Result) {
        levels = statistics.levels
        strengths = fit.strengths
        buckets = statistics.buckets
        nodes = statistics.levels.indices.map { level in
            var table: [String: Node] = [:]
            table.reserveCapacity(statistics.keys[level].count)
            for (i, key) in statistics.keys[level].enumerated() {
                let h = statistics.histograms[level][i]
                table[key] = Node(
                    distribution: fit.distributions[level][i].quantized, effectiveShipments: h.totalWeight,
                    shipments: h.eventCount + h.censoredCount)
            }
            return table
        }
    }

    /// The most specific node of the chain that the model knows, with its level index.
    public func lookup(_ chain: [String?]) -> (level: Int, node: Node)? {
        for (level, key) in chain.enumerated() {
            if let key, let node = nodes[level][key] { return (level, node) }
        }
        return nil
    }

    /// Number of nodes per level.
    public var sizes: [Int] { nodes.map(\.count) }
}
