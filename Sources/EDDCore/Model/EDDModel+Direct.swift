extension EDDModel {
    /// Whether order-time answers on a chain come from the order → delivery table rather than handling ⊗
    /// transit: when the service (or, for the pooled chain, the carrier) has more shipments without a
    /// hand-off scan than with one.
    package static func usesDirect(transit: StageTable, direct: StageTable, chain: [String?]) -> Bool {
        for level in [LaneLevel.service.rank, LaneLevel.carrier.rank] {
            guard let key = chain[level] else { continue }
            let without = direct.nodes[level][key]?.shipments ?? 0
            let with = transit.nodes[level][key]?.shipments ?? 0
            return without > with
        }
        return false
    }
}
