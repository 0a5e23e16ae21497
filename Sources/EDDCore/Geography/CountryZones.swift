/// Default time zones of common countries, and province/state zones where a country spans several and
/// the region code is easy to get (Canada, Australia, Mexico).
///
/// A country with several zones gets the zone of its largest population centre, which is right for most
/// parcels and never worse than UTC.
enum CountryZones {
    /// ISO 3166-1 alpha-2 → IANA zone of the main population centre.
    static let countryZone: [String: String] = [
        "US": "America/New_York", "BR": "America/Sao_Paulo", "CA": "America/Toronto", "MX": "America/Mexico_City",
        "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "CO": "America/Bogota",
        "PE": "America/Lima", "UY": "America/Montevideo", "PY": "America/Asuncion", "GB": "Europe/London",
        "IE": "Europe/Dublin", "PT": "Europe/Lisbon", "ES": "Europe/Madrid", "FR": "Europe/Paris",
        "BE": "Europe/Brussels", "NL": "Europe/Amsterdam", "LU": "Europe/Luxembourg", "DE": "Europe/Berlin",
        "CH": "Europe/Zurich", "AT": "Europe/Vienna", "IT": "Europe/Rome", "DK": "Europe/Copenhagen",
        "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "FI": "Europe/Helsinki", "PL": "Europe/Warsaw",
        "CZ": "Europe/Prague", "HU": "Europe/Budapest", "RO": "Europe/Bucharest", "GR": "Europe/Athens",
        "TR": "Europe/Istanbul", "UA": "Europe/Kyiv", "RU": "Europe/Moscow", "IL": "Asia/Jerusalem",
        "AE": "Asia/Dubai", "SA": "Asia/Riyadh", "EG": "Africa/Cairo", "ZA": "Africa/Johannesburg",
        "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "IN": "Asia/Kolkata", "PK": "Asia/Karachi",
        "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo",
        "KR": "Asia/Seoul", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "TH": "Asia/Bangkok",
        "VN": "Asia/Ho_Chi_Minh", "PH": "Asia/Manila", "ID": "Asia/Jakarta", "AU": "Australia/Sydney",
        "NZ": "Pacific/Auckland",
    ]

    /// Province, state or territory → zone, for countries that span several zones.
    static let regionZone: [String: [String: String]] = [
        "CA": [
            "NL": "America/St_Johns", "NS": "America/Halifax", "PE": "America/Halifax", "NB": "America/Moncton",
            "QC": "America/Toronto", "ON": "America/Toronto", "MB": "America/Winnipeg", "SK": "America/Regina",
            "AB": "America/Edmonton", "BC": "America/Vancouver", "YT": "America/Whitehorse",
            "NT": "America/Yellowknife", "NU": "America/Iqaluit",
        ],
        "AU": [
            "NSW": "Australia/Sydney", "ACT": "Australia/Sydney", "VIC": "Australia/Melbourne",
            "QLD": "Australia/Brisbane", "SA": "Australia/Adelaide", "WA": "Australia/Perth",
            "TAS": "Australia/Hobart", "NT": "Australia/Darwin",
        ],
        "MX": [
            "BCN": "America/Tijuana", "BC": "America/Tijuana", "BCS": "America/Mazatlan", "SON": "America/Hermosillo",
            "SIN": "America/Mazatlan", "NAY": "America/Mazatlan", "CHH": "America/Chihuahua",
            "ROO": "America/Cancun",
        ],
    ]

    /// Canadian province from the first letter of a postal code (the letter names the province).
    static func canadianProvince(firstLetter b: UInt8) -> String? {
        switch b {
        case UInt8(ascii: "A"): return "NL"
        case UInt8(ascii: "B"): return "NS"
        case UInt8(ascii: "C"): return "PE"
        case UInt8(ascii: "E"): return "NB"
        case UInt8(ascii: "G"), UInt8(ascii: "H"), UInt8(ascii: "J"): return "QC"
        case UInt8(ascii: "K"), UInt8(ascii: "L"), UInt8(ascii: "M"), UInt8(ascii: "N"), UInt8(ascii: "P"): return "ON"
        case UInt8(ascii: "R"): return "MB"
        case UInt8(ascii: "S"): return "SK"
        case UInt8(ascii: "T"): return "AB"
        case UInt8(ascii: "V"): return "BC"
        case UInt8(ascii: "Y"): return "YT"
        default: return nil  // X is shared by NT and NU; others are not used.
        }
    }

    /// Australian state from a four-digit postcode.
    static func australianState(postcode p: Int) -> String? {
        switch p {
        case 200...299, 2600...2618, 2900...2920: return "ACT"
        case 800...999: return "NT"
        case 1000...2999: return "NSW"
        case 3000...3999, 8000...8999: return "VIC"
        case 4000...4999, 9000...9999: return "QLD"
        case 5000...5999: return "SA"
        case 6000...6999: return "WA"
        case 7000...7999: return "TAS"
        default: return nil
        }
    }
}
