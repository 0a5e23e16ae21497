/// Appends JSON text to a byte buffer, one primitive at a time.
///
/// The response encoders stitch responses together from these and static fragments, which is several
/// times faster than `JSONEncoder` and gives exact control over number formatting: probabilities carry at
/// most four decimals, levels their shortest decimal, and whole numbers have no `.0`.
public enum JSONWriter {
    /// Appends bytes as they are (a static fragment such as `,"ok":true`).
    @inline(__always)
    public static func raw(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends bytes as they are (e.g. a request id's original JSON text).
    public static func raw(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        out.append(contentsOf: bytes)
    }

    /// Appends `"key":` for a key that needs no escaping.
    @inline(__always)
    public static func key(_ key: StaticString, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        raw(key, into: &out)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Appends `"key":` escaping the key as needed.
    public static func key(_ key: String, into out: inout [UInt8]) {
        string(key, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Appends a quoted, escaped string (`"`, `\`, and control characters escaped; everything else as UTF-8).
    public static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (k, c) in utf8.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                escape(c, into: &out)
                runStart = k + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func escape(_ c: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            out.append(contentsOf: [
                UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(c >> 4)], hex.utf8Start[Int(c & 15)],
            ])
        }
    }

    /// Appends `true` or `false`.
    public static func bool(_ value: Bool, into out: inout [UInt8]) {
        if value { raw("true", into: &out) } else { raw("false", into: &out) }
    }

    /// Appends `null`.
    public static func null(into out: inout [UInt8]) {
        raw("null", into: &out)
    }

    /// Appends a decimal integer.
    public static func integer(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        unsigned(value.magnitude, into: &out)
    }

    static func unsigned(_ value: UInt, into out: inout [UInt8]) {
        // Digits are produced backwards into a stack buffer, then appended in one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var v = value
            var k = 20
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[k..<20]))
        }
    }

    /// Appends `value` rounded half away from zero to at most `decimals` (0…9) decimals, trailing zeros trimmed.
    ///
    /// `0.931` → `0.931`, `1.0` → `1`, `0.12345` (4 decimals) → `0.1235`. Non-finite values are written as
    /// `null` (JSON has no infinity); magnitudes beyond 2^53 after scaling fall back to ``number(_:into:)``.
    public static func number(_ value: Double, decimals: Int, into out: inout [UInt8]) {
        guard value.isFinite else { return null(into: &out) }
        let places = max(0, min(decimals, 9))
        let scale = JSONNumber.powersOfTen[places]
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled.magnitude < 9_007_199_254_740_992 else { return number(value, into: &out) }
        fixed(Int(scaled), places: places, into: &out)
    }

    /// Appends a probability: at most four decimals (PROTOCOL.md).
    @inline(__always)
    public static func probability(_ value: Double, into out: inout [UInt8]) {
        number(value, decimals: 4, into: &out)
    }

    /// Appends the shortest decimal that reads back as `value` (`0.25`, `0.1`, `12`, `1e-07`); `null` if not finite.
    public static func number(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else { return null(into: &out) }
        // Most values the service writes have few decimals: find the fewest that round-trip, exactly.
        for places in 0...6 {
            let scale = JSONNumber.powersOfTen[places]
            let scaled = (value * scale).rounded()
            guard scaled.magnitude < 9_007_199_254_740_992 else { break }
            if scaled / scale == value { return fixed(Int(scaled), places: places, into: &out) }
        }
        // Swift's description is the shortest round-trip form and is valid JSON once `.0` is dropped.
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    /// Writes `scaled / 10^places` with trailing fractional zeros removed; `-0` is written as `0`.
    static func fixed(_ scaled: Int, places: Int, into out: inout [UInt8]) {
        if scaled < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = scaled.magnitude
        guard places > 0 else { return unsigned(magnitude, into: &out) }
        let divisor = UInt(JSONNumber.powersOfTen[places])
        unsigned(magnitude / divisor, into: &out)
        magnitude %= divisor
        guard magnitude > 0 else { return }
        var places = places
        while magnitude % 10 == 0 {
            magnitude /= 10
            places -= 1
        }
        out.append(UInt8(ascii: "."))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: places) { buffer in
            for k in stride(from: places - 1, through: 0, by: -1) {
                buffer[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// Appends a date as a JSON string, `"YYYY-MM-DD"`.
    public static func date(_ date: CivilDate, into out: inout [UInt8]) {
        let (y, m, d) = date.components
        guard (0...9999).contains(y) else { return string(date.description, into: &out) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { b in
            (b[0], b[5], b[8], b[11]) = (UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "\""))
            (b[1], b[2], b[3], b[4]) = (digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10))
            (b[6], b[7], b[9], b[10]) = (digit(m / 10), digit(m % 10), digit(d / 10), digit(d % 10))
            out.append(contentsOf: UnsafeBufferPointer(b))
        }
    }

    @inline(__always)
    static func digit(_ v: Int) -> UInt8 { UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v) }
}
