import EDDCore

/// Maps carriers' own event codes to DATA.md's event codes.
///
/// Loaded from a CSV file with rows `carrier,code,event` (a header row is optional). Lookups are
/// case-insensitive in both carrier and code.
public struct AliasTable: Sendable, Equatable {
    private var entries: [String: EventCode] = [:]

    /// An empty table (only the canonical codes are understood).
    public init() {}

    /// A table from `(carrier, code, event)` triples.
    public init(_ aliases: [(carrier: String, code: String, event: EventCode)]) {
        for a in aliases { entries[AliasTable.key(a.carrier, a.code)] = a.event }
    }

    /// The number of aliases.
    public var count: Int { entries.count }

    /// The event code a carrier's own code stands for, or nil.
    public func lookup(carrier: String, code: String) -> EventCode? {
        entries[AliasTable.key(carrier, code)]
    }

    private static func key(_ carrier: String, _ code: String) -> String {
        trimmed(carrier).lowercased() + "\u{0}" + trimmed(code).uppercased()
    }

    private static func trimmed(_ s: String) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) })
        else { return "" }
        return s[first...last]
    }

    /// Loads an alias file.
    ///
    /// - Throws: ``InputFileError`` when the file cannot be opened; ``IngestionError``
    ///   naming the line when a row does not have three fields or its event is not a known code.
    public static func load(path: String) throws -> AliasTable {
        let reader = try CSVReader(path: path)
        var table = AliasTable()
        var first = true
        while let status = try reader.next() {
            defer { first = false }
            if status == .blank { continue }
            guard status == .row, reader.fieldCount == 3 else {
                throw IngestionError(.badAlias, "alias file '\(path)' line \(reader.line): expected carrier,code,event")
            }
            let carrier = reader.string(0)
            let code = reader.string(1)
            let eventText = String(trimmed(reader.string(2)))
            if first && eventText.lowercased() == "event" { continue }
            guard let event = EventCode(code: eventText) else {
                throw IngestionError(
                    .badAlias, "alias file '\(path)' line \(reader.line): unknown event code '\(eventText)'")
            }
            table.entries[key(carrier, code)] = event
        }
        return table
    }
}
