/// JSON primitives written through a cursor, and how many bytes each may take.
///
/// These are ``JSONWriter``'s primitives with the same rules (see there); the encoders reserve room with
/// the `max…Bytes` bounds below, then write a whole response without further checks.
extension ByteCursor {
    /// The most bytes a number takes: ``number(_:)``'s fallback, Swift's shortest round-trip text, is at most
    /// 24 (`-2.2250738585072014e-308`); fixed-point text at most 19 (16 digits below 2^53, `-`, `0.`).
    static var maxNumberBytes: Int { 32 }

    /// The most bytes ``date(_:)`` takes: a day number (`Int32`) is within ±5,880,000 years, so its
    /// description has at most 14 characters, plus quotes.
    static var maxDateBytes: Int { 16 }

    /// The most bytes ``integer(_:)`` takes (`-9223372036854775808`).
    static var maxIntegerBytes: Int { 20 }

    /// The most bytes ``string(_:)`` takes for `text`: every byte may become a six-byte `\u00XX`, plus quotes.
    static func maxStringBytes(_ text: String) -> Int {
        2 + 6 * text.utf8.count
    }

    /// Writes a quoted, escaped string (`"`, `\`, and control characters escaped; everything else as UTF-8).
    mutating func string(_ text: String) {
        write(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (k, c) in utf8.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                write(UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                escape(c)
                runStart = k + 1
            }
            write(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        write(UInt8(ascii: "\""))
    }

    /// Writes the escape sequence of a byte that needs one.
    mutating func escape(_ c: UInt8) {
        write(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): write(c)
        case 0x08: write(UInt8(ascii: "b"))
        case 0x0C: write(UInt8(ascii: "f"))
        case 0x0A: write(UInt8(ascii: "n"))
        case 0x0D: write(UInt8(ascii: "r"))
        case 0x09: write(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            write("u00")
            write(hex.utf8Start[Int(c >> 4)])
            write(hex.utf8Start[Int(c & 15)])
        }
    }

    /// Writes `true` or `false`.
    @inline(__always)
    mutating func bool(_ value: Bool) {
        if value { write("true") } else { write("false") }
    }

    /// Writes `null`.
    @inline(__always)
    mutating func null() {
        write("null")
    }

    /// Writes a decimal integer.
    mutating func integer(_ value: Int) {
        if value < 0 { write(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    /// Writes `value` rounded half away from zero to at most `decimals` (0…9) decimals, trailing zeros trimmed.
    mutating func number(_ value: Double, decimals: Int) {
        guard value.isFinite else { return null() }
        let places = max(0, min(decimals, 9))
        guard let scaled = Self.roundedProduct(value, JSONNumber.powersOfTen[places]) else { return number(value) }
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
        guard places > 0 else { return unsigned(magnitude) }
        let digits = Self.decimalDigitCount(magnitude)
        if digits > places {
            unsigned(magnitude)
            insert(UInt8(ascii: "."), beforeLast: places)
        } else {
            write("0.")
            write(repeating: UInt8(ascii: "0"), count: places - digits)
            unsigned(magnitude)
        }
    }

    /// Writes the decimal digits of `value`, two at a time from the right.
    mutating func unsigned(_ value: UInt) {
        let count = Self.decimalDigitCount(value)
        var v = value
        var end = position + count
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
        position += count
    }

    /// Writes a date as a JSON string, `"YYYY-MM-DD"`; years beyond four digits as the date's description.
    mutating func date(_ date: CivilDate) {
        guard let (year, month, day) = date.fourDigitYearComponents else { return string(date.description) }
        write(UInt8(ascii: "\""))
        Self.storeTwoDigits(year / 100, at: position)
        Self.storeTwoDigits(year % 100, at: position + 2)
        position[4] = UInt8(ascii: "-")
        Self.storeTwoDigits(month, at: position + 5)
        position[7] = UInt8(ascii: "-")
        Self.storeTwoDigits(day, at: position + 8)
        position[10] = UInt8(ascii: "\"")
        position += 11
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
