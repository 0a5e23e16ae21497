import EDDCore

/// Reads scan CSV files (DATA.md) into shipment timelines, counting and optionally writing every rejected row.
public enum ScanIngestion {
    /// Reads a scan file, or standard input when `path` is `-`.
    ///
    /// - Parameters:
    ///   - path: the file, or `-`.
    ///   - options: aliases, as-of cut-off and rejects file.
    ///   - progress: called with the number of rows read every `options.progressInterval` rows.
    /// - Returns: the timelines and the run summary.
    /// - Throws: ``InputFileError`` when the file cannot be opened, ``IngestionError`` when the header lacks a
    ///   required column, ``OutputFileError`` when the rejects file cannot be written.
    public static func read(
        path: String, options: IngestOptions = IngestOptions(), progress: ((Int) -> Void)? = nil
    ) throws -> IngestResult {
        let reader = try CSVReader(path: path)
        return try read(
            reader: reader, source: path == "-" ? "standard input" : path, options: options,
            progress: progress)
    }

    /// Reads scans held in memory (tests, small inputs).
    public static func read(text: String, options: IngestOptions = IngestOptions()) throws -> IngestResult {
        try read(reader: CSVReader(text: text), source: "input", options: options, progress: nil)
    }

    /// Reads scans from an open reader; `source` names the input in error messages.
    public static func read(
        reader: CSVReader, source: String, options: IngestOptions, progress: ((Int) -> Void)?
    ) throws -> IngestResult {
        var status = try reader.next()
        while status == .blank { status = try reader.next() }
        guard let headerStatus = status else {
            throw IngestionError(.noHeader, "\(source): empty input, no header row")
        }
        guard headerStatus == .row else { throw IngestionError(.noHeader, "\(source): the header row is malformed") }
        let header = try ScanHeader(names: (0..<reader.fieldCount).map { reader.string($0) }, source: source)

        let rejects = try options.rejectsPath.map { try CSVOutput(path: $0) }
        try rejects?.writeRow(["line", "reason", "detail", "raw"])
        var summary = IngestSummary()
        var store = ScanStore()
        let interval = max(1, options.progressInterval)

        func reject(_ given: RejectReason, _ givenDetail: String) throws {
            var (reason, detail) = (given, givenDetail)
            // Bytes that are not text (binary garbage) split into any number of fields and fail whatever is
            // checked first; name the real fault. A too-long row keeps only a prefix, which may cut a character.
            if reason != .rowTooLong, reason != .invalidUTF8, !ByteInterner.isValidUTF8(reader.rawRow) {
                (reason, detail) = (.invalidUTF8, "the row is not UTF-8 text")
            }
            summary.rejected[reason, default: 0] += 1
            guard let rejects else { return }
            rejects.appendRaw(String(reader.line))
            rejects.appendComma()
            rejects.appendRaw(reason.rawValue)
            rejects.appendComma()
            rejects.appendField(detail)
            rejects.appendComma()
            rejects.appendField(bytes: reader.rawRow)
            try rejects.endRow()
        }

        while let status = try reader.next() {
            if status == .blank {
                summary.blankLines += 1
                continue
            }
            summary.rowsRead += 1
            if summary.rowsRead % interval == 0 { progress?(summary.rowsRead) }
            switch status {
            case .unterminatedQuote:
                try reject(.unterminatedQuote, "a quoted field does not close")
                continue
            case .tooLong:
                try reject(.rowTooLong, "longer than \(reader.maxRowBytes) bytes")
                continue
            default: break
            }
            do {
                let (conflict, visible) = try store.add(reader, header, aliases: options.aliases, asOf: options.asOf)
                summary.accepted += 1
                if conflict { summary.conflictingRows += 1 }
                if !visible { summary.afterAsOf += 1 }
            } catch {
                try reject(error.reason, error.detail)
            }
        }
        try rejects?.finish()

        let cutoff = options.asOf ?? (store.latest == Int64.min ? nil : Instant(seconds: store.latest + 1))
        summary.cutoff = cutoff
        let timelines = store.build(cutoff: cutoff, summary: &summary)
        return IngestResult(timelines: timelines, summary: summary)
    }
}
