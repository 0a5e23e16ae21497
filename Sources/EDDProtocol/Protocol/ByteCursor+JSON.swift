import EDDCore

/// JSON strings, literals and dates written through a cursor, and how many bytes each may take.
///
/// These are ``JSONWriter``'s primitives with the same rules (see there); the encoders reserve room with
/// the `max…Bytes` bounds, then write a whole response without further checks. Numbers are in
/// ByteCursor+Numbers.swift.
extension ByteCursor {
    /// The most bytes ``date(_:)`` takes: a day number (`Int32`) is within ±5,880,000 years, so its
    /// description has at most 14 characters, plus quotes.
    static var maxDateBytes: Int { 16 }

    /// The most bytes ``string(_:)`` takes for `text`: every byte may become a six-byte `\u00XX`, plus quotes.
    static func maxStringBytes(_ text: String) -> Int {
        2 + 6 * text.utf8.count
    }

    /// Writes a quoted, escaped string (`"`, `\`, and control characters escaped; everything else as UTF-8).
    mutating func string(_ text: String) {
        write(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var text = text  // Not stored as UTF-8 (a bridged string): `withUTF8` converts it.
            text.withUTF8 { escaped($0) }
        }
        write(UInt8(ascii: "\""))
    }

    /// Writes UTF-8 text with `"`, `\` and control characters escaped, copying runs that need no escape whole.
    mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Nearly every string the service writes needs no escape: check eight bytes at a time, copy it whole.
        guard Self.anyByteNeedsEscape(utf8) else { return write(utf8) }
        var runStart = 0
        for (k, c) in utf8.enumerated() where Self.needsEscape(c) {
            write(UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
            escape(c)
            runStart = k + 1
        }
        write(UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    /// Whether a byte must be escaped in a JSON string: a control character, `"` or `\`.
    @inline(__always)
    static func needsEscape(_ c: UInt8) -> Bool {
        c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\")
    }

    /// Whether any byte of `utf8` must be escaped, eight bytes at a time and then one at a time.
    @inline(__always)
    static func anyByteNeedsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        var k = 0
        while k + 8 <= utf8.count {
            if anyByteNeedsEscape(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) { return true }
            k += 8
        }
        while k < utf8.count {
            if needsEscape(base[k]) { return true }
            k += 1
        }
        return false
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\`.
    ///
    /// The classic tests from "Bit Twiddling Hacks": `(x - 0x01…01) & ~x & 0x80…80` is non-zero exactly when
    /// a byte of `x` is zero (a borrow can only set flags above a byte that is zero), and with 0x20 in place
    /// of 0x01 when a byte is below 0x20. Bytes from 0x80 (UTF-8 beyond ASCII) are masked off by `~x`.
    @inline(__always)
    static func anyByteNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- 0x20 &* ones) & ~word
        let quote = word ^ (0x22 &* ones)
        let backslash = word ^ (0x5C &* ones)
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & high != 0
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

    /// Writes a date as a JSON string, `"YYYY-MM-DD"`; years beyond four digits as the date's description.
    mutating func date(_ date: CivilDate) {
        guard let (year, month, day) = date.fourDigitYearComponents else { return string(date.description) }
        write(UInt8(ascii: "\""))
        reserve(10)
        Self.storeTwoDigits(year / 100, at: position)
        Self.storeTwoDigits(year % 100, at: position + 2)
        position[4] = UInt8(ascii: "-")
        Self.storeTwoDigits(month, at: position + 5)
        position[7] = UInt8(ascii: "-")
        Self.storeTwoDigits(day, at: position + 8)
        position[10] = UInt8(ascii: "\"")
        position += 11
    }
}
