@testable import EDDCore
@testable import EDDTraining
import Testing

/// Postal codes that do not fit their country's format are told apart (for the fit summary's count),
/// without any of them being an error.
@Suite struct PostalFormatTests {
    @Test(arguments: [
        ("GB", "SW1A 1AA"), ("GB", "sw1a1aa"), ("CA", "K1A 0B1"), ("DE", "10115"), ("NL", "1012 AB"),
        ("FR", "75001"), ("US", "94107"), ("US", "02134-1234"), ("BR", "01310-100"), ("PL", "00-950"),
        ("JP", "100-0001"), ("AU", "2000"),
    ])
    func realCodesFitTheirFormat(country: String, postal: String) {
        #expect(Geography.postalFitsFormat(Place(country: country, postal: postal)) == true)
    }

    @Test(arguments: [("GB", "12345"), ("DE", "ABCDE"), ("NL", "AB 1012"), ("CA", "123 456"), ("US", "ABC12")])
    func malformedCodesDoNot(country: String, postal: String) {
        #expect(Geography.postalFitsFormat(Place(country: country, postal: postal)) == false)
        // And they still resolve, to a coarser lane, without error.
        #expect(Geography.resolve(Place(country: country, postal: postal)).country == country)
    }

    @Test func emptyCodesAndUnknownCountriesAreNotCounted() {
        #expect(Geography.postalFitsFormat(Place(country: "DE", postal: "")) == nil)
        #expect(Geography.postalFitsFormat(Place(country: "ZZ", postal: "12345")) == nil)
    }

    @Test func theFitSummaryCountsShipmentsWithAMalformedCode() {
        func t(_ id: String, _ origin: String, _ destination: String) -> ShipmentTimeline {
            ShipmentTimeline(
                id: id, carrier: "c", service: "s", origin: Place(country: "DE", postal: origin),
                destination: Place(country: "GB", postal: destination), events: [])
        }
        // Three of four: a bad origin, a bad destination, and both bad (counted once); the third fits.
        let count = PostalFormatCount([
            t("a", "1O115", "SW1A 1AA"), t("b", "10115", "XX"), t("c", "10115", "EH1 1AA"), t("d", "x", "9"),
        ])
        #expect(count.shipments == 3)
    }
}
