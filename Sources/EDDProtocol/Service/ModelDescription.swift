import EDDCore

/// The `model` op's answer: a model's metadata in protocol form.
enum ModelDescription {
    static func fields(_ model: EDDModel) -> [(key: String, value: JSONFragment)] {
        let m = model.metadata
        let carriers = ModelCodec.carriersAndServices(model).sorted { $0.key < $1.key }
        func sizes(_ t: StageTable) -> JSONFragment { .object(zip(t.levels, t.sizes).map { ($0, .integer($1)) }) }
        let f = model.riskCalibration.figures
        let dates = model.dateValidation
        // What the fit measured on its own out-of-time questions, where it asked enough of them.
        var checks: [(key: String, value: JSONFragment)] = []
        if f.questions > 0 {
            checks.append(
                (
                    "risk",
                    .object([
                        ("questions", .integer(f.questions)), ("late_rate", .number(f.lateRate)),
                        ("brier_stated", .number(f.brierStated)),
                        ("brier_calibrated", .number(f.brierCalibrated)), ("brier_base", .number(f.brierBase)),
                    ])
                ))
        }
        if !dates.figures.isEmpty {
            checks.append(
                (
                    "dates",
                    .object([
                        ("chosen", .string(dates.chosen.rawValue)),
                        (
                            "candidates",
                            .object(
                                dates.figures.sorted { $0.key < $1.key }.map { c, v in
                                    (
                                        c.rawValue,
                                        .object([
                                            ("shipments", .integer(v.shipments)), ("pinball", .number(v.pinball)),
                                            ("cov80", .number(v.coverage80)), ("cov90", .number(v.coverage90)),
                                        ])
                                    )
                                })
                        ),
                    ])
                ))
        }
        let validation: [(key: String, value: JSONFragment)] = checks.isEmpty ? [] : [("validation", .object(checks))]
        return [
            // Not "id": the answer's "id" echoes the request's.
            ("model_id", .string(m.id)),
            ("trained_at", .string(m.asOf.description)),
            ("as_of", .string(m.asOf.description)),
            ("shipments", .integer(m.shipments)),
            ("censored", .integer(m.censored)),
            ("carriers", .object(carriers.map { ($0.key, .array($0.value.map { .string($0) })) })),
            ("hierarchy", .object([("handling", sizes(model.handling)), ("transit", sizes(model.transit))])),
            ("half_life_days", .number(m.halfLifeDays)),
            ("default_confidence", .number(m.defaultConfidence)),
        ] + validation
    }
}
