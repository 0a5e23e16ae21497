/// Turns a place as given (country, postal code, maybe a region) into the groups the model learns by,
/// and finds its time zone.
///
/// Called for every request, so it works on the bytes of the postal code with static lookup tables: no
/// regular expressions, no Foundation string calls, and no heap allocation beyond what the result's
/// strings need (table entries and short strings are stored inline).
public enum Geography {
    /// Resolves a place to country, region, 3-character postal prefix and time zone.
    ///
    /// - US: a ZIP (`94107`), ZIP+4 (`94107-1234`) or prefix (`941`) gives the state and its zone, with
    ///   the split states' other zones by prefix (El Paso, the Florida panhandle…). Four digits are read
    ///   as a ZIP whose leading zero was lost (`2134` → `02134`).
    /// - BR: a CEP (`01310-100`), a 5-digit prefix (`01310`) or a 3-digit one (`013`) gives the state and
    ///   its zone. Four (or seven) digits are read as having lost a leading zero, as in the Olist data
    ///   (`1310` → `01310`).
    /// - GB, DE, NL, FR, CA, JP, ES, PL, PT: the country's natural postal area and the region it names
    ///   (``PostalAreas``: outward code and area, Leitregion and Land, four-digit area, département, FSA and
    ///   province, prefecture, province).
    /// - Elsewhere, and for a code that does not fit its country's format: the prefix is the first three
    ///   letters or digits, upper-cased; Canadian and Australian postal codes also give the province or
    ///   state; the zone comes from the region when the country spans several, else from the country.
    ///
    /// A given region is upper-cased (`sp` → `SP`, `US-CA` → `CA`) and used when the postal code does not
    /// decide it; when both are known and disagree, the postal code wins. For US and BR a given region
    /// that is not a state code is dropped, so that free text never splits the model's groups. Nothing
    /// here fails: what cannot be derived is nil, and an unknown country's zone is UTC.
    ///
    /// - Parameter place: The place as given.
    /// - Returns: The resolved place.
    public static func resolve(_ place: Place) -> ResolvedPlace {
        let country = normalizedCountry(place.country)
        let given = place.region.flatMap { normalizedRegion($0, country: country) }
        let originID = place.id.flatMap { $0.isEmpty ? nil : $0 }
        var region: String? = nil
        var prefix: String? = nil
        var zone: String? = nil
        switch country {
        case "US":
            if let zip3 = numericPrefix(place.postal, lengths: (3, 5, 9), lostZero: (4, 8)),
                let hit = USPostal.lookup(zip3: zip3)
            {
                (region, zone, prefix) = (hit.region, hit.zone, threeDigits[zip3])
            } else if let given, let stateZone = USPostal.zone(region: given) {
                (region, zone) = (given, stateZone)
            }
        case "BR":
            if let p3 = numericPrefix(place.postal, lengths: (3, 5, 8), lostZero: (4, 7)),
                let hit = BrazilPostal.lookup(prefix: p3)
            {
                (region, zone, prefix) = (hit.region, hit.zone, threeDigits[p3])
            } else if let given, let stateZone = BrazilPostal.zone(region: given) {
                (region, zone) = (given, stateZone)
            }
        default:
            if let area = PostalAreas.area(place.postal, country: country, given: given) {
                (prefix, region) = (area.prefix, area.region ?? given)
            } else {
                prefix = alphanumericPrefix(place.postal)
                region = postalRegion(place.postal, country: country) ?? given
            }
            if let region { zone = CountryZones.regionZone[country]?[region] }
        }
        return ResolvedPlace(
            country: country, region: region, postalPrefix: prefix,
            zoneIdentifier: zone ?? CountryZones.countryZone[country] ?? "UTC", originID: originID)
    }

    /// The time-zone rules of a resolved place; UTC when the identifier is unknown to the system.
    ///
    /// `ZoneRules.named` caches each zone, so only the first call per zone builds its table.
    public static func zone(for place: ResolvedPlace) -> ZoneRules {
        if place.zoneIdentifier == "UTC" { return .utc }
        return knownZones[place.zoneIdentifier] ?? ZoneRules.named(place.zoneIdentifier) ?? .utc
    }

    /// State code → position in a table of states (shared by the US and Brazilian tables).
    static func indexByCode(_ states: [(code: String, zone: String)]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1.code, $0) })
    }

    /// Every zone the tables can name, built once: a lookup is then a plain dictionary read, with no lock,
    /// on the request path of every daemon worker.
    static let knownZones: [String: ZoneRules] = {
        var ids = Set(USPostal.states.map(\.zone) + BrazilPostal.states.map(\.zone) + CountryZones.countryZone.values)
        ids.formUnion(USPostal.zoneOfZIP3.compactMap { $0 })
        for regions in CountryZones.regionZone.values { ids.formUnion(regions.values) }
        var out: [String: ZoneRules] = [:]
        for id in ids { if let z = ZoneRules.named(id) { out[id] = z } }
        return out
    }()

    // MARK: - Postal codes

    /// `"000"` … `"999"`, so a numeric prefix becomes a string without formatting or allocating.
    static let threeDigits: [String] = (0..<1000).map { n in
        let d = [n / 100, n / 10 % 10, n % 10].map { Character(Unicode.Scalar(UInt8(48 + $0))) }
        return String(d)
    }

    /// The value and digit count of an all-digit postal code (`-`, `.` and spaces ignored); nil when it
    /// holds anything else, no digit, or more than nine digits.
    static func digits(_ postal: String) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        for b in postal.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                count += 1
                if count > 9 { return nil }
                value = value * 10 + Int(b &- UInt8(ascii: "0"))
            case UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "\t"):
                continue
            default:
                return nil
            }
        }
        return count > 0 ? (value, count) : nil
    }

    /// The first three digits of an all-digit postal code whose digit count is one of `lengths`; a count
    /// in `lostZero` is read with its leading zero put back (`1310` → `01310` → 13). Nil otherwise.
    static func numericPrefix(_ postal: String, lengths: (Int, Int, Int), lostZero: (Int, Int)) -> Int? {
        guard var (value, count) = digits(postal) else { return nil }
        if count == lostZero.0 || count == lostZero.1 { count += 1 }
        guard count == lengths.0 || count == lengths.1 || count == lengths.2 else { return nil }
        for _ in 0..<(count - 3) { value /= 10 }
        return value
    }

    /// The first three letters or digits of a postal code, upper-cased (`sw1a 1aa` → `SW1`); nil if none.
    static func alphanumericPrefix(_ postal: String) -> String? {
        var bytes: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var count = 0
        for b in postal.utf8 where count < 3 {
            guard let c = upperAlphanumeric(b) else { continue }
            switch count {
            case 0: bytes.0 = c
            case 1: bytes.1 = c
            default: bytes.2 = c
            }
            count += 1
        }
        guard count > 0 else { return nil }
        return withUnsafeBytes(of: bytes) { String(decoding: $0.prefix(count), as: UTF8.self) }
    }

    /// A region read from the postal code, for the countries where the code names it plainly.
    static func postalRegion(_ postal: String, country: String) -> String? {
        switch country {
        case "CA":
            guard let first = postal.utf8.first(where: { $0 != UInt8(ascii: " ") }).flatMap(upperAlphanumeric)
            else { return nil }
            return CountryZones.canadianProvince(firstLetter: first)
        case "AU":
            // Postcodes are four digits; a three-digit one lost its leading zero (Darwin's 0800).
            guard let (value, count) = digits(postal), count == 3 || count == 4 else { return nil }
            return CountryZones.australianState(postcode: value)
        default:
            return nil
        }
    }

    @inline(__always)
    private static func upperAlphanumeric(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return b
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return b - 32
        default: return nil
        }
    }
}
