@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct LaneKeyTests {
    private let sf = ResolvedPlace(country: "US", region: "CA", postalPrefix: "941", originID: "wh-sfo-2")
    private let ny = ResolvedPlace(country: "US", region: "NY", postalPrefix: "100")

    @Test func usToUsChainListsAllEightLevelsInOrder() {
        let chain = LaneKey.transitChain(carrier: "UPS", service: "Ground", origin: sf, destination: ny)
        #expect(chain.map(\.level) == LaneLevel.allCases)
        #expect(
            chain.map(\.key) == [
                "ups|ground|US:941>US:100", "ups|ground|US-CA>US:100", "ups|ground|US-CA>US-NY", "ups|ground|*>US-NY",
                "ups|ground|US>US",
                "ups|ground", "ups", "*",
            ])
        #expect(
            chain.map(\.level.rawValue) == [
                "lane", "region_postal", "region", "destination", "country", "service", "carrier", "global",
            ])
        #expect(chain == chain.sorted())
    }

    @Test func withoutAServiceTheKeysPoolServicesAndSkipTheServiceLevel() {
        let chain = LaneKey.transitChain(carrier: "ups", service: nil, origin: sf, destination: ny)
        #expect(
            chain.map(\.description) == [
                "lane:ups|*|US:941>US:100", "region_postal:ups|*|US-CA>US:100", "region:ups|*|US-CA>US-NY",
                "destination:ups|*|*>US-NY",
                "country:ups|*|US>US", "carrier:ups", "global:*",
            ])
    }

    @Test func levelsThatCannotBeFormedAreSkipped() {
        let bare = ResolvedPlace(country: "US")
        let chain = LaneKey.transitChain(carrier: "ups", service: "ground", origin: bare, destination: ny)
        #expect(chain.map(\.level) == [.destinationRegion, .countryPair, .service, .carrier, .global])
        let nowhere = LaneKey.transitChain(carrier: "ups", service: "ground", origin: sf, destination: bare)
        #expect(nowhere.map(\.level) == [.countryPair, .service, .carrier, .global])
    }

    @Test func singleLevelKeysMatchTheChain() {
        let key = LaneKey.transitKey(.regionPair, carrier: "ups", service: "ground", origin: sf, destination: ny)
        #expect(key == LaneKey(level: .regionPair, key: "ups|ground|US-CA>US-NY"))
        #expect(LaneKey.transitKey(.service, carrier: "ups", service: nil, origin: sf, destination: ny) == nil)
        #expect(
            LaneKey.transitKey(.postalPair, carrier: "ups", service: "x", origin: sf, destination: .init(country: "US"))
                == nil)
    }

    @Test func separatorsInNamesCannotForgeKeys() {
        let chain = LaneKey.transitChain(carrier: "a|b", service: "*", origin: sf, destination: ny)
        #expect(chain[5].key == "a_b|_")
    }

    @Test func trainingKeysAddThePooledChainOnce() {
        let keys = LaneKey.trainingTransitKeys(carrier: "ups", service: "ground", origin: sf, destination: ny)
        // 8 service-specific keys + 5 pooled ones (lane, region_postal, region, destination, country).
        #expect(keys.count == 13)
        #expect(Set(keys).count == 13)
        #expect(keys.contains(LaneKey(level: .postalPair, key: "ups|*|US:941>US:100")))
    }

    @Test func handlingChainRunsFromTheOriginToGlobal() {
        #expect(
            OriginKey.handlingChain(origin: sf).map(\.description) == [
                "origin:wh-sfo-2", "origin_postal:US:941", "origin_region:US-CA", "origin_country:US", "global:*",
            ])
        #expect(OriginKey.handlingChain(origin: ResolvedPlace(country: "")).map(\.level) == [.global])
    }
}
