import EDDCore

/// Writes synthetic scans as DATA.md CSV rows into a byte buffer (no `String` per field: a run writes
/// millions of rows), and makes the malformed rows.
struct SyntheticCSVWriter {
    /// The header row, DATA.md's column order.
    static let header = Array(
        ("shipment_id,carrier,service,origin_country,origin_postal,origin_region,destination_country,"
            + "destination_postal,destination_region,origin_id,event,event_time,event_postal,promised_date\n").utf8)

    /// The bytes written so far (the generator drains them into its sink).
    var bytes: [UInt8] = []
    private var scratch: [UInt8] = []
    private let eventCodes: [[UInt8]] = EventCode.allCases.map { Array($0.code.utf8) }

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Hands the buffer to `sink` once it holds at least `limit` bytes (every byte when `limit` is 1), and
    /// empties it.
    mutating func drain(into sink: ([UInt8]) throws -> Void, atLeast limit: Int = 1 << 20) rethrows {
        guard !bytes.isEmpty, bytes.count >= limit else { return }
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends one row: the shipment's fixed columns (`prefix`, ending in a comma), then the event, its time
    /// at `utcOffset`, the scan's postal code (or nothing) and the promised date (`promised`, ending in a
    /// newline).
    @inline(__always)
    mutating func appendRow(
        prefix: [UInt8], event: EventCode, instant: Instant, utcOffset: Int, postal: [UInt8]?, promised: [UInt8]
    ) {
        Self.appendRow(
            to: &bytes, prefix: prefix, event: eventCodes[Int(event.rawValue)], instant: instant,
            utcOffset: utcOffset, postal: postal, promised: promised)
    }

    @inline(__always)
    private static func appendRow(
        to out: inout [UInt8], prefix: [UInt8], event: [UInt8], instant: Instant, utcOffset: Int, postal: [UInt8]?,
        promised: [UInt8]
    ) {
        out.append(contentsOf: prefix)
        out.append(contentsOf: event)
        out.append(UInt8(ascii: ","))
        appendTimestamp(to: &out, instant, utcOffset: utcOffset)
        out.append(UInt8(ascii: ","))
        if let postal { out.append(contentsOf: postal) }
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: promised)
    }

    /// The kinds of malformed rows, in ``SyntheticStats`` order.
    enum Malformation: Int, CaseIterable {
        case badTimestamp, unknownEvent, missingField, wrongFieldCount, garbageBytes
    }

    /// Appends a corrupted copy of a row (the real row is written as well).
    mutating func appendMalformed(
        _ kind: Malformation, prefix: [UInt8], event: EventCode, instant: Instant, utcOffset: Int, postal: [UInt8]?,
        promised: [UInt8], rng: inout SyntheticRandom
    ) {
        if kind == .garbageBytes {
            // Any byte but the row and field separators, including NUL, controls and invalid UTF-8.
            for _ in 0..<(16 + rng.below(48)) {
                var b = UInt8(truncatingIfNeeded: rng.next())
                if b == 10 || b == 13 || b == 44 { b = 0xFF }
                bytes.append(b)
            }
            bytes.append(10)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        Self.appendRow(
            to: &scratch, prefix: prefix, event: eventCodes[Int(event.rawValue)], instant: instant,
            utcOffset: utcOffset, postal: postal, promised: promised)
        scratch.removeLast()  // the newline
        var fields = scratch.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Array($0) }
        switch kind {
        case .badTimestamp:
            let t = fields[11]
            switch rng.below(3) {
            case 0: fields[11] = Array(t[0..<19])  // no offset
            case 1:
                // MM/DD/YYYY HH:MM
                var us: [UInt8] = Array(t[5..<7])
                us.append(UInt8(ascii: "/"))
                us.append(contentsOf: t[8..<10])
                us.append(UInt8(ascii: "/"))
                us.append(contentsOf: t[0..<4])
                us.append(UInt8(ascii: " "))
                us.append(contentsOf: t[11..<16])
                fields[11] = us
            default:
                // A day that does not exist.
                var wrong: [UInt8] = Array(t[0..<5])
                wrong.append(contentsOf: "02-30".utf8)
                wrong.append(contentsOf: t[10...])
                fields[11] = wrong
            }
        case .unknownEvent:
            let unknown = ["PARCEL_TELEPORTED", "ZZ_STATUS_99", "SCAN?"]
            fields[10] = Array(unknown[rng.below(unknown.count)].utf8)
        case .missingField:
            let required = [0, 1, 2, 7, 10, 11]
            fields[required[rng.below(required.count)]] = []
        case .wrongFieldCount:
            fields.removeLast(fields.count - (3 + rng.below(9)))  // a row cut short: 3 to 11 fields
        case .garbageBytes:
            break
        }
        for (i, f) in fields.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: f)
        }
        bytes.append(10)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z` for offset 0), like ``RFC3339/format(_:utcOffset:)``.
    @inline(__always)
    static func appendTimestamp(to out: inout [UInt8], _ instant: Instant, utcOffset: Int) {
        let local = instant.seconds + Int64(utcOffset)
        let day = Instant.floorDiv(local, 86_400)
        let sod = Int(local - day * 86_400)
        let (y, m, d) = CivilDate.civilFromDays(Int(day))
        digits(&out, y, 4)
        out.append(UInt8(ascii: "-"))
        digits(&out, m, 2)
        out.append(UInt8(ascii: "-"))
        digits(&out, d, 2)
        out.append(UInt8(ascii: "T"))
        digits(&out, sod / 3600, 2)
        out.append(UInt8(ascii: ":"))
        digits(&out, sod / 60 % 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(&out, sod % 60, 2)
        if utcOffset == 0 {
            out.append(UInt8(ascii: "Z"))
            return
        }
        out.append(utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let minutes = abs(utcOffset) / 60
        digits(&out, minutes / 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(&out, minutes % 60, 2)
    }

    /// Appends `value` as exactly `width` decimal digits (zero-padded; `value` must fit).
    @inline(__always)
    static func digits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(48 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }
}
