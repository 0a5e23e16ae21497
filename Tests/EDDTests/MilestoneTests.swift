@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The milestone hierarchy (what is left after a carrier scan) on a toy worked by hand.
@Suite struct MilestoneTests {
    @Test func theChainStartsAtTheServiceAndHasNoServiceKeyWithoutOne() {
        #expect(
            Milestone.inTransit.chain(carrier: "ups", service: "2day")
                == ["ups|2day|in_transit", "ups|in_transit", "in_transit", "*"])
        #expect(Milestone.exception.chain(carrier: "ups", service: nil) == [nil, "ups|exception", "exception", "*"])
        #expect(Milestone.levels.count == 4 && Milestone.levelsBeforeServices == Array(Milestone.levels.dropFirst()))
    }

    /// 100 parcels of each of a carrier's two services, on one lane: picked up on a weekday at 12:00, an
    /// in-transit scan the next working day at 08:00, delivered one working day after that scan (`2day`) or
    /// three (`ground`), at 15:00.
    static func feed() -> [ShipmentTimeline] {
        let cal = BusinessCalendar.standard(country: "US")
        let monday = CivilDate(year: 2026, month: 3, day: 2)!
        var out: [ShipmentTimeline] = []
        for (service, left) in [("2day", 1), ("ground", 3)] {
            for i in 0..<100 {
                let day = cal.addingWorkingDays(i % 50, to: monday)
                let ship = Instant(date: day, secondOfDay: 12 * 3600, utcOffset: -5 * 3600)
                let scanDay = cal.addingWorkingDays(1, to: day)
                let scan = Instant(date: scanDay, secondOfDay: 8 * 3600, utcOffset: -5 * 3600)
                let delivered = Instant(
                    date: cal.addingWorkingDays(left, to: scanDay), secondOfDay: 15 * 3600, utcOffset: -5 * 3600)
                out.append(
                    ShipmentTimeline(
                        id: "\(service)-\(i)", carrier: "ups", service: service,
                        origin: Place(postal: "10001", id: "wh-1"), destination: Place(postal: "02110"),
                        events: [
                            .init(code: .pickedUp, time: ship), .init(code: .inTransit, time: scan),
                            .init(code: .delivered, time: delivered),
                        ],
                        shipTime: ship, deliveryTime: delivered))
            }
        }
        return out
    }

    @Test func eachServiceLearnsWhatIsLeftAfterItsOwnScans() throws {
        let timelines = Self.feed()
        var options = FitOptions()
        options.calendars = CarrierCalendars().completed(from: timelines)
        let model = ModelFitter.fit(timelines: ModelFitter.inFitOrder(timelines), options: options).0
        for (service, left) in [("2day", 1), ("ground", 3)] {
            let found = try #require(
                model.milestones.lookup(Milestone.inTransit.chain(carrier: "ups", service: service)))
            #expect(found.level == 0 && found.node.shipments == 100)
            #expect(found.node.distribution.quantile(0.5) == left, "\(service)")
        }
        // The carrier's node mixes them half and half: half its parcels have more than 1 day left.
        let carrier = try #require(model.milestones.nodes[1]["ups|in_transit"])
        #expect(carrier.shipments == 200)
        #expect(abs(carrier.distribution.cdf(1) - 0.5) < 0.05, "\(carrier.distribution.cdf(1))")
        // A two-day parcel scanned in transit this morning, promised tomorrow: on time, as every such parcel
        // was. From the carrier's node it would be late half the time.
        let predictor = Predictor(model: model)
        let route = predictor.route(
            carrier: "ups", service: "2day", origin: Place(postal: "10001", id: "wh-1"),
            destination: Place(postal: "02110"))
        let tuesday = CivilDate(year: 2026, month: 6, day: 2)!
        let scans: [TimelineEvent] = [
            .init(
                code: .pickedUp,
                time: Instant(date: tuesday.adding(days: -1), secondOfDay: 12 * 3600, utcOffset: -5 * 3600)),
            .init(code: .inTransit, time: Instant(date: tuesday, secondOfDay: 8 * 3600, utcOffset: -5 * 3600)),
        ]
        let answer = predictor.risk(
            route: route, orderTime: nil, promised: tuesday.adding(days: 1),
            now: Instant(date: tuesday, secondOfDay: 20 * 3600, utcOffset: -5 * 3600), scans: scans)
        #expect(answer.pLate < 0.2, "\(answer.pLate)")
    }
}
