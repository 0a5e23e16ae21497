@testable import EDDCore
import Testing

/// ``HierarchyStatistics/nodes(chain:)`` finds (or creates) a chain's nodes in one walk from the root down: what
/// it creates must be what ``HierarchyStatistics/addEvent(chain:days:weight:)`` creates, node order and
/// parents included.
@Suite struct HierarchyNodesTests {
    static let levels = ["lane", "region", "global"]

    @Test func aChainsNodesAreCreatedOnceEachWithTheNextKeyUpAsParent() {
        var stats = HierarchyStatistics(levels: Self.levels, buckets: 4)
        // Lane a under region r; lane b with no region (its parent is the root); lane c under r too.
        #expect(stats.nodes(chain: ["a", "r", "*"]) == [0, 0, 0])
        #expect(stats.nodes(chain: ["b", nil, "*"]) == [1, nil, 0])
        #expect(stats.nodes(chain: ["c", "r", "*"]) == [2, 0, 0])
        #expect(stats.nodes(chain: ["a", "r", "*"]) == [0, 0, 0])
        #expect(stats.keys == [["a", "b", "c"], ["r"], ["*"]])
        let region = HierarchyStatistics.NodeID(level: 1, index: 0)
        let root = HierarchyStatistics.NodeID(level: 2, index: 0)
        #expect(stats.parents == [[region, root, region], [root], [nil]])
    }

    @Test func nodesThenAddingThemEqualsAddingByChain() {
        let chains: [[String?]] = [
            ["a", "r", "*"], ["b", nil, "*"], ["a", "r", "*"], ["c", "s", "*"], [nil, "s", "*"],
        ]
        var byChain = HierarchyStatistics(levels: Self.levels, buckets: 4)
        var byNodes = HierarchyStatistics(levels: Self.levels, buckets: 4)
        for (k, chain) in chains.enumerated() {
            byChain.addEvent(chain: chain, days: k % 3, weight: 1)
            byNodes.addEvent(nodes: byNodes.nodes(chain: chain), days: k % 3, weight: 1)
        }
        #expect(byNodes == byChain)
        // Five events at the root, two at lane a (days 0 and 2).
        #expect(byNodes.histograms[2][0].totalWeight == 5)
        #expect(byNodes.histograms[0][0].totalWeight == 2)
    }
}
