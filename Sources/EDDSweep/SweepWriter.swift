import EDDCore
import EDDProtocol
import EDDTraining

/// How sweep lines are written.
public enum SweepFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: the parcel, then exactly the `risk` op's answer fields, then the flag.
    case jsonl
    /// One CSV row per parcel (``SweepWriter/csvColumns``); reasons as their codes joined by `;`.
    case csv
}

/// One parcel's answer, ready to be written.
public struct SweepLine: Sendable {
    /// The shipment (lane and id; events are not written).
    public var timeline: ShipmentTimeline
    /// The date the risk is assessed against.
    public var promised: CivilDate
    /// Whether ``promised`` is the model's own EDD because the feed had no promised date.
    public var promisedByModel: Bool
    /// What the `risk` op answers for the parcel.
    public var answer: RiskAnswer
    /// The id of the model that answered.
    public var model: String
    /// Compared with the previous sweep.
    public var flag: SweepFlag
    /// The instant of the sweep that first flagged the parcel late, if any did.
    public var notifiedAt: String?
}

/// Encodes sweep lines as bytes (on any thread; each call appends to its own buffer).
public enum SweepWriter {
    /// The CSV header, in order.
    public static let csvColumns = [
        "shipment_id", "carrier", "service", "origin_country", "origin_postal", "origin_id", "destination_country",
        "destination_postal", "promised", "promised_by", "p_late", "late", "state", "edd", "reasons", "model", "flag",
        "notified_at",
    ]

    /// What a `risk` response line starts with when the request had no id; the sweep line carries what follows.
    static let riskPrefix = Array("{\"ok\":true,".utf8)

    /// Appends one line in `format`.
    public static func append(_ line: SweepLine, format: SweepFormat, into out: inout [UInt8]) {
        switch format {
        case .jsonl: appendJSON(line, into: &out)
        case .csv: appendCSV(line, into: &out)
        }
    }

    /// The CSV header line.
    public static func csvHeader() -> [UInt8] { Array((csvColumns.joined(separator: ",") + "\n").utf8) }

    static func appendJSON(_ line: SweepLine, into out: inout [UInt8]) {
        let t = line.timeline
        JSONWriter.raw("{\"shipment_id\":", into: &out)
        JSONWriter.string(t.id, into: &out)
        JSONWriter.raw(",\"carrier\":", into: &out)
        JSONWriter.string(t.carrier, into: &out)
        JSONWriter.raw(",\"service\":", into: &out)
        JSONWriter.string(t.service, into: &out)
        JSONWriter.raw(",\"origin\":", into: &out)
        place(t.origin, into: &out)
        JSONWriter.raw(",\"destination\":", into: &out)
        place(t.destination, into: &out)
        JSONWriter.raw(",\"promised\":", into: &out)
        JSONWriter.date(line.promised, into: &out)
        JSONWriter.raw(line.promisedByModel ? ",\"promised_by\":\"model\"," : ",\"promised_by\":\"feed\",", into: &out)
        // The risk op's own encoder writes the answer, so the fields are the op's byte for byte.
        var risk: [UInt8] = []
        ResponseWriter.writeRisk(id: nil, answer: line.answer, model: line.model, into: &risk)
        precondition(risk.starts(with: riskPrefix) && risk.last == 10, "a risk line is {\"ok\":true,…}\\n")
        out.append(contentsOf: risk[riskPrefix.count..<(risk.count - 2)])
        JSONWriter.raw(",\"flag\":", into: &out)
        JSONWriter.string(line.flag.rawValue, into: &out)
        JSONWriter.raw(",\"notified_at\":", into: &out)
        if let n = line.notifiedAt { JSONWriter.string(n, into: &out) } else { JSONWriter.null(into: &out) }
        JSONWriter.raw("}\n", into: &out)
    }

    private static func place(_ p: Place, into out: inout [UInt8]) {
        JSONWriter.raw("{\"country\":", into: &out)
        JSONWriter.string(p.country, into: &out)
        JSONWriter.raw(",\"postal\":", into: &out)
        JSONWriter.string(p.postal, into: &out)
        if let region = p.region {
            JSONWriter.raw(",\"region\":", into: &out)
            JSONWriter.string(region, into: &out)
        }
        if let id = p.id {
            JSONWriter.raw(",\"id\":", into: &out)
            JSONWriter.string(id, into: &out)
        }
        JSONWriter.raw("}", into: &out)
    }

    static func appendCSV(_ line: SweepLine, into out: inout [UInt8]) {
        let t = line.timeline
        let a = line.answer
        let fields: [String] = [
            t.id, t.carrier, t.service, t.origin.country, t.origin.postal, t.origin.id ?? "", t.destination.country,
            t.destination.postal, line.promised.description, line.promisedByModel ? "model" : "feed",
        ]
        for f in fields {
            field(f, into: &out)
            out.append(44)
        }
        JSONWriter.probability(a.pLate, into: &out)
        out.append(44)
        JSONWriter.raw(a.late ? "true," : "false,", into: &out)
        field(a.state.rawValue, into: &out)
        out.append(44)
        field(a.edd?.description ?? "", into: &out)
        out.append(44)
        field(a.reasons.map(\.code).joined(separator: ";"), into: &out)
        out.append(44)
        field(line.model, into: &out)
        out.append(44)
        field(line.flag.rawValue, into: &out)
        out.append(44)
        field(line.notifiedAt ?? "", into: &out)
        out.append(10)
    }

    /// A CSV field, quoted when it holds a comma, a quote, CR or LF.
    private static func field(_ text: String, into out: inout [UInt8]) {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(34)
        for c in bytes {
            if c == 34 { out.append(34) }
            out.append(c)
        }
        out.append(34)
    }
}
