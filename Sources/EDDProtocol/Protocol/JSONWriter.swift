import EDDCore

/// Appends JSON text to a byte buffer, one primitive at a time.
///
/// Several times faster than `JSONEncoder`, with exact control over number formatting: probabilities carry at
/// most four decimals, levels their shortest decimal, and whole numbers have no `.0`. Each function reserves
/// room for its worst case and writes through a ``ByteCursor``; the hot responses (``ResponseWriter``) write a
/// whole line through one cursor instead.
public enum JSONWriter {
    /// Appends bytes as they are (a static fragment such as `,"ok":true`).
    @inline(__always)
    public static func raw(_ text: StaticString, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: text.utf8CodeUnitCount) { $0.write(text) }
    }

    /// Appends bytes as they are (e.g. a request id's original JSON text).
    public static func raw(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        out.append(contentsOf: bytes)
    }

    /// Appends `"key":` for a key that needs no escaping.
    @inline(__always)
    public static func key(_ key: StaticString, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: key.utf8CodeUnitCount + 3) { json in
            json.write(UInt8(ascii: "\""))
            json.write(key)
            json.write("\":")
        }
    }

    /// Appends `"key":` escaping the key as needed.
    public static func key(_ key: String, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxStringBytes(key) + 1) { json in
            json.string(key)
            json.write(UInt8(ascii: ":"))
        }
    }

    /// Appends a quoted, escaped string (`"`, `\`, and control characters escaped; everything else as UTF-8).
    public static func string(_ text: String, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxStringBytes(text)) { $0.string(text) }
    }

    /// Appends `true` or `false`.
    public static func bool(_ value: Bool, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: 5) { $0.bool(value) }
    }

    /// Appends `null`.
    public static func null(into out: inout [UInt8]) {
        raw("null", into: &out)
    }

    /// Appends a decimal integer.
    public static func integer(_ value: Int, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxIntegerBytes) { $0.integer(value) }
    }

    /// Appends `value` rounded half away from zero to at most `decimals` (0…9) decimals, trailing zeros trimmed.
    ///
    /// `0.931` → `0.931`, `1.0` → `1`, `0.12345` (4 decimals) → `0.1235`. Non-finite values are written as
    /// `null` (JSON has no infinity); magnitudes beyond 2^53 after scaling fall back to ``number(_:into:)``.
    /// The value is scaled, then rounded: `2.675` (2 decimals) is `2.68`, as `2.675 × 100` is `267.5` in binary.
    public static func number(_ value: Double, decimals: Int, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxNumberBytes) { $0.number(value, decimals: decimals) }
    }

    /// Appends a probability: at most four decimals (PROTOCOL.md).
    @inline(__always)
    public static func probability(_ value: Double, into out: inout [UInt8]) {
        number(value, decimals: 4, into: &out)
    }

    /// Appends the shortest decimal that reads back as `value` (`0.25`, `0.1`, `12`, `1e-07`); `null` if not finite.
    public static func number(_ value: Double, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxNumberBytes) { $0.number(value) }
    }

    /// Appends a date as a JSON string, `"YYYY-MM-DD"` (years beyond four digits as the date's description).
    public static func date(_ date: CivilDate, into out: inout [UInt8]) {
        out.appendWithCursor(atMost: ByteCursor.maxDateBytes) { $0.date(date) }
    }
}
