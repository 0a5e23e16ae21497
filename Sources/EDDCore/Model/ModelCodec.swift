import Foundation

/// The body and header of a model file (see ``ModelFile`` for the framing).
package enum ModelCodec {
    /// The JSON header: everything a person or a tool needs to know about the model without the tables.
    static func header(_ model: EDDModel, id: String) -> [String: Any] {
        let m = model.metadata
        return [
            "model_id": id,
            "trained_at": m.asOf.description,
            "as_of": m.asOf.description,
            "shipments": m.shipments,
            "censored": m.censored,
            "data": m.data,
            "options": [
                "half_life_days": m.halfLifeDays,
                "lost_after_working_days": m.lostAfterWorkingDays,
                "calibration_days": m.calibrationDays,
                "default_confidence": m.defaultConfidence,
            ] as [String: Any],
            "calendars": model.calendars.jsonObject,
            "order_effects": Dictionary(
                uniqueKeysWithValues: zip(["intercept"] + OrderEffects.names, model.orderEffects.coefficients)
            )
            .merging(["level_factor": model.orderEffects.scale]) { a, _ in a },
            "late_in_day": model.orderEffects.lateInDay.jsonObject,
            "hierarchy": [
                "handling": Dictionary(uniqueKeysWithValues: zip(model.handling.levels, model.handling.sizes)),
                "transit": Dictionary(uniqueKeysWithValues: zip(model.transit.levels, model.transit.sizes)),
            ],
            "carriers": carriersAndServices(model),
            "validation": validation(model),
        ]
    }

    /// The fit's own out-of-time figures (empty where it had too few questions).
    static func validation(_ model: EDDModel) -> [String: Any] {
        var out: [String: Any] = [:]
        let f = model.riskCalibration.figures
        if f.questions > 0 {
            out["risk"] =
                [
                    "questions": f.questions, "late_rate": f.lateRate, "brier_stated": f.brierStated,
                    "brier_calibrated": f.brierCalibrated, "brier_base": f.brierBase,
                ] as [String: Any]
        }
        if !model.dateValidation.figures.isEmpty { out["dates"] = model.dateValidation.jsonObject }
        return out
    }

    /// `{carrier: [services]}` from the transit table's service-level keys.
    package static func carriersAndServices(_ model: EDDModel) -> [String: [String]] {
        var out: [String: Set<String>] = [:]
        if let serviceLevel = model.transit.levels.firstIndex(of: LaneLevel.service.rawValue) {
            for key in model.transit.nodes[serviceLevel].keys {
                let parts = key.split(separator: "|", maxSplits: 2).map(String.init)
                if parts.count >= 2 { out[parts[0], default: []].insert(parts[1]) }
            }
        }
        if let carrierLevel = model.transit.levels.firstIndex(of: LaneLevel.carrier.rawValue) {
            for key in model.transit.nodes[carrierLevel].keys {
                let carrier = String(key.split(separator: "|").first ?? "")
                if out[carrier] == nil { out[carrier] = [] }
            }
        }
        return out.mapValues { $0.sorted() }
    }

    static func write(_ model: EDDModel, to w: inout ByteWriter) {
        w.u64(UInt64(bitPattern: model.metadata.asOf.seconds))
        w.f64(model.metadata.halfLifeDays)
        w.u32(UInt32(model.metadata.lostAfterWorkingDays))
        w.u32(UInt32(model.metadata.calibrationDays))
        w.f64(model.metadata.defaultConfidence)
        w.u64(UInt64(model.metadata.shipments))
        w.u64(UInt64(model.metadata.censored))
        let data = model.metadata.data.sorted { $0.key < $1.key }
        w.u32(UInt32(data.count))
        for (k, v) in data {
            w.string(k)
            w.string(v)
        }
        for table in [model.handling, model.transit, model.pooledTransit, model.milestones, model.direct] {
            writeTable(table, to: &w)
        }
        let factors = model.originTransitFactors.logFactors.sorted { $0.key < $1.key }
        w.f64(model.originTransitFactors.strength)
        w.u32(UInt32(factors.count))
        for (origin, f) in factors {
            w.string(origin)
            w.f64(f)
        }
        w.f64(model.orderEffects.scale)
        w.u32(UInt32(model.orderEffects.coefficients.count))
        for c in model.orderEffects.coefficients { w.f64(c) }
        for map in [model.totalCalibration, model.transitCalibration] {
            w.u32(UInt32(map.points.count))
            for p in map.points { w.f64(p) }
            w.u64(UInt64(map.completed))
            w.u64(UInt64(map.censored))
        }
        writeRisk(model, to: &w)
        writeDates(model, to: &w)
        writeSameDay(model.sameDay, to: &w)
        writePickup(model.pickup, to: &w)
        writeHandlingHazards(model.handlingHazards, to: &w)
        writeRiskBends(model.riskCalibration.bends, to: &w)
    }

    /// The body's last section: the risk bends, one per view, each its knots (version 9).
    static func writeRiskBends(_ bends: [RiskCalibration.Bend], to w: inout ByteWriter) {
        w.u32(UInt32(bends.count))
        for bend in bends {
            w.u32(UInt32(bend.knots.count))
            for k in bend.knots {
                w.f64(k.x)
                w.f64(k.z)
            }
        }
    }

    static func readRiskBends(_ r: inout ByteReader) throws -> [RiskCalibration.Bend] {
        let count = Int(try r.u32())
        guard count == RiskCalibration.View.allCases.count else {
            throw ModelFileError.malformed(
                "model file's risk calibration has \(count) bends, expected \(RiskCalibration.View.allCases.count)")
        }
        return try (0..<count).map { _ in
            let knots = Int(try r.u32())
            guard knots <= r.bytes.count else { throw ByteReader.Truncated() }
            let bend = RiskCalibration.Bend(knots: try (0..<knots).map { _ in (x: try r.f64(), z: try r.f64()) })
            guard bend.isIncreasing else {
                throw ModelFileError.malformed("model file's risk calibration has a bend that is not increasing")
            }
            return bend
        }
    }

    /// The body's last section: the handling hazards' carriers, then per origin the waiting and picked
    /// counts (version 8).
    static func writeHandlingHazards(_ hazards: HandlingHazards, to w: inout ByteWriter) {
        w.u32(UInt32(hazards.carriers.count))
        for c in hazards.carriers.sorted() { w.string(c) }
        w.u32(UInt32(hazards.cells.count))
        for (key, cell) in hazards.cells.sorted(by: { $0.key < $1.key }) {
            w.string(key)
            for v in cell.waiting + cell.picked { w.f64(v) }
        }
    }

    static func readHandlingHazards(_ r: inout ByteReader) throws -> HandlingHazards {
        let carrierCount = Int(try r.u32())
        guard carrierCount <= r.bytes.count else { throw ByteReader.Truncated() }
        let carriers = Set(try (0..<carrierCount).map { _ in try r.string() })
        let count = Int(try r.u32())
        guard count <= r.bytes.count else { throw ByteReader.Truncated() }
        let n = HandlingHazards.cellCount
        var cells: [String: HandlingHazards.Cell] = [:]
        for _ in 0..<count {
            let key = try r.string()
            let values = try (0..<(2 * n)).map { _ in try r.f64() }
            let cell = HandlingHazards.Cell(waiting: Array(values[..<n]), picked: Array(values[n...]))
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 }), zip(cell.picked, cell.waiting).allSatisfy({ $0 <= $1 })
            else { throw ModelFileError.malformed("model file's handling hazard counts for '\(key)' are not counts") }
            cells[key] = cell
        }
        return HandlingHazards(cells: cells, carriers: carriers)
    }

    /// The body's last section: the pickup shares per origin and hour (version 7).
    static func writePickup(_ shares: PickupShares, to w: inout ByteWriter) {
        writeHourRows(shares.cells.mapValues { ($0.placed, $0.waiting) }, to: &w)
    }

    static func readPickup(_ r: inout ByteReader) throws -> PickupShares {
        var cells: [String: PickupShares.Cell] = [:]
        for row in try readHourRows(&r, name: "pickup") {
            guard zip(row.second, row.first).allSatisfy({ $0 <= $1 }) else {
                throw ModelFileError.malformed("model file's pickup counts for '\(row.key)' are not counts")
            }
            cells[row.key] = PickupShares.Cell(placed: row.first, waiting: row.second)
        }
        return PickupShares(cells: cells)
    }

    /// The risk model's same-day parcel-days per milestone and hour (version 6).
    static func writeSameDay(_ shares: SameDayShares, to w: inout ByteWriter) {
        let days = shares.days.sorted { $0.key < $1.key }
        w.u32(UInt32(days.count))
        for (key, d) in days {
            w.string(key)
            w.f64(d.today)
            w.f64(d.later)
        }
        writeHourRows(shares.cells.mapValues { ($0.today, $0.later) }, to: &w)
    }

    static func readSameDay(_ r: inout ByteReader) throws -> SameDayShares {
        let dayCount = Int(try r.u32())
        guard dayCount <= r.bytes.count else { throw ByteReader.Truncated() }
        var days: [String: SameDayShares.Days] = [:]
        for _ in 0..<dayCount {
            let key = try r.string()
            let d = SameDayShares.Days(today: try r.f64(), later: try r.f64())
            guard [d.today, d.later].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw ModelFileError.malformed("model file's same-day counts for '\(key)' are not counts")
            }
            days[key] = d
        }
        var cells: [String: SameDayShares.Cell] = [:]
        for row in try readHourRows(&r, name: "same-day") {
            cells[row.key] = SameDayShares.Cell(today: row.first, later: row.second)
        }
        return SameDayShares(cells: cells, days: days)
    }

    /// Keyed rows of two halves of ``SameDayShares/hours`` counts each (the cells of ``SameDayShares`` and
    /// ``PickupShares``), keys sorted so the bytes do not depend on the dictionary's order.
    static func writeHourRows(_ rows: [String: ([Double], [Double])], to w: inout ByteWriter) {
        w.u32(UInt32(rows.count))
        for (key, (first, second)) in rows.sorted(by: { $0.key < $1.key }) {
            w.string(key)
            for v in first + second { w.f64(v) }
        }
    }

    /// What ``writeHourRows(_:to:)`` wrote, every value a count (finite, not negative); `name` names the
    /// counts in the error.
    static func readHourRows(
        _ r: inout ByteReader, name: String
    ) throws -> [(key: String, first: [Double], second: [Double])] {
        let count = Int(try r.u32())
        guard count <= r.bytes.count else { throw ByteReader.Truncated() }
        return try (0..<count).map { _ in
            let key = try r.string()
            let values = try (0..<(2 * SameDayShares.hours)).map { _ in try r.f64() }
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw ModelFileError.malformed("model file's \(name) counts for '\(key)' are not counts")
            }
            return (key, Array(values[..<SameDayShares.hours]), Array(values[SameDayShares.hours...]))
        }
    }

    /// The body's last section before version 4: the risk lines and their figures (version 3).
    static func writeRisk(_ model: EDDModel, to w: inout ByteWriter) {
        let risk = model.riskCalibration
        w.u32(UInt32(risk.lines.count))
        for line in risk.lines {
            w.f64(line.intercept)
            w.f64(line.slope)
        }
        let f = risk.figures
        w.u64(UInt64(f.questions))
        for v in [f.lateRate, f.brierStated, f.brierCalibrated, f.brierBase] { w.f64(v) }
    }

    /// The body's last section: the order-time check and the lane-empirical table (version 4).
    static func writeDates(_ model: EDDModel, to w: inout ByteWriter) {
        let dates = model.dateValidation
        w.string(dates.chosen.rawValue)
        let scored = dates.figures.sorted { $0.key < $1.key }
        w.u32(UInt32(scored.count))
        for (candidate, f) in scored {
            w.string(candidate.rawValue)
            w.u64(UInt64(f.shipments))
            for v in [f.pinball, f.coverage80, f.coverage90] { w.f64(v) }
        }
        writeTable(model.empirical, to: &w)
    }

    static func writeTable(_ t: StageTable, to w: inout ByteWriter) {
        w.u32(UInt32(t.levels.count))
        w.u32(UInt32(t.buckets))
        for (level, name) in t.levels.enumerated() {
            w.string(name)
            w.f64(t.strengths[level])
            let nodes = t.nodes[level].sorted { $0.key < $1.key }
            w.u32(UInt32(nodes.count))
            for (key, node) in nodes {
                w.string(key)
                w.f64(node.effectiveShipments)
                w.u32(UInt32(node.shipments))
                for c in node.distribution.quantizedCDF { w.u16(c) }
            }
        }
    }

    static func read(_ r: inout ByteReader, header: [String: Any]) throws -> EDDModel {
        let asOf = Instant(seconds: Int64(bitPattern: try r.u64()))
        let halfLife = try r.f64()
        let lost = Int(try r.u32())
        let calibrationDays = Int(try r.u32())
        let confidence = try r.f64()
        let shipments = Int(try r.u64())
        let censored = Int(try r.u64())
        var data: [String: String] = [:]
        for _ in 0..<(try r.u32()) { data[try r.string()] = try r.string() }
        let handling = try readTable(&r)
        let transit = try readTable(&r)
        let pooledTransit = try readTable(&r)
        var milestones = try readTable(&r)
        // Version 10 adds the service level to the milestone hierarchy; an older model's is empty (its
        // answers after a milestone are the carrier's, as it was fitted).
        if (header["format_version"] as? Int ?? 2) < 10, milestones.levels == Milestone.levelsBeforeServices {
            milestones = StageTable(
                levels: Milestone.levels, strengths: [0] + milestones.strengths, nodes: [[:]] + milestones.nodes,
                buckets: milestones.buckets)
        }
        let direct = try readTable(&r)
        let factorStrength = try r.f64()
        let factorCount = Int(try r.u32())
        guard factorCount <= r.bytes.count else { throw ByteReader.Truncated() }
        var logFactors: [String: Double] = [:]
        logFactors.reserveCapacity(factorCount)
        for _ in 0..<factorCount { logFactors[try r.string()] = try r.f64() }
        let scale = try r.f64()
        guard scale > 0, scale < 100 else {
            throw ModelFileError.malformed("model file's quantile layer has an absurd level \(scale)")
        }
        let effectCount = Int(try r.u32())
        guard effectCount == OrderEffects.names.count + 1 else {
            throw ModelFileError.malformed(
                "model file's quantile layer has \(effectCount) coefficients, expected \(OrderEffects.names.count + 1)")
        }
        var coefficients: [Double] = []
        for _ in 0..<effectCount { coefficients.append(try r.f64()) }
        var maps: [CalibrationMap] = []
        for _ in 0..<2 {
            let n = Int(try r.u32())
            guard n >= 2, n <= 10_000 else {
                throw ModelFileError.malformed("model file has a malformed calibration map")
            }
            var points: [Double] = []
            for _ in 0..<n { points.append(try r.f64()) }
            maps.append(CalibrationMap(points: points, completed: Int(try r.u64()), censored: Int(try r.u64())))
        }
        // Version 3 adds the risk lines; a version-2 model's risk answers stay as stated.
        var risk = RiskCalibration.identity
        if (header["format_version"] as? Int ?? 2) >= 3 {
            let count = Int(try r.u32())
            guard count == RiskCalibration.View.allCases.count else {
                throw ModelFileError.malformed(
                    "model file's risk calibration has \(count) lines, expected \(RiskCalibration.View.allCases.count)")
            }
            var lines: [RiskCalibration.Line] = []
            for _ in 0..<count {
                let line = RiskCalibration.Line(intercept: try r.f64(), slope: try r.f64())
                guard line.intercept.isFinite, line.slope.isFinite, line.slope > 0 else {
                    throw ModelFileError.malformed("model file's risk calibration has a line that is not increasing")
                }
                lines.append(line)
            }
            let questions = Int(try r.u64())
            let f = try (0..<4).map { _ in try r.f64() }
            risk = RiskCalibration(
                lines: lines,
                figures: .init(
                    questions: questions, lateRate: f[0], brierStated: f[1], brierCalibrated: f[2], brierBase: f[3]))
        }
        // Version 4 adds the fit's check of its order-time answers and, when it chose them, the lane-empirical
        // table; a version-3 model answers staged.
        var dates = DateValidation.none
        var empirical = EDDModel.emptyLaneTable(buckets: 2)
        if (header["format_version"] as? Int ?? 2) >= 4 {
            func candidate(_ name: String) throws -> DateValidation.Candidate {
                guard let c = DateValidation.Candidate(rawValue: name) else {
                    throw ModelFileError.malformed("model file chose an unknown way of answering, '\(name)'")
                }
                return c
            }
            let chosen = try candidate(try r.string())
            let count = Int(try r.u32())
            guard count <= DateValidation.Candidate.allCases.count else {
                throw ModelFileError.malformed("model file's date validation lists \(count) candidates")
            }
            var figures: [DateValidation.Candidate: DateValidation.Figures] = [:]
            for _ in 0..<count {
                let c = try candidate(try r.string())
                let shipments = Int(try r.u64())
                let v = try (0..<3).map { _ in try r.f64() }
                figures[c] = DateValidation.Figures(
                    shipments: shipments, pinball: v[0], coverage80: v[1], coverage90: v[2])
            }
            dates = DateValidation(chosen: chosen, figures: figures)
            empirical = try readTable(&r)
        }
        // Version 6 adds the same-day shares; an older model's risk counts whole days whatever the hour.
        let sameDay = (header["format_version"] as? Int ?? 2) >= 6 ? try readSameDay(&r) : .none
        // Version 7 adds the pickup shares; an older model's handling counts whole days whatever the hour.
        let pickup = (header["format_version"] as? Int ?? 2) >= 7 ? try readPickup(&r) : .none
        // Version 8 adds the handling hazards; an older model moves handling by the order's timing alone.
        let hazards = (header["format_version"] as? Int ?? 2) >= 8 ? try readHandlingHazards(&r) : .none
        // Version 9 adds the risk bends; an older model's risk answers follow its lines alone.
        if (header["format_version"] as? Int ?? 2) >= 9 {
            risk = RiskCalibration(lines: risk.lines, bends: try readRiskBends(&r), figures: risk.figures)
        }
        guard handling.levels == EDDModel.handlingLevels, transit.levels == EDDModel.transitLevels,
            pooledTransit.levels == EDDModel.transitLevels, milestones.levels == Milestone.levels,
            direct.levels == EDDModel.transitLevels, empirical.levels == EDDModel.transitLevels
        else { throw ModelFileError.malformed("model file's hierarchy levels are not the ones this build knows") }
        let calendars = try CarrierCalendars(jsonObject: header["calendars"])
        // Version 5 adds the learned late-in-day cut-off; an older model has none (14:00, as it was fitted).
        var orderEffects = OrderEffects(scale: scale, coefficients: coefficients)
        orderEffects.lateInDay = try OrderEffects.LateInDay(jsonObject: header["late_in_day"])
        return EDDModel(
            metadata: ModelMetadata(
                asOf: asOf, halfLifeDays: halfLife, lostAfterWorkingDays: lost, calibrationDays: calibrationDays,
                defaultConfidence: confidence, shipments: shipments, censored: censored, data: data),
            calendars: calendars, handling: handling, transit: transit, pooledTransit: pooledTransit,
            originTransitFactors: OriginTransitFactors(logFactors: logFactors, strength: factorStrength),
            milestones: milestones, direct: direct,
            orderEffects: orderEffects, totalCalibration: maps[0],
            transitCalibration: maps[1], riskCalibration: risk, empirical: empirical, dateValidation: dates,
            sameDay: sameDay, pickup: pickup, handlingHazards: hazards)
    }

    static func readTable(_ r: inout ByteReader) throws -> StageTable {
        let levelCount = Int(try r.u32())
        guard levelCount >= 1, levelCount <= 32 else {
            throw ModelFileError.malformed("model file has a malformed table")
        }
        let buckets = Int(try r.u32())
        guard buckets >= 2, buckets <= DayHistogram.maximumBuckets else {
            throw ModelFileError.malformed(
                "model file has a table of \(buckets) days (at most \(DayHistogram.maximumBuckets))")
        }
        var levels: [String] = []
        var strengths: [Double] = []
        var nodes: [[String: StageTable.Node]] = []
        for _ in 0..<levelCount {
            levels.append(try r.string())
            strengths.append(try r.f64())
            let count = Int(try r.u32())
            guard count <= r.bytes.count else { throw ByteReader.Truncated() }
            var table: [String: StageTable.Node] = [:]
            table.reserveCapacity(count)
            for _ in 0..<count {
                let key = try r.string()
                let effective = try r.f64()
                let shipments = Int(try r.u32())
                let cdf = try r.u16s(buckets)
                table[key] = StageTable.Node(
                    distribution: DayDistribution(quantizedCDF: cdf), effectiveShipments: effective,
                    shipments: shipments)
            }
            nodes.append(table)
        }
        return StageTable(levels: levels, strengths: strengths, nodes: nodes, buckets: buckets)
    }
}

extension DayDistribution {
    /// The CDF in units of 1/65,535, as stored in model files.
    var quantizedCDF: [UInt16] {
        var s = 0.0
        var out = [UInt16](repeating: 0, count: probabilities.count)
        for (k, p) in probabilities.enumerated() {
            s += p
            out[k] = UInt16(min(65_535, max(0, (s * 65_535).rounded())))
        }
        out[out.count - 1] = 65_535
        return out
    }

    /// The distribution of a stored CDF (nondecreasing by construction; a corrupt one is repaired, not trusted).
    init(quantizedCDF cdf: [UInt16]) {
        var p = [Double](repeating: 0, count: cdf.count)
        var previous: UInt16 = 0
        for (k, c) in cdf.enumerated() {
            let v = max(c, previous)
            p[k] = Double(v - previous) / 65_535
            previous = v
        }
        self.init(probabilities: p)
    }

    /// The distribution after a round trip through the file's precision.
    package var quantized: DayDistribution { DayDistribution(quantizedCDF: quantizedCDF) }
}
