/// Postal code → prefix → region → time zone, for the US, Brazil and, by country, elsewhere.
///
/// An unknown postal code is never an error: the place falls back to what is known (the given region, then
/// the country), and the model answers from a coarser level.
public enum Geography {
    /// Resolves a place: normalises the country, derives the postal prefix, region and time zone.
    public static func resolve(_ place: Place) -> ResolvedPlace {
        let country = place.country.isEmpty ? "US" : place.country.uppercased()
        let given = place.region.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let id = place.id.flatMap { $0.isEmpty ? nil : $0 }
        switch country {
        case "US":
            let digits = leadingDigits(place.postal, max: 5)
            let prefix = digits.count >= 3 ? String(digits.prefix(3)) : nil
            let zip3 = prefix.flatMap { Int($0) }
            let region = zip3.flatMap(USPostal.state(zip3:)) ?? given
            let zone = zip3.flatMap(USPostal.zoneOverride(zip3:)) ?? region.flatMap { USPostal.stateZones[$0] } ?? "America/New_York"
            return ResolvedPlace(country: country, region: region, postalPrefix: prefix, zoneIdentifier: zone, originID: id)
        case "BR":
            var digits = leadingDigits(place.postal, max: 8)
            // The Olist tables give 5-digit CEP prefixes whose leading zero was lost (1310 for 01310).
            if !digits.isEmpty, digits.count < 5 { digits = String(repeating: "0", count: 5 - digits.count) + digits }
            let prefix = digits.count >= 3 ? String(digits.prefix(3)) : nil
            let cep5 = digits.count >= 5 ? Int(digits.prefix(5)) : nil
            let region = cep5.flatMap(BrazilPostal.state(cep5:)) ?? given
            let zone = region.flatMap { BrazilPostal.stateZones[$0] } ?? "America/Sao_Paulo"
            return ResolvedPlace(country: country, region: region, postalPrefix: prefix, zoneIdentifier: zone, originID: id)
        default:
            let alnum = place.postal.uppercased().filter { $0.isLetter || $0.isNumber }
            let prefix = alnum.count >= 3 ? String(alnum.prefix(3)) : nil
            let zone = given.flatMap { CountryZones.regional[country + "/" + $0] } ?? CountryZones.byCountry[country] ?? "UTC"
            return ResolvedPlace(country: country, region: given, postalPrefix: prefix, zoneIdentifier: zone, originID: id)
        }
    }

    /// The time-zone rules of a resolved place (UTC if the zone is unknown to the system).
    public static func zone(for place: ResolvedPlace) -> ZoneRules {
        ZoneRules.named(place.zoneIdentifier) ?? .utc
    }

    /// The leading run of digits (ignoring a `-` after them, as in `01310-100` or `94107-1234`), at most `max`.
    static func leadingDigits(_ postal: String, max: Int) -> String {
        var out = ""
        for c in postal.utf8 {
            if c >= 48 && c <= 57 {
                out.append(Character(UnicodeScalar(c)))
                if out.count == max { break }
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: " ") {
                continue
            } else {
                break
            }
        }
        return out
    }
}
