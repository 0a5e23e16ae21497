/// The natural areas of the postal codes of countries beyond the US and Brazil, for the lane hierarchy.
///
/// Each country's code is cut where its postal network routes: the outward code in Great Britain (`SW1A`,
/// with the postcode area `SW` as the region), the Leitregion in Germany (`10`, the first two digits, with
/// the Land the region falls mostly in), the four-digit area in the Netherlands (`1012`), the first three
/// digits in France with the département as the region (`75`, `2A`, `971`), the forward sortation area
/// in Canada (`K1A`), three digits and the prefecture in Japan (`100`, `13`), three digits and the province
/// in Spain (`280`, `28`), the postal district in Poland (`00`) and the CP4 in Portugal (`1000`). Codes are read whatever their case and spacing. A code that does not fit its
/// country's format gives nil, and the caller keeps its generic reading.
enum PostalAreas {
    /// The lane prefix and region of a postal code, or nil when the country has no table here or the code
    /// does not fit its format.
    ///
    /// - Parameters:
    ///   - postal: The postal code as given.
    ///   - country: The normalised country code.
    ///   - given: The region as given, normalised; it wins where the postal code names the region only
    ///     approximately (Germany).
    static func area(_ postal: String, country: String, given: String?) -> (prefix: String, region: String?)? {
        switch country {
        case "GB": return britishArea(postal)
        case "DE": return germanArea(postal, given: given)
        case "NL": return dutchArea(postal)
        case "FR": return frenchArea(postal)
        case "CA": return canadianArea(postal)
        case "JP": return japaneseArea(postal)
        case "ES": return spanishArea(postal)
        case "PL": return polishArea(postal)
        case "PT": return portugueseArea(postal)
        default: return nil
        }
    }

    /// Letters and digits upper-cased, anything else dropped; nil past `limit` characters.
    static func compact(_ postal: String, limit: Int = 10) -> [UInt8]? {
        var out: [UInt8] = []
        for b in postal.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(b)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(b - 32)
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"): continue
            default: return nil
            }
            if out.count > limit { return nil }
        }
        return out.isEmpty ? nil : out
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isLetter(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }

    /// A UK postcode (`SW1A 1AA`, `sw1a1aa`, `M1 1AE`) or outward code alone (`SW1A`): the outward code and
    /// its area. The outward code is one or two letters, a digit, then an optional digit or letter; the
    /// inward code a digit and two letters (BS 7666).
    static func britishArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard var c = compact(postal, limit: 7) else { return nil }
        if c.count >= 5, isDigit(c[c.count - 3]), isLetter(c[c.count - 2]), isLetter(c[c.count - 1]) {
            c.removeLast(3)
        }
        guard (2...4).contains(c.count), isLetter(c[0]) else { return nil }
        let letters = isLetter(c[1]) ? 2 : 1
        guard c.count > letters, isDigit(c[letters]) else { return nil }
        for b in c[(letters + 1)...] where !(isDigit(b) || isLetter(b)) { return nil }
        guard c.count - letters <= 2 else { return nil }
        return (String(decoding: c, as: UTF8.self), String(decoding: c[..<letters], as: UTF8.self))
    }

    /// A German Postleitzahl (five digits; four when the leading zero was lost, `1067` → `01067`): the
    /// Leitregion (first two digits) and the given Land, else the Land most of the Leitregion lies in.
    static func germanArea(_ postal: String, given: String?) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 5 || count == 4 else { return nil }
        let leitregion = value / 1000
        let land = given ?? germanLand(leitregion: leitregion)
        return (Geography.threeDigits[leitregion].dropFirst().description, land)
    }

    /// The Land most of a Leitregion lies in (Deutsche Post's Leitregionen cross some borders: a parcel's
    /// given region is preferred).
    static func germanLand(leitregion r: Int) -> String? {
        switch r {
        case 1, 2, 4, 8, 9: return "SN"
        case 3, 14, 15, 16: return "BB"
        case 6, 39: return "ST"
        case 7, 98, 99: return "TH"
        case 10, 12, 13: return "BE"
        case 17, 18, 19: return "MV"
        case 20, 22: return "HH"
        case 21, 26, 27, 29, 30, 31, 37, 38, 49: return "NI"
        case 23, 24, 25: return "SH"
        case 28: return "HB"
        case 32, 33, 40...48, 50...53, 57, 58, 59: return "NW"
        case 34, 35, 36, 60, 61, 63, 64, 65: return "HE"
        case 54, 55, 56, 67: return "RP"
        case 66: return "SL"
        case 68, 69, 70...79, 88: return "BW"
        case 80...87, 89, 90...97: return "BY"
        default: return nil
        }
    }

    /// A Dutch postcode (`1012 AB`, `1012ab`, or the four digits alone): the four-digit area.
    static func dutchArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let c = compact(postal, limit: 6), c.count == 4 || c.count == 6, c[0] != UInt8(ascii: "0"),
            c[..<4].allSatisfy(isDigit), c[4...].allSatisfy(isLetter)
        else { return nil }
        return (String(decoding: c[..<4], as: UTF8.self), nil)
    }

    /// A French code postal (five digits; four when the leading zero was lost): the first three digits and
    /// the département (`75`; Corsica `2A` below 20200, else `2B`; overseas `971`…`976`).
    static func frenchArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 5 || count == 4, value >= 1000 else {
            return nil
        }
        let department: String
        switch value / 1000 {
        case 20: department = value < 20200 ? "2A" : "2B"
        case 97, 98: department = Geography.threeDigits[value / 100]
        default: department = Geography.threeDigits[value / 1000].dropFirst().description
        }
        return (Geography.threeDigits[value / 100], department)
    }

    /// A Canadian postal code (`K1A 0B1`, `k1a0b1`, or the FSA alone): the forward sortation area (letter,
    /// digit, letter) and the province its first letter names.
    static func canadianArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let c = compact(postal, limit: 6), c.count == 3 || c.count == 6, isLetter(c[0]), isDigit(c[1]),
            isLetter(c[2])
        else { return nil }
        if c.count == 6 { guard isDigit(c[3]), isLetter(c[4]), isDigit(c[5]) else { return nil } }
        return (String(decoding: c[..<3], as: UTF8.self), CountryZones.canadianProvince(firstLetter: c[0]))
    }
}
