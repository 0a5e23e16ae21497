import EDDCore

/// Converts validated JSON number text to `Double` without going through `String`.
///
/// Request numbers are short decimals (`0.9`, `0.25`, `12`): for those, Clinger's fast path (an exact
/// integer mantissa below 2^53 scaled by an exact power of ten up to 10^22) gives the correctly rounded
/// result with one multiplication or division. Anything else falls back to the standard library's parser.
enum JSONNumber {
    /// 10^n, exactly, for n ≤ 22: each product is exact (10^k < 2^53 · 2^k for k ≤ 22), so the loop is too.
    /// Request numbers scale by one or two powers, and the loop costs less than reading a table from a global
    /// (its one-time initialisation check and bounds check come first).
    @inline(__always)
    static func exactPowerOfTen(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    /// Parses `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (already validated by ``JSONReader``).
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double {
        var i = 0
        let negative = b.count > 0 && b[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        while i < b.count, b[i] &- 48 < 10 {
            accumulate(b[i], &mantissa, &significant, &exponent, fraction: false)
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] &- 48 < 10 {
                accumulate(b[i], &mantissa, &significant, &exponent, fraction: true)
                i += 1
            }
        }
        var written = 0
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                expNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            while i < b.count, b[i] &- 48 < 10 {
                if written < 100_000 { written = written * 10 + Int(b[i] &- 48) }
                i += 1
            }
            if expNegative { written = -written }
        }
        exponent += written
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if significant <= 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * exactPowerOfTen(exponent) : m / exactPowerOfTen(-exponent)
            return negative ? -v : v
        }
        let text = String(decoding: b, as: UTF8.self)
        if let v = Double(text) { return v }
        // The standard library returns nil for values it cannot represent: decide by the decimal exponent.
        let magnitude = exponent + significant > 0 ? Double.infinity : 0
        return negative ? -magnitude : magnitude
    }

    /// Adds one digit; digits beyond 19 significant ones are dropped (the fallback parser then decides).
    @inline(__always)
    static func accumulate(
        _ c: UInt8, _ mantissa: inout UInt64, _ significant: inout Int, _ exponent: inout Int, fraction: Bool
    ) {
        let d = UInt64(c &- 48)
        if mantissa == 0 && d == 0 {
            if fraction { exponent -= 1 }
            return
        }
        if significant < 19 {
            // Cannot overflow: below 19 digits the mantissa is under 10^18, so this stays under 10^19 < 2^64.
            mantissa = mantissa &* 10 &+ d
            significant &+= 1
            if fraction { exponent &-= 1 }
        } else {
            significant += 1
            if !fraction { exponent += 1 }
        }
    }
}
