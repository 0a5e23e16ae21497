import EDDCore

/// One of the Olist CSV tables, read row by row with its columns looked up by name.
struct OlistTable {
    let reader: CSVReader
    let path: String
    private let columns: [String: Int]
    private let fieldCount: Int

    /// Opens `directory/file` and reads its header.
    ///
    /// - Throws: ``InputFileError`` when absent, ``OlistImportError`` when a column is missing.
    init(directory: String, file: String, required: [String]) throws {
        path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
        reader = try CSVReader(path: path)
        var status = try reader.next()
        while status == .blank { status = try reader.next() }
        guard status == .row else { throw OlistImportError(.noHeader, "\(path): no header row") }
        var columns: [String: Int] = [:]
        for i in 0..<reader.fieldCount {
            var name = Substring(reader.string(i))
            if i == 0, name.hasPrefix("\u{FEFF}") { name = name.dropFirst() }
            let key = name.trimmingASCIIBlanks().lowercased()
            if columns[key] == nil { columns[key] = i }
        }
        for c in required where columns[c] == nil {
            throw OlistImportError(.missingColumn, "\(path): the header has no column '\(c)'")
        }
        self.columns = columns
        self.fieldCount = reader.fieldCount
    }

    /// Advances to the next well-formed row; malformed ones are counted in `malformed`.
    mutating func next(malformed: inout Int) throws -> Bool {
        while let status = try reader.next() {
            if status == .blank { continue }
            if status == .row && reader.fieldCount == fieldCount { return true }
            malformed += 1
        }
        return false
    }

    /// The trimmed text of a column of the current row.
    func text(_ column: String) -> String {
        String(decoding: reader.field(columns[column]!).trimmedBlanks(), as: UTF8.self)
    }

    /// The trimmed bytes of a column of the current row.
    func bytes(_ column: String) -> UnsafeBufferPointer<UInt8> {
        reader.field(columns[column]!).trimmedBlanks()
    }
}
