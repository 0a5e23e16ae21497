import EDDCore

/// The column positions of a scan file, found by name in its header row.
struct ScanHeader {
    static let required = [
        "shipment_id", "carrier", "service", "origin_country", "origin_postal", "destination_country",
        "destination_postal", "event", "event_time",
    ]

    /// Every column the reader uses: the required ones and the optional ones.
    static let known: Set<String> = Set(
        required + ["origin_region", "destination_region", "origin_id", "event_postal", "promised_date"])

    let fieldCount: Int
    let shipmentId: Int
    let carrier: Int
    let service: Int
    let originCountry: Int
    let originPostal: Int
    let destinationCountry: Int
    let destinationPostal: Int
    let event: Int
    let eventTime: Int
    let originRegion: Int?
    let destinationRegion: Int?
    let originId: Int?
    let eventPostal: Int?
    let promisedDate: Int?

    /// Maps header names (trimmed, case-insensitive, a UTF-8 byte-order mark ignored) to positions.
    ///
    /// - Throws: ``IngestionError`` naming the first required column that is missing, or a column the
    ///   reader uses that appears twice.
    init(names: [String], source: String) throws {
        var index: [String: Int] = [:]
        for (i, raw) in names.enumerated() {
            var name = Substring(raw)
            if i == 0, name.hasPrefix("\u{FEFF}") { name = name.dropFirst() }
            let key = name.trimmingASCIIBlanks().lowercased()
            // Two columns of one name would make the reader pick one of them silently; unknown columns
            // are ignored anyway, so only the names the reader uses must be unique.
            if let first = index[key], ScanHeader.known.contains(key) {
                throw IngestionError(
                    .duplicateColumn,
                    "\(source): the header names column '\(key)' twice (columns \(first + 1) and \(i + 1))")
            }
            if index[key] == nil { index[key] = i }
        }
        for column in ScanHeader.required where index[column] == nil {
            throw IngestionError(.missingColumn, "\(source): the header has no required column '\(column)'")
        }
        fieldCount = names.count
        shipmentId = index["shipment_id"]!
        carrier = index["carrier"]!
        service = index["service"]!
        originCountry = index["origin_country"]!
        originPostal = index["origin_postal"]!
        destinationCountry = index["destination_country"]!
        destinationPostal = index["destination_postal"]!
        event = index["event"]!
        eventTime = index["event_time"]!
        originRegion = index["origin_region"]
        destinationRegion = index["destination_region"]
        originId = index["origin_id"]
        eventPostal = index["event_postal"]
        promisedDate = index["promised_date"]
    }
}

extension Substring {
    func trimmingASCIIBlanks() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return self[first...last]
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes without leading and trailing spaces and tabs.
    @inline(__always)
    func trimmedBlanks() -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = count
        while lo < hi && (self[lo] == 32 || self[lo] == 9) { lo += 1 }
        while hi > lo && (self[hi - 1] == 32 || self[hi - 1] == 9) { hi -= 1 }
        if lo == 0 && hi == count { return self }
        return UnsafeBufferPointer(rebasing: self[lo..<hi])
    }
}
