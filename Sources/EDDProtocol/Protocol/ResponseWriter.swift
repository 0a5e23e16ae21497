import EDDCore

/// Writes response lines in exactly PROTOCOL.md's shapes: one JSON object ending in `\n`.
///
/// Every function appends to the caller's buffer so a connection can batch pipelined responses into one
/// write. The request `id` is echoed as its original JSON text, first, and omitted when the request had none.
/// The hot lines (`edd`, `risk`, errors) are each written by one generic function run twice (see
/// ``ResponseSink``): over a ``ResponseBound`` for their worst-case size, then through a ``ByteCursor`` into
/// the room grown once by that size, with no check per fragment.
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
        guard let id else { return writeEDD(idText: nil, answer: answer, options: options, model: model, into: &out) }
        id.json.withUnsafeBufferPointer { text in
            writeEDD(idText: text, answer: answer, options: options, model: model, into: &out)
        }
    }

    /// Writes an `edd` response whose id is `idText`, JSON text as the request wrote it (nil: none).
    static func writeEDD(
        idText: UnsafeBufferPointer<UInt8>?, answer: EDDAnswer, options: [EDDOptionAnswer]? = nil, model: String,
        into out: inout [UInt8]
    ) {
        var bound = ResponseBound()
        bound.eddLine(idText: idText, answer: answer, options: options, model: model)
        out.appendWithCursor(atMost: bound.count) { json in
            json.eddLine(idText: idText, answer: answer, options: options, model: model)
        }
    }

    /// Writes the start of a successful line, `{"id":…,"ok":true` (`{"ok":true` when `idText` is nil): what
    /// ``writeEDD(idText:answer:options:model:into:)`` writes first.
    static func writeOpen(idText: UnsafeBufferPointer<UInt8>?, into out: inout [UInt8]) {
        var bound = ResponseBound()
        bound.open(idText: idText, ok: true)
        out.appendWithCursor(atMost: bound.count) { json in json.open(idText: idText, ok: true) }
    }

    /// Writes what follows ``writeOpen(idText:into:)`` in an `edd` response without options: with it, the bytes
    /// of ``writeEDD(idText:answer:options:model:into:)``.
    static func writeEDDBody(answer: EDDAnswer, model: String, into out: inout [UInt8]) {
        var bound = ResponseBound()
        bound.eddBody(answer: answer, options: nil, model: model)
        out.appendWithCursor(atMost: bound.count) { json in json.eddBody(answer: answer, options: nil, model: model) }
    }

    /// Writes a `risk` response.
    public static func writeRisk(id: RequestID?, answer: RiskAnswer, model: String, into out: inout [UInt8]) {
        var bound = ResponseBound()
        bound.riskLine(id: id, answer: answer, model: model)
        out.appendWithCursor(atMost: bound.count) { json in json.riskLine(id: id, answer: answer, model: model) }
    }

    /// Writes `{"id":…,"ok":false,"error":{"code":…,"message":…}}`.
    public static func writeError(id: RequestID?, error: ProtocolError, into out: inout [UInt8]) {
        var bound = ResponseBound()
        bound.errorLine(id: id, error: error)
        out.appendWithCursor(atMost: bound.count) { json in json.errorLine(id: id, error: error) }
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
        var bound = ResponseBound()
        bound.open(id: id, ok: true)
        out.appendWithCursor(atMost: bound.count) { $0.open(id: id, ok: true) }
        if !fields.isEmpty {
            out.append(UInt8(ascii: ","))
            JSONFragment.writeMembers(fields, into: &out)
        }
        JSONWriter.raw("}\n", into: &out)
    }
}

extension ResponseSink {
    /// An `edd` line: the first option's fields at top level, then `model`, then `options`.
    mutating func eddLine(id: RequestID?, answer: EDDAnswer, options: [EDDOptionAnswer]?, model: String) {
        guard let id else { return eddLine(idText: nil, answer: answer, options: options, model: model) }
        id.json.withUnsafeBufferPointer { eddLine(idText: $0, answer: answer, options: options, model: model) }
    }

    /// ``eddLine(id:answer:options:model:)`` with the id's JSON text where it stands (nil: none).
    mutating func eddLine(
        idText id: UnsafeBufferPointer<UInt8>?, answer: EDDAnswer, options: [EDDOptionAnswer]?, model: String
    ) {
        open(idText: id, ok: true)
        eddBody(answer: answer, options: options, model: model)
    }

    /// An `edd` line after its opening (``open(idText:ok:)``): nothing in it depends on the id.
    mutating func eddBody(answer: EDDAnswer, options: [EDDOptionAnswer]?, model: String) {
        write(UInt8(ascii: ","))
        fields(answer)
        write(",\"model\":")
        string(model)
        if let options {
            write(",\"options\":[")
            for (k, option) in options.enumerated() {
                if k > 0 { write(UInt8(ascii: ",")) }
                write("{\"carrier\":")
                string(option.option.carrier)
                if let service = option.option.service {
                    write(",\"service\":")
                    string(service)
                }
                write(",\"ok\":true,")
                fields(option.answer)
                write(UInt8(ascii: "}"))
            }
            write(UInt8(ascii: "]"))
        }
        close()
    }

    /// A `risk` line.
    mutating func riskLine(id: RequestID?, answer: RiskAnswer, model: String) {
        open(id: id, ok: true)
        write(",\"p_late\":")
        probability(answer.pLate)
        write(",\"late\":")
        bool(answer.late)
        write(",\"state\":")
        string(answer.state.rawValue)
        if let edd = answer.edd {
            write(",\"edd\":")
            date(edd)
        }
        write(",\"reasons\":[")
        for (k, reason) in answer.reasons.enumerated() {
            if k > 0 { write(UInt8(ascii: ",")) }
            write("{\"code\":")
            string(reason.code)
            write(",\"detail\":")
            string(reason.detail)
            write(UInt8(ascii: "}"))
        }
        write("],\"model\":")
        string(model)
        close()
    }

    /// An error line.
    mutating func errorLine(id: RequestID?, error: ProtocolError) {
        open(id: id, ok: false)
        write(UInt8(ascii: ","))
        errorObject(error)
        close()
    }

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

    /// ``open(id:ok:)`` with the id's JSON text where it stands.
    mutating func open(idText id: UnsafeBufferPointer<UInt8>?, ok: Bool) {
        if let id {
            write("{\"id\":")
            write(id)
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
