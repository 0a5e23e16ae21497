extension Geography {
    /// Whether a place's postal code fits its country's format: true or false for the countries whose
    /// postal system ``resolve(_:)`` reads (US, BR, GB, DE, NL, FR, CA, JP, ES, PL, PT, AU), nil for an empty
    /// code or a country without a format here.
    ///
    /// A code that does not fit is still used as given (its lanes pool at a coarser level); this only lets
    /// the fit count such codes.
    package static func postalFitsFormat(_ place: Place) -> Bool? {
        guard !place.postal.isEmpty else { return nil }
        let country = normalizedCountry(place.country)
        switch country {
        case "US":
            return numericPrefix(place.postal, lengths: (3, 5, 9), lostZero: (4, 8)).flatMap(USPostal.lookup(zip3:))
                != nil
        case "BR":
            return numericPrefix(place.postal, lengths: (3, 5, 8), lostZero: (4, 7)).flatMap(
                BrazilPostal.lookup(prefix:))
                != nil
        case "GB", "DE", "NL", "FR", "CA", "JP", "ES", "PL", "PT":
            return PostalAreas.area(place.postal, country: country, given: nil) != nil
        case "AU":
            return postalRegion(place.postal, country: country) != nil
        default:
            return nil
        }
    }
}
