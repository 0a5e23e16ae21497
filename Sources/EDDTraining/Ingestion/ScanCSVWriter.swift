import EDDCore

/// Writes clean scan CSV files in DATA.md's format: the header, then one quoted-as-needed row per scan.
///
/// Output is buffered; a file is written to a temporary sibling and renamed into place by ``finish()``,
/// `-` writes standard output.
public final class ScanCSVWriter {
    /// DATA.md's columns, in the order written.
    public static let columns = [
        "shipment_id", "carrier", "service", "origin_country", "origin_postal", "origin_region", "origin_id",
        "destination_country", "destination_postal", "destination_region", "event", "event_time", "event_postal",
        "promised_date",
    ]

    private let output: CSVOutput
    /// Rows written so far (the header excluded).
    public private(set) var rowsWritten = 0

    /// Opens the output and writes the header.
    ///
    /// - Throws: ``OutputFileError`` when the file cannot be created.
    public init(path: String) throws {
        output = try CSVOutput(path: path)
        try output.writeRow(ScanCSVWriter.columns)
    }

    /// Appends one scan.
    public func write(_ scan: ScanRow) throws {
        let o = output
        o.appendField(scan.shipmentId)
        o.appendComma()
        o.appendField(scan.carrier)
        o.appendComma()
        o.appendField(scan.service)
        o.appendComma()
        append(scan.origin, withId: true)
        o.appendComma()
        append(scan.destination, withId: false)
        o.appendComma()
        o.appendRaw(scan.event.code)
        o.appendComma()
        o.appendRaw(RFC3339.format(scan.time, utcOffset: scan.utcOffset))
        o.appendComma()
        o.appendField(scan.eventPostal ?? "")
        o.appendComma()
        if let d = scan.promisedDate { o.appendRaw(d.description) }
        try o.endRow()
        rowsWritten += 1
    }

    private func append(_ place: Place, withId: Bool) {
        output.appendField(place.country)
        output.appendComma()
        output.appendField(place.postal)
        output.appendComma()
        output.appendField(place.region ?? "")
        if withId {
            output.appendComma()
            output.appendField(place.id ?? "")
        }
    }

    /// Flushes and moves the file into place.
    public func finish() throws {
        try output.finish()
    }
}
