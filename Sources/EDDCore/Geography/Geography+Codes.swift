extension Geography {
    /// Common non-ISO spellings of the countries the project meets most.
    private static let countryAliases: [String: String] = ["USA": "US", "BRA": "BR", "UK": "GB"]

    /// A country code trimmed and upper-cased (`us` → `US`), with a few aliases (`USA`, `BRA`, `UK`).
    static func normalizedCountry(_ text: String) -> String {
        let code = upperCode(text) ?? ""
        if code.utf8.count == 2 { return code }
        return countryAliases[code] ?? code
    }

    /// A region code trimmed and upper-cased, without a leading `<country>-` (`US-CA` → `CA`); nil if empty.
    static func normalizedRegion(_ text: String, country: String) -> String? {
        guard let code = upperCode(text) else { return nil }
        let bytes = code.utf8
        let countryBytes = country.utf8
        if !countryBytes.isEmpty, bytes.count > countryBytes.count + 1, bytes.starts(with: countryBytes),
            bytes[bytes.index(bytes.startIndex, offsetBy: countryBytes.count)] == UInt8(ascii: "-")
        {
            return String(code.utf8.dropFirst(countryBytes.count + 1))
        }
        return code
    }

    /// ASCII-upper-cased text without surrounding spaces or tabs; nil when nothing is left.
    ///
    /// Returns the string itself, without copying, when it is already clean (the common case).
    static func upperCode(_ text: String) -> String? {
        let bytes = text.utf8
        var first = bytes.startIndex
        var end = bytes.endIndex
        while first < end && isBlank(bytes[first]) { first = bytes.index(after: first) }
        while end > first && isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if first == end { return nil }
        let core = bytes[first..<end]
        let hasLower = core.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        if !hasLower && first == bytes.startIndex && end == bytes.endIndex { return text }
        return String(unsafeUninitializedCapacity: core.count) { buffer in
            var i = 0
            for b in core {
                buffer[i] = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b
                i += 1
            }
            return i
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
    }
}
