/// Writes response lines in exactly PROTOCOL.md's shapes: one JSON object ending in `\n`.
///
/// Every function appends to the caller's buffer so a connection can batch pipelined responses into one
/// write. The request `id` is echoed as its original JSON text, first, and omitted when the request had none.
public enum ResponseWriter {
    /// Writes an `edd` response: the first option's fields at top level, then `model`, then `options`.
    ///
    /// - Parameters:
    ///   - id: The request's id, if any.
    ///   - answer: The answer for the request's carrier/service, or for `options[0]` when options were given.
    ///   - options: Every option's answer in request order when the request had `options`, else nil.
    ///   - model: The model id.
    ///   - out: The buffer to append the line to.
    public static func writeEDD(
        id: RequestID?, answer: EDDAnswer, options: [EDDOptionAnswer]? = nil, model: String, into out: inout [UInt8]
    ) {
        open(id: id, ok: true, into: &out)
        out.append(UInt8(ascii: ","))
        writeFields(answer, into: &out)
        JSONWriter.raw(",\"model\":", into: &out)
        JSONWriter.string(model, into: &out)
        if let options {
            JSONWriter.raw(",\"options\":[", into: &out)
            for (k, option) in options.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.raw("{\"carrier\":", into: &out)
                JSONWriter.string(option.option.carrier, into: &out)
                if let service = option.option.service {
                    JSONWriter.raw(",\"service\":", into: &out)
                    JSONWriter.string(service, into: &out)
                }
                switch option.result {
                case .success(let answer):
                    JSONWriter.raw(",\"ok\":true,", into: &out)
                    writeFields(answer, into: &out)
                case .failure(let error):
                    JSONWriter.raw(",\"ok\":false,", into: &out)
                    writeErrorObject(error, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        close(into: &out)
    }

    /// Writes a `risk` response.
    public static func writeRisk(id: RequestID?, answer: RiskAnswer, model: String, into out: inout [UInt8]) {
        open(id: id, ok: true, into: &out)
        JSONWriter.raw(",\"p_late\":", into: &out)
        JSONWriter.probability(answer.pLate, into: &out)
        JSONWriter.raw(",\"late\":", into: &out)
        JSONWriter.bool(answer.late, into: &out)
        JSONWriter.raw(",\"state\":", into: &out)
        JSONWriter.string(answer.state.rawValue, into: &out)
        if let edd = answer.edd {
            JSONWriter.raw(",\"edd\":", into: &out)
            JSONWriter.date(edd, into: &out)
        }
        JSONWriter.raw(",\"reasons\":[", into: &out)
        for (k, reason) in answer.reasons.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.raw("{\"code\":", into: &out)
            JSONWriter.string(reason.code, into: &out)
            JSONWriter.raw(",\"detail\":", into: &out)
            JSONWriter.string(reason.detail, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        JSONWriter.raw("],\"model\":", into: &out)
        JSONWriter.string(model, into: &out)
        close(into: &out)
    }

    /// Writes `{"id":…,"ok":false,"error":{"code":…,"message":…}}`.
    public static func writeError(id: RequestID?, error: ProtocolError, into out: inout [UInt8]) {
        open(id: id, ok: false, into: &out)
        out.append(UInt8(ascii: ","))
        writeErrorObject(error, into: &out)
        close(into: &out)
    }

    /// Writes `{"id":…,"ok":true,<fields>}` for `health`, `model`, `stats` and `reload` answers.
    ///
    /// - Parameters:
    ///   - id: The request's id, if any.
    ///   - fields: The members after `ok`, in order (e.g. `status`, `model`, `uptime_s`).
    ///   - out: The buffer to append the line to.
    public static func writeOK(
        id: RequestID?, fields: [(key: String, value: JSONFragment)], into out: inout [UInt8]
    ) {
        open(id: id, ok: true, into: &out)
        if !fields.isEmpty {
            out.append(UInt8(ascii: ","))
            JSONFragment.writeMembers(fields, into: &out)
        }
        close(into: &out)
    }

    static func open(id: RequestID?, ok: Bool, into out: inout [UInt8]) {
        if let id {
            JSONWriter.raw("{\"id\":", into: &out)
            out.append(contentsOf: id.json)
            JSONWriter.raw(ok ? ",\"ok\":true" : ",\"ok\":false", into: &out)
        } else {
            JSONWriter.raw(ok ? "{\"ok\":true" : "{\"ok\":false", into: &out)
        }
    }

    @inline(__always)
    static func close(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
    }

    static func writeErrorObject(_ error: ProtocolError, into out: inout [UInt8]) {
        JSONWriter.raw("\"error\":{\"code\":", into: &out)
        JSONWriter.string(error.code.rawValue, into: &out)
        JSONWriter.raw(",\"message\":", into: &out)
        JSONWriter.string(error.message, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `"edd":…,"confidence":…,…,"basis":{…}` with no surrounding braces or leading comma.
    static func writeFields(_ a: EDDAnswer, into out: inout [UInt8]) {
        JSONWriter.raw("\"edd\":", into: &out)
        JSONWriter.date(a.edd, into: &out)
        JSONWriter.raw(",\"confidence\":", into: &out)
        JSONWriter.number(a.confidence, into: &out)
        JSONWriter.raw(",\"probability\":", into: &out)
        JSONWriter.probability(a.probability, into: &out)
        JSONWriter.raw(",\"range\":{\"earliest\":", into: &out)
        JSONWriter.date(a.range.earliest, into: &out)
        JSONWriter.raw(",\"latest\":", into: &out)
        JSONWriter.date(a.range.latest, into: &out)
        JSONWriter.raw("},\"most_likely\":", into: &out)
        JSONWriter.date(a.mostLikely, into: &out)
        if !a.quantiles.isEmpty {
            JSONWriter.raw(",\"quantiles\":{", into: &out)
            for (k, q) in a.quantiles.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                // The key is the level's shortest decimal, i.e. what the client wrote for usual levels.
                out.append(UInt8(ascii: "\""))
                JSONWriter.number(q.level, into: &out)
                JSONWriter.raw("\":", into: &out)
                JSONWriter.date(q.date, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        if let distribution = a.distribution {
            JSONWriter.raw(",\"distribution\":[", into: &out)
            for (k, d) in distribution.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.raw("{\"date\":", into: &out)
                JSONWriter.date(d.date, into: &out)
                JSONWriter.raw(",\"p\":", into: &out)
                JSONWriter.probability(d.p, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        JSONWriter.raw(",\"basis\":{\"level\":", into: &out)
        JSONWriter.string(a.basis.level, into: &out)
        // Effective sample sizes are fractional when weighted; one decimal is all a caller can use.
        JSONWriter.raw(",\"shipments\":", into: &out)
        JSONWriter.number(a.basis.shipments, decimals: 1, into: &out)
        JSONWriter.raw("}", into: &out)
    }
}
