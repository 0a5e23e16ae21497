import EDDCore
import EDDProtocol
import EDDTraining

/// What an earlier sweep said of each parcel (`--previous`): whether it was late and when it was first
/// flagged, which is all the next sweep needs to flag each parcel once.
///
/// Read from a sweep's own output, JSON lines or CSV (told apart by the first line). Anything else is
/// refused with the line that is not a sweep line.
public struct SweepHistory: Sendable {
    /// One parcel of the earlier sweep.
    public struct Entry: Sendable, Equatable {
        /// `late` of that sweep's line.
        public var late: Bool
        /// `notified_at` of that line: the instant of the sweep that flagged it `newly_late`, if any did.
        public var notifiedAt: String?

        /// Creates an entry.
        public init(late: Bool, notifiedAt: String?) {
            self.late = late
            self.notifiedAt = notifiedAt
        }
    }

    /// The entries by shipment id.
    public private(set) var entries: [String: Entry] = [:]
    /// Lines read (header and blank lines excluded).
    public private(set) var lines = 0

    /// An empty history (the first sweep).
    public init() {}

    /// The entry of a shipment, if the earlier sweep had it.
    public subscript(_ shipment: String) -> Entry? { entries[shipment] }

    /// Reads an earlier sweep's output.
    ///
    /// - Throws: ``InputFileError`` when the file cannot be opened, ``SweepError`` naming
    ///   the first line that is not a sweep line (or a shipment listed twice).
    public static func load(path: String) throws -> SweepHistory {
        try read(LineFile(path: path), csv: { try CSVReader(path: path) }, source: path)
    }

    /// Reads an earlier sweep's output held in memory (tests).
    public static func parse(text: String) throws -> SweepHistory {
        try read(LineFile(bytes: Array(text.utf8)), csv: { CSVReader(text: text) }, source: "input")
    }

    /// Reads either format: JSON lines line by line, CSV (quoted fields may span lines) by the CSV reader.
    static func read(_ lines: LineFile, csv: () throws -> CSVReader, source: String) throws -> SweepHistory {
        var history = SweepHistory()
        var isCSV = false
        func bad(_ line: Int, _ why: String) -> SweepError {
            SweepError(.badHistory, "\(source) line \(line): not a sweep output line (\(why))")
        }
        func add(_ id: String, _ entry: Entry, _ line: Int) throws {
            history.lines += 1
            guard history.entries.updateValue(entry, forKey: id) == nil else {
                throw bad(line, "shipment \(id) appears twice")
            }
        }
        // JSON lines, unless the first line that is not blank is something else: then the CSV header, or no
        // sweep at all.
        var more = true
        while more && !isCSV {
            more = try lines.next { raw in
                if raw.allSatisfy({ $0 == 32 }) { return }
                guard raw.first == UInt8(ascii: "{") else {
                    guard history.lines == 0 else { throw bad(lines.line, "not a JSON object") }
                    isCSV = true
                    return
                }
                let (id, entry) = try jsonEntry(raw) { bad(lines.line, $0) }
                try add(id, entry, lines.line)
            }
        }
        guard isCSV else { return history }
        let reader = try csv()
        var columns: [String: Int]?
        while let status = try reader.next() {
            if status == .blank { continue }
            guard status == .row else { throw bad(reader.line, "malformed CSV") }
            guard let c = columns else {
                let names = (0..<reader.fieldCount).map { reader.string($0) }
                guard names == SweepWriter.csvColumns else {
                    throw bad(reader.line, "neither a JSON object nor the sweep CSV header")
                }
                columns = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
                continue
            }
            guard reader.fieldCount == c.count else { throw bad(reader.line, "wrong field count") }
            let (id, entry) = try csvEntry(reader, c) { bad(reader.line, $0) }
            try add(id, entry, reader.line)
        }
        return history
    }

    private static func csvEntry(_ r: CSVReader, _ columns: [String: Int], _ bad: (String) -> SweepError) throws
        -> (String, Entry)
    {
        let id = r.string(columns["shipment_id"]!)
        guard !id.isEmpty else { throw bad("empty shipment_id") }
        let late: Bool
        switch r.string(columns["late"]!) {
        case "true": late = true
        case "false": late = false
        case let other: throw bad("late is '\(other)', not true or false")
        }
        let notified = r.string(columns["notified_at"]!)
        return try (id, checked(late: late, notifiedAt: notified.isEmpty ? nil : notified, bad))
    }

    private static func jsonEntry(_ raw: UnsafeBufferPointer<UInt8>, _ bad: (String) -> SweepError) throws
        -> (String, Entry)
    {
        let invalid: (JSONParseError) -> SweepError = { bad("invalid JSON: \($0)") }
        return try JSONReader.withView(of: raw, mapError: invalid) {
            view throws(SweepError) -> (String, Entry) in
            guard view.kind(0) == .object else { throw bad("not a JSON object") }
            guard let i = view.member(0, "shipment_id"), view.kind(i) == .string, case let id = view.string(i),
                !id.isEmpty
            else { throw bad("no shipment_id string") }
            guard let l = view.member(0, "late"), view.kind(l) == .true || view.kind(l) == .false else {
                throw bad("no late true/false")
            }
            guard let f = view.member(0, "flag"), view.kind(f) == .string,
                SweepFlag(rawValue: view.string(f)) != nil
            else { throw bad("no flag of a sweep") }
            var notified: String?
            if let n = view.member(0, "notified_at"), view.kind(n) != .null {
                guard view.kind(n) == .string else { throw bad("notified_at is not a string") }
                notified = view.string(n)
            }
            return (id, try checked(late: view.kind(l) == .true, notifiedAt: notified, bad))
        }
    }

    /// A late parcel was flagged by the sweep that found it late, so it always carries `notified_at`.
    private static func checked(late: Bool, notifiedAt: String?, _ bad: (String) -> SweepError) throws(SweepError)
        -> Entry
    {
        if let notifiedAt, RFC3339.parse(notifiedAt) == nil { throw bad("notified_at '\(notifiedAt)' is not RFC 3339") }
        if late && notifiedAt == nil { throw bad("late without notified_at") }
        return Entry(late: late, notifiedAt: notifiedAt)
    }
}
