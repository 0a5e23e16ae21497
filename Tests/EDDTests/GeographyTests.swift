@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct GeographyTests {
    private func resolve(_ country: String, _ postal: String, region: String? = nil) -> ResolvedPlace {
        Geography.resolve(Place(country: country, postal: postal, region: region))
    }

    @Test func usZipCodesGiveStateAndZone() {
        // San Francisco, Manhattan and the Chicago Loop.
        let sf = resolve("US", "94107")
        #expect(sf.region == "CA" && sf.postalPrefix == "941" && sf.zoneIdentifier == "America/Los_Angeles")
        let ny = resolve("US", "10001")
        #expect(ny.region == "NY" && ny.postalPrefix == "100" && ny.zoneIdentifier == "America/New_York")
        let chicago = resolve("US", "60601")
        #expect(chicago.region == "IL" && chicago.zoneIdentifier == "America/Chicago")
    }

    @Test func usZipPlusFourPrefixesAndLostLeadingZerosAreAccepted() {
        #expect(resolve("US", "94107-1234").region == "CA")
        #expect(resolve("US", "94107-1234").postalPrefix == "941")
        #expect(resolve("US", "941").region == "CA")
        // 02134 (Allston, Boston) with its leading zero lost in a spreadsheet.
        #expect(resolve("US", "2134").region == "MA")
        #expect(resolve("US", "2134").postalPrefix == "021")
    }

    @Test func splitStatesAndTerritoriesGetTheirOwnZones() {
        // El Paso keeps Mountain time; Pensacola is on Central time, Miami on Eastern.
        #expect(resolve("US", "79901").region == "TX")
        #expect(resolve("US", "79901").zoneIdentifier == "America/Denver")
        #expect(resolve("US", "32501").zoneIdentifier == "America/Chicago")
        #expect(resolve("US", "33101").zoneIdentifier == "America/New_York")
        #expect(resolve("US", "00901").region == "PR")  // San Juan.
        #expect(resolve("US", "00901").zoneIdentifier == "America/Puerto_Rico")
        #expect(resolve("US", "96813").zoneIdentifier == "Pacific/Honolulu")  // Honolulu.
    }

    @Test func givenRegionIsUsedWhenThePostalCodeIsUnknownAndLosesWhenItDisagrees() {
        // 000 is not an assigned ZIP3 prefix: it gives nothing, the region decides.
        let unknown = resolve("US", "00000", region: " ny")
        #expect(unknown.region == "NY" && unknown.postalPrefix == nil && unknown.zoneIdentifier == "America/New_York")
        #expect(resolve("US", "", region: "US-CA").region == "CA")
        #expect(resolve("US", "94107", region: "NY").region == "CA")
        // Free text is not a state code: dropped, and the zone falls back to the country's.
        let text = resolve("US", "", region: "California")
        #expect(text.region == nil && text.zoneIdentifier == "America/New_York")
    }

    @Test func brazilianCepsGiveStateAndZone() {
        // Avenida Paulista, São Paulo.
        let paulista = resolve("BR", "01310-100")
        #expect(paulista.region == "SP" && paulista.postalPrefix == "013")
        #expect(paulista.zoneIdentifier == "America/Sao_Paulo")
        // Olist prefixes lose the leading zero: 1310 is 01310.
        #expect(resolve("BR", "1310").region == "SP")
        #expect(resolve("BR", "1310").postalPrefix == "013")
        #expect(resolve("BR", "013").region == "SP")
        // Manaus, Salvador, Brasília, Cuiabá, Campo Grande, Boa Vista.
        #expect(resolve("BR", "69005").region == "AM")
        #expect(resolve("BR", "69005").zoneIdentifier == "America/Manaus")
        #expect(resolve("BR", "40010").zoneIdentifier == "America/Bahia")
        #expect(resolve("BR", "70040-010").region == "DF")
        #expect(resolve("BR", "78005").zoneIdentifier == "America/Cuiaba")
        #expect(resolve("BR", "79002").zoneIdentifier == "America/Campo_Grande")
        #expect(resolve("BR", "69301").region == "RR")
        #expect(resolve("BR", "cep?", region: "rj").region == "RJ")
    }

    @Test func otherCountriesUseTheirDefaultOrRegionalZone() {
        let london = resolve("gb", "sw1a 1aa")
        #expect(london.country == "GB" && london.postalPrefix == "SW1A" && london.zoneIdentifier == "Europe/London")
        #expect(resolve("CA", "M5V 3L9").region == "ON")  // Toronto.
        #expect(resolve("CA", "V6B 1A1").zoneIdentifier == "America/Vancouver")
        #expect(resolve("AU", "6000").region == "WA")  // Perth.
        #expect(resolve("AU", "6000").zoneIdentifier == "Australia/Perth")
        #expect(resolve("MX", "22000", region: "bcn").zoneIdentifier == "America/Tijuana")
        #expect(resolve("DE", "10115").zoneIdentifier == "Europe/Berlin")
    }

    @Test func unknownCountryFallsBackToUTCWithoutError() {
        let place = resolve("ZZ", "12345", region: "Q")
        #expect(place.country == "ZZ" && place.region == "Q" && place.zoneIdentifier == "UTC")
        #expect(Geography.zone(for: place) == .utc)
        #expect(Geography.zone(for: ResolvedPlace(country: "XX", zoneIdentifier: "Not/AZone")) == .utc)
    }

    @Test func originIdIsCarriedThrough() {
        #expect(Geography.resolve(Place(country: "US", postal: "94107", id: "wh-sfo-2")).originID == "wh-sfo-2")
        #expect(Geography.resolve(Place(country: "US", postal: "94107", id: "")).originID == nil)
    }

    @Test func everyZoneInTheTablesIsKnownToTheSystem() {
        var zones = Set(USPostal.states.map(\.zone) + BrazilPostal.states.map(\.zone))
        zones.formUnion(CountryZones.countryZone.values)
        for regional in CountryZones.regionZone.values { zones.formUnion(regional.values) }
        for zone in zones { #expect(ZoneRules.named(zone) != nil, "\(zone)") }
    }

    @Test func arbitraryBytesNeverCrashTheResolver() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let length = Int(rng.next() % 14)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            for country in ["US", "BR", "CA", "AU", text] {
                let place = Geography.resolve(Place(country: country, postal: text, region: text))
                #expect(place.postalPrefix.map { $0.utf8.count <= 12 } ?? true)
            }
        }
    }
}
