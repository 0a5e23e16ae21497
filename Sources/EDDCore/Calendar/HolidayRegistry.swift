/// The holiday calendars known by code: an ISO 3166-1 country (`DE`) or an ISO 3166-2 subdivision
/// (`DE-BY`, `GB-SCT`, `CA-QC`, `AU-NSW`), as named in a calendars file and stored in the model.
///
/// A country code gives the days off the whole country keeps; a subdivision code adds that region's own.
public enum HolidayRegistry {
    /// Every country with built-in rules.
    public static let countries: [String] = [
        "AT", "AU", "BE", "BR", "CA", "CH", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "JP", "LU", "MX",
        "NL", "NO", "NZ", "PL", "PT", "SE", "US",
    ]

    /// The subdivisions with their own rules, by country (other subdivisions of a country are unknown codes).
    public static let regions: [String: Set<String>] = [
        "AU": HolidayRules.australianRegions,
        "CA": HolidayRules.canadianRegions,
        "CH": Set(HolidayRules.swissCantonDays.keys),
        "DE": HolidayRules.germanLänder,
        "FR": ["57", "67", "68", "6AE"],
        "GB": ["ENG", "WLS", "EAW", "SCT", "NIR"],
    ]

    /// A calendar code split into country and region, upper-cased (`de-by` → `DE`, `BY`; `UK` → `GB`), or
    /// nil when the country or the region has no rules here.
    public static func parse(_ code: String) -> (country: String, region: String?)? {
        let parts = code.uppercased().split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        let country = first == "UK" ? "GB" : String(first).trimmingBlanks
        guard countries.contains(country) else { return nil }
        guard parts.count == 2 else { return (country, nil) }
        let region = String(parts[1]).trimmingBlanks
        guard regions[country]?.contains(region) == true else { return nil }
        return (country, region)
    }

    /// Whether a calendar code names built-in rules.
    public static func isKnown(_ code: String) -> Bool { parse(code) != nil }

    /// The holidays of a calendar code in a year, in date order (a day once even when two holidays fall on
    /// it); none for an unknown code.
    public static func holidays(code: String, year: Int) -> [Holiday] {
        guard let (country, region) = parse(code) else { return [] }
        let all: [Holiday]
        switch country {
        case "US": all = HolidayRules.usFederal(year: year)
        case "BR": all = HolidayRules.brazilNational(year: year)
        case "GB": all = HolidayRules.unitedKingdom(year, region: region == "EAW" ? "ENG" : region)
        case "IE": all = HolidayRules.ireland(year)
        case "DE": all = HolidayRules.germany(year, region: region)
        case "FR": all = HolidayRules.france(year, region: region)
        case "NL": all = HolidayRules.netherlands(year)
        case "BE": all = HolidayRules.belgium(year)
        case "LU": all = HolidayRules.luxembourg(year)
        case "AT": all = HolidayRules.austria(year)
        case "CH": all = HolidayRules.switzerland(year, region: region)
        case "IT": all = HolidayRules.italy(year)
        case "ES": all = HolidayRules.spain(year)
        case "PT": all = HolidayRules.portugal(year)
        case "PL": all = HolidayRules.poland(year)
        case "CZ": all = HolidayRules.czechia(year)
        case "DK": all = HolidayRules.denmark(year)
        case "SE": all = HolidayRules.sweden(year)
        case "NO": all = HolidayRules.norway(year)
        case "FI": all = HolidayRules.finland(year)
        case "CA": all = HolidayRules.canada(year, region: region)
        case "MX": all = HolidayRules.mexico(year)
        case "AU": all = HolidayRules.australia(year, region: region)
        case "NZ": all = HolidayRules.newZealand(year)
        case "JP": all = HolidayRules.japan(year)
        default: all = []
        }
        var seen = Set<CivilDate>()
        return all.sorted { $0.date < $1.date }.filter { seen.insert($0.date).inserted }
    }

    /// The code of the regional calendar for a place, when its country's rules have one for its region
    /// (`DE` and region `BY` → `DE-BY`; a British postcode area gives its nation, `EH` → `GB-SCT`, and any
    /// other area England, `SW` → `GB-ENG`, whose Easter Monday and summer bank holiday the national rules
    /// lack); nil otherwise.
    public static func regionalCode(country: String, region: String?) -> String? {
        guard let region else { return nil }
        if country == "GB", let nation = britishNation[region] { return "GB-" + nation }
        if country == "GB", (1...2).contains(region.utf8.count), region.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
            return "GB-ENG"
        }
        guard regions[country]?.contains(region) == true else { return nil }
        return country + "-" + region
    }

    /// Postcode areas outside England: Scotland's, Northern Ireland's and Wales's (areas straddling a
    /// border, such as TD and SY, go with the nation most of their addresses are in).
    static let britishNation: [String: String] = [
        "AB": "SCT", "DD": "SCT", "DG": "SCT", "EH": "SCT", "FK": "SCT", "G": "SCT", "HS": "SCT", "IV": "SCT",
        "KA": "SCT", "KW": "SCT", "KY": "SCT", "ML": "SCT", "PA": "SCT", "PH": "SCT", "TD": "SCT", "ZE": "SCT",
        "BT": "NIR", "CF": "WLS", "LD": "WLS", "LL": "WLS", "NP": "WLS", "SA": "WLS",
    ]
}

extension String {
    fileprivate var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
