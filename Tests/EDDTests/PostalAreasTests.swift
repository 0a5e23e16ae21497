import EDDCore
import Testing

/// Postal areas worked out by hand from each country's postcode format and its published ranges.
@Suite struct PostalAreasTests {
    private func resolve(_ country: String, _ postal: String, region: String? = nil) -> ResolvedPlace {
        Geography.resolve(Place(country: country, postal: postal, region: region))
    }

    @Test func britishPostcodesGiveTheOutwardCodeAndArea() {
        for text in ["SW1A 1AA", "sw1a1aa", " SW1A  1AA ", "SW1A"] {
            let p = resolve("GB", text)
            #expect(p.postalPrefix == "SW1A" && p.region == "SW", "\(text)")
        }
        #expect(resolve("GB", "M1 1AE").postalPrefix == "M1")
        #expect(resolve("GB", "M1 1AE").region == "M")
        #expect(resolve("UK", "EH1 1YZ").postalPrefix == "EH1")
        #expect(resolve("GB", "B33 8TH").postalPrefix == "B33")
        #expect(resolve("GB", "CR2 6XH").region == "CR")
        #expect(resolve("GB", "DN55 1PT").postalPrefix == "DN55")
        #expect(resolve("GB", "W1A 0AX").postalPrefix == "W1A")
    }

    @Test func canadianCodesGiveTheFSAAndProvince() {
        for text in ["K1A 0B1", "k1a0b1", "K1A"] {
            let p = resolve("CA", text)
            #expect(p.postalPrefix == "K1A" && p.region == "ON", "\(text)")
        }
        #expect(resolve("CA", "H2X 1Y4").region == "QC")
        #expect(resolve("CA", "T2P 1J9").postalPrefix == "T2P")
    }

    @Test func germanCodesGiveTheLeitregionAndLand() {
        let berlin = resolve("DE", "10115")
        #expect(berlin.postalPrefix == "10" && berlin.region == "BE")
        #expect(resolve("DE", "80331").region == "BY")  // Munich.
        #expect(resolve("DE", "1067").postalPrefix == "01")  // Dresden's 01067 without its zero.
        #expect(resolve("DE", "01067").region == "SN")
        // A given Land wins over the Leitregion's usual one (63739 Aschaffenburg is in Bavaria).
        #expect(resolve("DE", "63739", region: "by").region == "BY")
        #expect(resolve("DE", "63739").region == "HE")
    }

    @Test func dutchCodesGiveTheFourDigitArea() {
        for text in ["1012 AB", "1012ab", "1012"] { #expect(resolve("NL", text).postalPrefix == "1012", "\(text)") }
        #expect(resolve("NL", "3011 AA").postalPrefix == "3011")
    }

    @Test func frenchCodesGiveThreeDigitsAndTheDepartement() {
        let paris = resolve("FR", "75008")
        #expect(paris.postalPrefix == "750" && paris.region == "75")
        #expect(resolve("FR", "1000").region == "01")  // Bourg-en-Bresse's 01000 without its zero.
        #expect(resolve("FR", "20000").region == "2A")  // Ajaccio.
        #expect(resolve("FR", "20200").region == "2B")  // Bastia.
        #expect(resolve("FR", "97110").region == "971")  // Guadeloupe.
        #expect(resolve("FR", "67000").region == "67")  // Strasbourg.
    }

    @Test func japaneseSpanishPolishAndPortugueseCodes() {
        let tokyo = resolve("JP", "100-0001")
        #expect(tokyo.postalPrefix == "100" && tokyo.region == "13")
        #expect(resolve("JP", "5300001").region == "27")  // Osaka (Umeda).
        #expect(resolve("JP", "060-0001").region == "01")  // Sapporo.
        #expect(resolve("JP", "900-0001").region == "47")  // Naha.
        let madrid = resolve("ES", "28013")
        #expect(madrid.postalPrefix == "280" && madrid.region == "28")
        #expect(resolve("ES", "8001").region == "08")  // Barcelona's 08001 without its zero.
        #expect(resolve("PL", "00-950").postalPrefix == "00")  // Warsaw.
        #expect(resolve("PL", "31-042").postalPrefix == "31")  // Kraków.
        #expect(resolve("PT", "1000-001").postalPrefix == "1000")  // Lisbon.
        #expect(resolve("PT", "4000").postalPrefix == "4000")  // Porto.
    }

    @Test func codesNotFittingTheirCountryFallBackToTheGenericPrefix() {
        #expect(resolve("GB", "12345").postalPrefix == "123")
        #expect(resolve("GB", "SW1A 1AA X").postalPrefix == "SW1")
        #expect(resolve("NL", "0123 AB").postalPrefix == "012")
        #expect(resolve("CA", "123 456").region == nil)
        #expect(resolve("DE", "ABCDE").postalPrefix == "ABC")
        #expect(resolve("FR", "750").postalPrefix == "750" && resolve("FR", "750").region == nil)
        #expect(resolve("DE", "", region: "by").region == "BY")
        #expect(resolve("ES", "99000").postalPrefix == "990" && resolve("ES", "99000").region == nil)
        #expect(resolve("JP", "12345").postalPrefix == "123")
        #expect(resolve("GB", "", region: "gb-sct").region == "SCT")
    }

    @Test func theDestinationsAreaPicksTheRegionalHolidays() {
        let calendars = CarrierCalendars(carriers: ["rm": .standard(country: "GB"), "dhl": .standard(country: "DE")])
        // 30 November 2026 (a Monday) is St Andrew's Day in Scotland only; 4 June 2026 Corpus Christi in Bavaria.
        let standrews = CivilDate(year: 2026, month: 11, day: 30)!
        #expect(!calendars.calendar(for: "rm", destination: resolve("GB", "EH1 1YZ")).isWorkingDay(standrews))
        #expect(calendars.calendar(for: "rm", destination: resolve("GB", "SW1A 1AA")).isWorkingDay(standrews))
        let corpusChristi = CivilDate(year: 2026, month: 6, day: 4)!
        #expect(!calendars.calendar(for: "dhl", destination: resolve("DE", "80331")).isWorkingDay(corpusChristi))
        #expect(calendars.calendar(for: "dhl", destination: resolve("DE", "10115")).isWorkingDay(corpusChristi))
    }

    @Test func arbitraryBytesNeverCrashTheAreaReaders() {
        var rng = SplitMix64(seed: 16)
        for _ in 0..<3000 {
            let length = Int(rng.next() % 12)
            let bytes = (0..<length).map { _ in
                UInt8(truncatingIfNeeded: rng.next() % 2 == 0 ? 48 + rng.next() % 43 : rng.next())
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for country in ["GB", "DE", "NL", "FR", "CA", "JP", "ES", "PL", "PT"] {
                _ = resolve(country, text, region: text)
            }
        }
    }
}
