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
        /// By slot (a lane's number, an origin's, or a service's and a milestone), its nodes once known.
        private var nodes: [[Int?]?] = []

        init(levels: [String], buckets: Int) {
            statistics = HierarchyStatistics(levels: levels, buckets: buckets)
        }

        /// Adds a stage outcome of `slot`, whose key chain is `chain` (the same for every outcome of the slot).
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

extension ModelFitter {
    /// Every stage's ``LaneStatistics`` of one fit (the served one, or the shadow as of the calibration
    /// window's start), fed one observed shipment at a time: handling, transit, order → delivery where there
    /// is no hand-off (`direct`), the plain lane-empirical order → delivery, the milestones, and, for the
    /// served fit only, transit pooled over services.
    struct StageLanes {
        var handling: LaneStatistics
        var transit: LaneStatistics
        var pooled: LaneStatistics?
        var direct: LaneStatistics
        var empirical: LaneStatistics
        var milestones: LaneStatistics

        init(buckets: Int, pooled withPooled: Bool) {
            handling = LaneStatistics(levels: EDDModel.handlingLevels, buckets: buckets)
            transit = LaneStatistics(levels: EDDModel.transitLevels, buckets: buckets)
            pooled = withPooled ? LaneStatistics(levels: EDDModel.transitLevels, buckets: buckets) : nil
            direct = LaneStatistics(levels: EDDModel.transitLevels, buckets: buckets)
            empirical = LaneStatistics(levels: EDDModel.transitLevels, buckets: buckets)
            milestones = LaneStatistics(levels: Milestone.levels, buckets: buckets)
        }

        /// Adds the stages of one shipment observed on its resolved lane.
        mutating func add(_ o: ShipmentObservation, _ r: ResolvedShipment) {
            let lane = r.lane
            handling.add(r.originSlot, o.handlingChain, o.handling, o.weight)
            transit.add(lane, o.transitChain, o.transit, o.weight)
            pooled?.add(lane, o.pooledTransitChain, o.transit, o.weight)
            direct.add(lane, o.transitChain, o.direct, o.weight)
            empirical.add(lane, o.transitChain, o.total, o.weight)
            let m = Milestone.allCases.count
            for (k, outcome) in o.milestones {
                let i = Milestone.allCases.firstIndex(of: k)!
                milestones.add(r.serviceSlot * m + i, r.milestoneChains[i], outcome, o.weight)
            }
        }
    }
}
