/// The mergeable statistics of one stage (handling or transit): a day histogram for every node of every level.
///
/// Levels run from the most specific (index 0, e.g. the postal-prefix pair) to the most general (the last,
/// `global`). Each observation brings a key chain, one optional key per level (nil where the level cannot be
/// formed, e.g. an unknown postal code); its parent at a level is the next key up the chain that is present.
public struct HierarchyStatistics: Sendable, Equatable {
    /// Level names, most specific first; the last is the root.
    public let levels: [String]
    /// For each level, the key of each node, in insertion order.
    public private(set) var keys: [[String]]
    /// For each level, node index by key.
    public private(set) var index: [[String: Int]]
    /// For each level, the parent node's (level, index), or nil for the root.
    public private(set) var parents: [[NodeID?]]
    /// For each level, the histogram of each node.
    public private(set) var histograms: [[DayHistogram]]
    /// Buckets of every histogram (the last a tail).
    public let buckets: Int

    /// A node's position: its level and its index within that level.
    public struct NodeID: Hashable, Sendable {
        public var level: Int
        public var index: Int
    }

    /// Empty statistics over the given levels (most specific first).
    public init(levels: [String], buckets: Int = DayHistogram.buckets) {
        precondition(!levels.isEmpty)
        self.levels = levels
        self.buckets = buckets
        keys = Array(repeating: [], count: levels.count)
        index = Array(repeating: [:], count: levels.count)
        parents = Array(repeating: [], count: levels.count)
        histograms = Array(repeating: [], count: levels.count)
    }

    /// The node for a chain's key at a level, created on first sight with the chain's next key as parent.
    mutating func node(level: Int, chain: [String?]) -> Int {
        let key = chain[level]!
        if let i = index[level][key] { return i }
        var parent: NodeID?
        var up = level + 1
        while up < levels.count {
            if chain[up] != nil {
                parent = NodeID(level: up, index: node(level: up, chain: chain))
                break
            }
            up += 1
        }
        return appendNode(level: level, key: key, parent: parent)
    }

    /// A new, empty node of `key` at `level` under `parent`, and its index.
    private mutating func appendNode(level: Int, key: String, parent: NodeID?) -> Int {
        let i = keys[level].count
        keys[level].append(key)
        index[level][key] = i
        parents[level].append(parent)
        histograms[level].append(DayHistogram(buckets: buckets))
        return i
    }

    /// Records a completed stage of `days` working days at every level of `chain`.
    public mutating func addEvent(chain: [String?], days: Int, weight: Double) {
        for level in 0..<levels.count where chain[level] != nil {
            let i = node(level: level, chain: chain)
            histograms[level][i].addEvent(days: days, weight: weight)
        }
    }

    /// Records a stage known to have lasted more than `days` working days at every level of `chain`.
    public mutating func addCensored(chain: [String?], days: Int, weight: Double) {
        for level in 0..<levels.count where chain[level] != nil {
            let i = node(level: level, chain: chain)
            histograms[level][i].addCensored(days: days, weight: weight)
        }
    }

    /// The node of every level of `chain` (nil where the chain has no key), created in the order
    /// ``addEvent(chain:days:weight:)`` creates them: a fit looks a lane's nodes up once, not per shipment.
    package mutating func nodes(chain: [String?]) -> [Int?] {
        // From the top down, so each key is looked up once and a new node's parent is the one just found,
        // as ``node(level:chain:)`` would find it.
        var found = [Int?](repeating: nil, count: levels.count)
        var parent: NodeID?
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            guard let key = chain[level] else { continue }
            let i = index[level][key] ?? appendNode(level: level, key: key, parent: parent)
            found[level] = i
            parent = NodeID(level: level, index: i)
        }
        return found
    }

    /// ``addEvent(chain:days:weight:)`` on nodes from ``nodes(chain:)``.
    package mutating func addEvent(nodes: [Int?], days: Int, weight: Double) {
        for (level, i) in nodes.enumerated() {
            if let i { histograms[level][i].addEvent(days: days, weight: weight) }
        }
    }

    /// ``addCensored(chain:days:weight:)`` on nodes from ``nodes(chain:)``.
    package mutating func addCensored(nodes: [Int?], days: Int, weight: Double) {
        for (level, i) in nodes.enumerated() {
            if let i { histograms[level][i].addCensored(days: days, weight: weight) }
        }
    }

    /// Adds another fit's statistics (over a disjoint set of shipments) to these.
    public mutating func merge(_ other: HierarchyStatistics) {
        precondition(levels == other.levels, "merging statistics of different hierarchies")
        precondition(buckets == other.buckets, "merging statistics of different day ranges")
        // Parents first, so that a new child finds its parent already present.
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            for (j, key) in other.keys[level].enumerated() {
                var chain = [String?](repeating: nil, count: levels.count)
                chain[level] = key
                var p = other.parents[level][j]
                while let parent = p {
                    chain[parent.level] = other.keys[parent.level][parent.index]
                    p = other.parents[parent.level][parent.index]
                }
                let i = node(level: level, chain: chain)
                histograms[level][i].merge(other.histograms[level][j])
            }
        }
    }

    /// The histogram of a key at a level, if that node exists.
    public func histogram(level: Int, key: String) -> DayHistogram? {
        index[level][key].map { histograms[level][$0] }
    }

    /// A canonical form for comparisons: every node as (level, key, parent key, histogram), sorted.
    func canonicalNodes() -> [(Int, String, String?, DayHistogram)] {
        var out: [(Int, String, String?, DayHistogram)] = []
        for level in 0..<levels.count {
            for (i, key) in keys[level].enumerated() {
                let parentKey = parents[level][i].map { keys[$0.level][$0.index] }
                out.append((level, key, parentKey, histograms[level][i]))
            }
        }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }
}
