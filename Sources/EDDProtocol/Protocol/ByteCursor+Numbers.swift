import EDDCore

/// JSON numbers written through a cursor, and how many bytes each may take.
///
/// The rules are ``JSONWriter``'s (see there); digits are produced two at a time from a table, and rounding
/// and range checks use integer conversions instead of libm calls.
extension ByteCursor {
    /// The most bytes a number takes: ``number(_:)``'s fallback, Swift's shortest round-trip text, is at most
    /// 24 (`-2.2250738585072014e-308`); fixed-point text at most 18 (`-`, 16 digits below 2^53 and the point).
    static var maxNumberBytes: Int { 32 }

    /// The most bytes ``integer(_:)`` takes (`-9223372036854775808`).
    static var maxIntegerBytes: Int { 20 }

    /// Writes a decimal integer.
    mutating func integer(_ value: Int) {
        if value < 0 { write(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    /// Writes `value` rounded half away from zero to at most `decimals` (0…9) decimals, trailing zeros trimmed.
    mutating func number(_ value: Double, decimals: Int) {
        guard value.isFinite else { return null() }
        let places = max(0, min(decimals, 9))
        guard let scaled = Self.roundedProduct(value, Self.powerOfTen(places)) else { return number(value) }
        fixed(scaled, places: places)
    }

    /// Writes a probability: at most four decimals.
    @inline(__always)
    mutating func probability(_ value: Double) {
        number(value, decimals: 4)
    }

    /// Writes the shortest decimal that reads back as `value`; `null` if not finite.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        // Most values the service writes have few decimals: find the fewest that round-trip, exactly. Dividing
        // two integers below 2^53 is correctly rounded, so the quotient is what a reader makes of the text.
        var scale = 1.0
        for places in 0...6 {
            guard let scaled = Self.roundedProduct(value, scale) else { break }
            if Double(scaled) / scale == value { return fixed(scaled, places: places) }
            scale *= 10  // Exact up to 10^22.
        }
        // Swift's description is the shortest round-trip form and is valid JSON once `.0` is dropped.
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { write($0) }
    }

    /// `value × scale` rounded half away from zero, or nil when that is 2^53 or more in magnitude.
    ///
    /// The same as `(value * scale).rounded()` followed by a range check, without the call to libm's
    /// `round` (x86-64's baseline has no rounding instruction).
    @inline(__always)
    static func roundedProduct(_ value: Double, _ scale: Double) -> Int? {
        let product = value * scale
        guard product.magnitude < 9_007_199_254_740_992 else { return nil }
        var rounded = Int(product)  // Toward zero.
        // Exact: both are below 2^53 and within one of each other (Sterbenz), or the integer part is zero.
        let fraction = product - Double(rounded)
        if fraction >= 0.5 {
            rounded += 1
        } else if fraction <= -0.5 {
            rounded -= 1
        }
        return rounded.magnitude < 9_007_199_254_740_992 ? rounded : nil
    }

    /// Writes `scaled / 10^places` with trailing fractional zeros removed; `-0` is written as `0`.
    mutating func fixed(_ scaled: Int, places: Int) {
        if scaled < 0 { write(UInt8(ascii: "-")) }
        var magnitude = scaled.magnitude
        var places = magnitude == 0 ? 0 : places
        while places > 0 && magnitude % 10 == 0 {
            magnitude /= 10
            places -= 1
        }
        let digits = Self.decimalDigitCount(magnitude)
        guard places > 0 else { return unsigned(magnitude, digits: digits) }
        guard digits > places else {
            write("0.")
            write(repeating: UInt8(ascii: "0"), count: places - digits)
            return unsigned(magnitude, digits: digits)
        }
        // The fraction's digits from the right, the point before them, then the integer part in front.
        reserve(digits + 1)
        var end = position + digits + 1
        for _ in 0..<places {
            end -= 1
            end.initialize(to: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        }
        (end - 1).initialize(to: UInt8(ascii: "."))
        unsigned(magnitude, digits: digits - places)
        position += places + 1
    }

    /// Writes the decimal digits of `value`.
    @inline(__always)
    mutating func unsigned(_ value: UInt) {
        unsigned(value, digits: Self.decimalDigitCount(value))
    }

    /// Writes the `digits` decimal digits of `value`, two at a time from the right.
    mutating func unsigned(_ value: UInt, digits: Int) {
        reserve(digits)
        var v = value
        var end = position + digits
        while v >= 100 {
            end -= 2
            Self.storeTwoDigits(Int(v % 100), at: end)
            v /= 100
        }
        if v >= 10 {
            Self.storeTwoDigits(Int(v), at: end - 2)
        } else {
            (end - 1).initialize(to: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v))
        }
        position += digits
    }

    /// 10^`n` for `n` in 0…9 (callers clamp it), from a constant table (no lazily initialized global on the way).
    @inline(__always)
    static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        default: 1_000_000_000
        }
    }

    /// How many decimal digits `value` has (1 for 0).
    @inline(__always)
    static func decimalDigitCount(_ value: UInt) -> Int {
        var count = 1
        var bound: UInt = 10
        while count < 20 && value >= bound {
            count += 1
            bound &*= 10  // Wraps only once count is 20, when it is no longer read.
        }
        return count
    }

    /// Stores the two digits of `value` (0…99) at `target`.
    @inline(__always)
    static func storeTwoDigits(_ value: Int, at target: UnsafeMutablePointer<UInt8>) {
        target.initialize(from: digitPairs.utf8Start + 2 &* value, count: 2)
    }

    /// `00`, `01`, … `99`: a table lookup gives two digits for one division.
    @inline(__always)
    static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    }
}
