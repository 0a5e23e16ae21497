@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct TimelineTests {
    static let t0 = Instant(seconds: 1_772_456_400)  // 2026-03-02T13:00:00Z
    static func at(_ hours: Int) -> Instant { t0.adding(seconds: Int64(hours) * 3600) }

    /// A parcel with an exception, a failed attempt and a second delivery run.
    static func journey() -> ShipmentTimeline {
        let scans: [(EventCode, Int)] = [
            (.orderPlaced, 0), (.labelCreated, 1), (.pickedUp, 5), (.inTransit, 10), (.exception, 20),
            (.inTransit, 30), (.outForDelivery, 40), (.deliveryAttempted, 42), (.outForDelivery, 60),
            (.delivered, 62), (.delivered, 70),
        ]
        var t = ShipmentTimeline(
            id: "J", carrier: "ups", service: "ground", origin: Place(postal: "94107"),
            destination: Place(postal: "10001"), events: scans.map { TimelineEvent(code: $0.0, time: at($0.1)) })
        t.deriveMilestones(cutoff: nil)
        return t
    }

    @Test func milestonesComeFromTheFirstOfEachEvent() {
        let t = Self.journey()
        #expect(t.orderTime == Self.at(0))
        #expect(t.shipTime == Self.at(5))
        #expect(t.deliveryTime == Self.at(62))
        #expect(t.exceptionCount == 1)
        #expect(t.attemptCount == 1)
        #expect(t.returnTime == nil && t.cancelTime == nil && t.censoredAt == nil)
    }

    @Test func stateFollowsTheLatestScanAtEachInstant() {
        let t = Self.journey()
        let expected: [(Int, ShipmentState)] = [
            (-1, .notPickedUp), (2, .notPickedUp), (5, .inTransit), (19, .inTransit), (20, .exception),
            (25, .exception), (30, .inTransit), (41, .outForDelivery), (43, .inTransit), (61, .outForDelivery),
            (62, .delivered), (100, .delivered),
        ]
        for (hours, state) in expected {
            #expect(t.state(at: Self.at(hours)) == state, "at +\(hours)h")
        }
    }

    @Test func canceledAndReturnedShipmentsSaySo() {
        var canceled = ShipmentTimeline(
            id: "C", carrier: "x", service: "y", origin: Place(), destination: Place(),
            events: [
                TimelineEvent(code: .orderPlaced, time: Self.at(0)), TimelineEvent(code: .canceled, time: Self.at(3)),
            ])
        canceled.deriveMilestones(cutoff: Self.at(10))
        #expect(canceled.cancelTime == Self.at(3) && canceled.censoredAt == nil)
        #expect(canceled.state(at: Self.at(1)) == .notPickedUp)
        #expect(canceled.state(at: Self.at(3)) == .canceled)

        var returned = ShipmentTimeline(
            id: "R", carrier: "x", service: "y", origin: Place(), destination: Place(),
            events: [
                TimelineEvent(code: .inTransit, time: Self.at(2)),
                TimelineEvent(code: .returnedToSender, time: Self.at(50)),
            ])
        returned.deriveMilestones(cutoff: Self.at(60))
        #expect(returned.shipTime == Self.at(2))
        #expect(returned.state(at: Self.at(49)) == .inTransit)
        #expect(returned.state(at: Self.at(51)) == .returned)
    }

    @Test func asOfDropsEventsAtOrAfterTheInstantAndCensors() throws {
        let t = Self.journey()
        let early = try #require(t.asOf(Self.at(21)))
        #expect(early.events.count == 5)
        #expect(early.exceptionCount == 1)
        #expect(early.deliveryTime == nil)
        #expect(early.censoredAt == Self.at(21))
        // The delivery at exactly T is not yet visible.
        let atDelivery = try #require(t.asOf(Self.at(62)))
        #expect(atDelivery.deliveryTime == nil && atDelivery.attemptCount == 1)
        #expect(atDelivery.censoredAt == Self.at(62))
        let after = try #require(t.asOf(Self.at(63)))
        #expect(after.deliveryTime == Self.at(62) && after.censoredAt == nil)
        // Nothing happened before the first scan: the shipment does not exist yet.
        #expect(t.asOf(Self.at(0)) == nil)
    }
}
