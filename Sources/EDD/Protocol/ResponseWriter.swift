/// Writes response lines in exactly PROTOCOL.md's shapes: one JSON object ending in `\n`.
///
/// Every function appends to the caller's buffer so a connection can batch pipelined responses into one
/// write. The request `id` is echoed as its original JSON text, first, and omitted when the request had none.
/// The hot lines (`edd`, `risk`, errors) grow the buffer once by their worst-case size (ResponseWriter+Bounds.swift)
/// and are written through a ``ByteCursor``, with no check per fragment.
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
        out.appendWithCursor(atMost: maxEDDBytes(id: id, answer: answer, options: options, model: model)) { json in
            json.open(id: id, ok: true)
            json.write(UInt8(ascii: ","))
            json.fields(answer)
            json.write(",\"model\":")
            json.string(model)
            if let options {
                json.write(",\"options\":[")
                for (k, option) in options.enumerated() {
                    if k > 0 { json.write(UInt8(ascii: ",")) }
                    json.write("{\"carrier\":")
                    json.string(option.option.carrier)
                    if let service = option.option.service {
                        json.write(",\"service\":")
                        json.string(service)
                    }
                    switch option.result {
                    case .success(let answer):
                        json.write(",\"ok\":true,")
                        json.fields(answer)
                    case .failure(let error):
                        json.write(",\"ok\":false,")
                        json.errorObject(error)
                    }
                    json.write(UInt8(ascii: "}"))
                }
                json.write(UInt8(ascii: "]"))
            }
            json.close()
        }
    }

    /// Writes a `risk` response.
    public static func writeRisk(id: RequestID?, answer: RiskAnswer, model: String, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: maxRiskBytes(id: id, answer: answer, model: model)) { json in
            json.open(id: id, ok: true)
            json.write(",\"p_late\":")
            json.probability(answer.pLate)
            json.write(",\"late\":")
            json.bool(answer.late)
            json.write(",\"state\":")
            json.string(answer.state.rawValue)
            if let edd = answer.edd {
                json.write(",\"edd\":")
                json.date(edd)
            }
            json.write(",\"reasons\":[")
            for (k, reason) in answer.reasons.enumerated() {
                if k > 0 { json.write(UInt8(ascii: ",")) }
                json.write("{\"code\":")
                json.string(reason.code)
                json.write(",\"detail\":")
                json.string(reason.detail)
                json.write(UInt8(ascii: "}"))
            }
            json.write("],\"model\":")
            json.string(model)
            json.close()
        }
    }

    /// Writes `{"id":…,"ok":false,"error":{"code":…,"message":…}}`.
    public static func writeError(id: RequestID?, error: ProtocolError, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: maxOpenBytes(id) + 1 + maxErrorObjectBytes(error) + 2) { json in
            json.open(id: id, ok: false)
            json.write(UInt8(ascii: ","))
            json.errorObject(error)
            json.close()
        }
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
        out.appendWithCursor(atMost: maxOpenBytes(id)) { $0.open(id: id, ok: true) }
        if !fields.isEmpty {
            out.append(UInt8(ascii: ","))
            JSONFragment.writeMembers(fields, into: &out)
        }
        JSONWriter.raw("}\n", into: &out)
    }
}

extension ByteCursor {
    /// `{"id":…,"ok":true` (or `false`), without the id when there is none.
    fileprivate mutating func open(id: RequestID?, ok: Bool) {
        if let id {
            write("{\"id\":")
            write(id.json)
            write(ok ? ",\"ok\":true" : ",\"ok\":false")
        } else {
            write(ok ? "{\"ok\":true" : "{\"ok\":false")
        }
    }

    /// Ends the object and the line.
    @inline(__always)
    fileprivate mutating func close() {
        write("}\n")
    }

    /// `"error":{"code":…,"message":…}` with no leading comma.
    fileprivate mutating func errorObject(_ error: ProtocolError) {
        write("\"error\":{\"code\":")
        string(error.code.rawValue)
        write(",\"message\":")
        string(error.message)
        write(UInt8(ascii: "}"))
    }

    /// `"edd":…,"confidence":…,…,"basis":{…}` with no surrounding braces or leading comma.
    fileprivate mutating func fields(_ a: EDDAnswer) {
        write("\"edd\":")
        date(a.edd)
        write(",\"confidence\":")
        number(a.confidence)
        write(",\"probability\":")
        probability(a.probability)
        write(",\"range\":{\"earliest\":")
        date(a.range.earliest)
        write(",\"latest\":")
        date(a.range.latest)
        write("},\"most_likely\":")
        date(a.mostLikely)
        if !a.quantiles.isEmpty {
            write(",\"quantiles\":{")
            for (k, q) in a.quantiles.enumerated() {
                if k > 0 { write(UInt8(ascii: ",")) }
                // The key is the level's shortest decimal, i.e. what the client wrote for usual levels.
                write(UInt8(ascii: "\""))
                number(q.level)
                write("\":")
                date(q.date)
            }
            write(UInt8(ascii: "}"))
        }
        if let distribution = a.distribution {
            write(",\"distribution\":[")
            for (k, d) in distribution.enumerated() {
                if k > 0 { write(UInt8(ascii: ",")) }
                write("{\"date\":")
                date(d.date)
                write(",\"p\":")
                probability(d.p)
                write(UInt8(ascii: "}"))
            }
            write(UInt8(ascii: "]"))
        }
        write(",\"basis\":{\"level\":")
        string(a.basis.level)
        // Effective sample sizes are fractional when weighted; one decimal is all a caller can use.
        write(",\"shipments\":")
        number(a.basis.shipments, decimals: 1)
        if a.tail { write(",\"tail\":true") }
        write(UInt8(ascii: "}"))
    }
}
