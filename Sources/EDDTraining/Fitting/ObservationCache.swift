import EDDCore

extension ModelFitter {
    /// What the fit's later passes read of a shipment, observed once: the served fit's observation (before
    /// the lost-after cap, which is derived only once every shipment is observed) and the shadow fit's (as of
    /// the calibration window's start, before its cap), in about 150 bytes instead of a timeline and two calls
    /// of ``observe(_:_:asOf:options:handoffCarriers:summary:)`` per pass.
    ///
    /// The key chains are the lane's (``ResolvedShipment``), the outcomes small integers, the features (all
    /// indicators) a bit mask; a shipment that teaches a fit nothing keeps its slot, so positions are the
    /// shipments' indices.
    struct CachedObservation {
        /// ``PlaceCache``'s number of the lane.
        var lane: UInt32
        private var flags: UInt8
        private var featureMask: UInt32
        var reference: Int64
        var jitter: Double
        var weight: Double
        var shadowWeight: Double
        /// handling, transit, direct, total, calibration total, calibration transit.
        private var served: SIMD8<Int32>
        /// handling, transit, direct, total.
        private var shadow: SIMD4<Int32>
        /// By ``Milestone/allCases`` position, ``absent`` where the shipment has no such scan.
        private var servedMilestones: SIMD8<Int32>
        private var shadowMilestones: SIMD8<Int32>

        private static let hasServed: UInt8 = 1
        private static let hasShadow: UInt8 = 2
        private static let servedReturned: UInt8 = 4
        private static let shadowReturned: UInt8 = 8
        private static let hasFeatures: UInt8 = 16
        private static let absent: Int32 = -3

        init(lane: Int, served o: ShipmentObservation?, shadow s: ShipmentObservation?) {
            precondition(
                Milestone.allCases.count + ShipmentObservation.earlierInTransitDays <= 8
                    && OrderEffects.names.count < 32)
            self.lane = UInt32(lane)
            flags = 0
            featureMask = 0
            reference = 0
            jitter = 0
            weight = 0
            shadowWeight = 0
            served = SIMD8(repeating: Self.absent)
            shadow = SIMD4(repeating: Self.absent)
            servedMilestones = SIMD8(repeating: Self.absent)
            shadowMilestones = SIMD8(repeating: Self.absent)
            if let o {
                flags |= Self.hasServed
                if o.returned { flags |= Self.servedReturned }
                reference = o.reference.seconds
                jitter = o.jitter
                weight = o.weight
                let outcomes = [o.handling, o.transit, o.direct, o.total, o.calibrationTotal, o.calibrationTransit]
                for (i, v) in outcomes.enumerated() { served[i] = Self.encode(v) }
                servedMilestones = Self.encode(o.milestones)
                if let x = o.features {
                    flags |= Self.hasFeatures
                    for (i, v) in x.enumerated() where v != 0 {
                        // The layer's features are indicators; a mask would lose any other value.
                        precondition(v == 1, "order features are indicators")
                        featureMask |= 1 << UInt32(i)
                    }
                }
            }
            if let s {
                flags |= Self.hasShadow
                if s.returned { flags |= Self.shadowReturned }
                // The same shipment: the same reference and jitter.
                reference = s.reference.seconds
                jitter = s.jitter
                shadowWeight = s.weight
                for (i, v) in [s.handling, s.transit, s.direct, s.total].enumerated() { shadow[i] = Self.encode(v) }
                shadowMilestones = Self.encode(s.milestones)
            }
        }

        /// The served fit's observation, as observing the shipment gave it (the features only when asked for:
        /// the histograms and factors do not read them).
        func servedObservation(_ r: ResolvedShipment, features: Bool = false) -> ShipmentObservation? {
            guard flags & Self.hasServed != 0 else { return nil }
            return ShipmentObservation(
                handlingChain: r.handlingChain, transitChain: r.transitChain,
                pooledTransitChain: r.pooledTransitChain, handling: Self.decode(served[0]),
                transit: Self.decode(served[1]), direct: Self.decode(served[2]), total: Self.decode(served[3]),
                calibrationTotal: Self.decode(served[4]), calibrationTransit: Self.decode(served[5]),
                milestones: Self.decode(servedMilestones), features: features ? self.features : nil, weight: weight,
                returned: flags & Self.servedReturned != 0, reference: Instant(seconds: reference), jitter: jitter)
        }

        /// The shadow fit's observation (without features, which none of its stages reads, and the calibration
        /// outcomes, which only the served fit's calibration reads).
        func shadowObservation(_ r: ResolvedShipment) -> ShipmentObservation? {
            guard flags & Self.hasShadow != 0 else { return nil }
            return ShipmentObservation(
                handlingChain: r.handlingChain, transitChain: r.transitChain,
                pooledTransitChain: r.pooledTransitChain, handling: Self.decode(shadow[0]),
                transit: Self.decode(shadow[1]), direct: Self.decode(shadow[2]), total: Self.decode(shadow[3]),
                calibrationTotal: .unknown, calibrationTransit: .unknown, milestones: Self.decode(shadowMilestones),
                features: nil, weight: shadowWeight, returned: flags & Self.shadowReturned != 0,
                reference: Instant(seconds: reference), jitter: jitter)
        }

        /// Whether the served fit observed the shipment, and its order (or ship) instant.
        var servedReference: Instant? { flags & Self.hasServed != 0 ? Instant(seconds: reference) : nil }

        private var features: [Double]? {
            guard flags & Self.hasFeatures != 0 else { return nil }
            var x = [Double](repeating: 0, count: OrderEffects.names.count + 1)
            for i in x.indices where featureMask & (1 << UInt32(i)) != 0 { x[i] = 1 }
            return x
        }

        @inline(__always) private static func encode(_ o: StageOutcome) -> Int32 {
            switch o {
            case .completed(let d): Int32(2 * d)
            case .censored(let d): Int32(2 * d + 1)
            case .competing: -1
            case .unknown: -2
            }
        }

        @inline(__always) private static func decode(_ v: Int32) -> StageOutcome {
            switch v {
            case -1: .competing
            case ..<0: .unknown
            default: v & 1 == 0 ? .completed(Int(v >> 1)) : .censored(Int(v >> 1))
            }
        }

        /// Each milestone's (its last scan's) at its ``Milestone/allCases`` position, then the earlier in-transit
        /// days' (``ShipmentObservation/earlierInTransitDays``) in the lanes after them, in the order
        /// ``ModelFitter/observe(_:_:asOf:options:handoffCarriers:summary:)`` lists them.
        private static func encode(_ milestones: [(Milestone, StageOutcome)]) -> SIMD8<Int32> {
            var out = SIMD8<Int32>(repeating: absent)
            var extra = Milestone.allCases.count
            for (m, o) in milestones {
                let i = Milestone.allCases.firstIndex(of: m)!
                if out[i] == absent {
                    out[i] = encode(o)
                } else {
                    out[extra] = encode(o)
                    extra += 1
                }
            }
            return out
        }

        private static func decode(_ v: SIMD8<Int32>) -> [(Milestone, StageOutcome)] {
            var out: [(Milestone, StageOutcome)] = []
            for (i, m) in Milestone.allCases.enumerated() where v[i] != absent { out.append((m, decode(v[i]))) }
            for i in Milestone.allCases.count..<8 where v[i] != absent { out.append((.inTransit, decode(v[i]))) }
            return out
        }
    }
}
