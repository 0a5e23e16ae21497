@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// The `freight` and `no-handoff` profiles write what TrainingData/README.md says they do.
@Suite struct SyntheticProfileTests {
    /// Rows of a generated feed as field arrays (the header dropped).
    static func rows(_ c: SyntheticConfiguration) throws -> [[Substring]] {
        let bytes = try SyntheticGenerator(configuration: c).generate().bytes
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
    }

    @Test func freightIsDateOnlyAllDeliveredAndFiveToThreeHundredDays() throws {
        let c = SyntheticConfiguration(shipments: 3000, seed: 11, days: 365, profile: .freight)
        let rows = try Self.rows(c)
        #expect(rows.count == 9000)
        var byShipment: [Substring: [(Substring, CivilDate)]] = [:]
        for r in rows {
            #expect(r[11].hasSuffix("T12:00:00Z"))
            byShipment[r[0], default: []].append((r[10], try #require(CivilDate(String(r[11].prefix(10))))))
        }
        #expect(byShipment.count == 3000)
        var longest = 0
        var shortest = Int.max
        for (_, events) in byShipment {
            #expect(events.map(\.0) == ["ORDER_PLACED", "PICKED_UP", "DELIVERED"])
            let days = Int(events[2].1.dayNumber - events[0].1.dayNumber)
            longest = max(longest, days)
            shortest = min(shortest, days)
        }
        // Bounds from the tables: at least 4 days of production and a 1-day truck; at most 35 + 35 + 6 + 200.
        #expect(shortest >= 5 && longest <= 276)
        // 5% of ocean shipments (about 0.5 × 0.7 × 3000 × 0.05 ≈ 50) wait 60–200 days: some exceed 100.
        #expect(longest > 100)
        // Deliveries on every weekday, Sundays included (seven-day operations).
        let weekdays = Set(rows.filter { $0[10] == "DELIVERED" }.map { CivilDate(String($0[11].prefix(10)))!.weekday })
        #expect(weekdays.count == 7)
    }

    @Test func noHandoffKeepsOnlyOrdersAndDeliveriesOfTheSameShipments() throws {
        let parcel = SyntheticConfiguration(shipments: 1500, seed: 7, days: 30, dirty: false)
        var bare = parcel
        bare.profile = .noHandoff
        let full = try Self.rows(parcel)
        let ends = try Self.rows(bare)
        #expect(Set(ends.map { String($0[10]) }) == ["ORDER_PLACED", "DELIVERED"])
        // Exactly the parcel feed's order and delivery rows, in the same order.
        let expected = full.filter { $0[10] == "ORDER_PLACED" || $0[10] == "DELIVERED" }
        #expect(ends == expected)
    }
}
