import EDDCore

/// A JSON value built in code, for the small, infrequent responses (`health`, `model`, `stats`).
///
/// The hot responses (`edd`, `risk`) are written field by field; these are not worth that effort, and a
/// value the daemon can assemble freely keeps their shapes in the daemon where they are known.
public enum JSONFragment: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    /// Shortest decimal that reads back as the value.
    case number(Double)
    /// At most four decimals (PROTOCOL.md's rule for probabilities).
    case probability(Double)
    case string(String)
    /// `"YYYY-MM-DD"`.
    case date(CivilDate)
    case array([JSONFragment])
    /// Members in the order given.
    case object([(key: String, value: JSONFragment)])
    /// Already-valid JSON text, written as is.
    case raw([UInt8])

    /// Appends the value's JSON text.
    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: JSONWriter.null(into: &out)
        case .bool(let v): JSONWriter.bool(v, into: &out)
        case .integer(let v): JSONWriter.integer(v, into: &out)
        case .number(let v): JSONWriter.number(v, into: &out)
        case .probability(let v): JSONWriter.probability(v, into: &out)
        case .string(let v): JSONWriter.string(v, into: &out)
        case .date(let v): JSONWriter.date(v, into: &out)
        case .raw(let v): out.append(contentsOf: v)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            JSONFragment.writeMembers(members, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `"k":v,"k":v` (no braces), so callers can splice members into an object they opened.
    static func writeMembers(_ members: [(key: String, value: JSONFragment)], into out: inout [UInt8]) {
        for (k, member) in members.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.key(member.key, into: &out)
            member.value.write(into: &out)
        }
    }
}
