/// Upper bounds of response sizes: each writer grows the caller's buffer once by its bound, then writes the
/// whole line through a ``ByteCursor``.
///
/// Each bound is the byte count of the writer's fixed text (member names and punctuation, counted from
/// the literals in ResponseWriter.swift) plus the worst case of every value in it. Changing a literal
/// there means changing its count here; writing past a bound stops the process.
extension ResponseWriter {
    /// `{"id":` and `,"ok":false`, plus the id's text.
    static func maxOpenBytes(_ id: RequestID?) -> Int {
        17 + (id?.json.count ?? 0)
    }

    /// The most bytes ``writeEDD(id:answer:options:model:into:)`` writes.
    static func maxEDDBytes(id: RequestID?, answer: EDDAnswer, options: [EDDOptionAnswer]?, model: String) -> Int {
        // `,` after the opening, `,"model":`, and `}\n`.
        var bound = maxOpenBytes(id) + 1 + maxFieldBytes(answer) + 9 + ByteCursor.maxStringBytes(model) + 2
        if let options {
            // `,"options":[` and `]`.
            bound += 13
            for option in options {
                // `,`, `{"carrier":`, `,"service":`, `,"ok":false,` and `}`.
                bound += 36 + ByteCursor.maxStringBytes(option.option.carrier)
                bound += option.option.service.map(ByteCursor.maxStringBytes) ?? 0
                switch option.result {
                case .success(let answer): bound += maxFieldBytes(answer)
                case .failure(let error): bound += maxErrorObjectBytes(error)
                }
            }
        }
        return bound
    }

    /// The most bytes of an answer's fields (`"edd":…` to the end of `"basis":{…}`).
    static func maxFieldBytes(_ a: EDDAnswer) -> Int {
        let number = ByteCursor.maxNumberBytes
        let date = ByteCursor.maxDateBytes
        // Member names and punctuation, with the quantiles' `{}` and the distribution's `[]`: 147 bytes.
        // Four dates (edd, the range, most likely); confidence, probability and shipments; the level.
        var bound = 147 + 4 * date + 3 * number + ByteCursor.maxStringBytes(a.basis.level)
        if a.tail { bound += 12 }  // ,"tail":true
        // Each quantile: `,"` before the key, `":` after it.
        bound += a.quantiles.count * (4 + number + date)
        // Each distribution entry: `,{"date":`, `,"p":` and `}`.
        bound += (a.distribution?.count ?? 0) * (15 + date + number)
        return bound
    }

    /// The most bytes ``writeRisk(id:answer:model:into:)`` writes.
    static func maxRiskBytes(id: RequestID?, answer: RiskAnswer, model: String) -> Int {
        // `,"p_late":`, `,"late":`, `false`, `,"state":`, `,"edd":`, `,"reasons":[`, `],"model":` and `}\n`.
        var bound = maxOpenBytes(id) + 63 + ByteCursor.maxNumberBytes + ByteCursor.maxDateBytes
        bound += ByteCursor.maxStringBytes(answer.state.rawValue) + ByteCursor.maxStringBytes(model)
        for reason in answer.reasons {
            // `,{"code":`, `,"detail":` and `}`.
            bound += 20 + ByteCursor.maxStringBytes(reason.code) + ByteCursor.maxStringBytes(reason.detail)
        }
        return bound
    }

    /// The most bytes of `"error":{"code":…,"message":…}`.
    static func maxErrorObjectBytes(_ error: ProtocolError) -> Int {
        // `"error":{"code":`, `,"message":` and `}`.
        28 + ByteCursor.maxStringBytes(error.code.rawValue) + ByteCursor.maxStringBytes(error.message)
    }
}
