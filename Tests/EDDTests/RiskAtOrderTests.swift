@testable import EDDCore
import Foundation
import Testing

/// The risk asked at the order itself is what the order-time date answer says: 1 − P(delivered by the
/// promise) under the forecast the `edd` op gives, kept 10⁻⁴ from 0 and 1 as a risk line keeps its answers.
@Suite struct RiskAtOrderTests {
    static func kept(_ p: Double) -> Double { min(max(p, 1e-4), 1 - 1e-4) }

    @Test func atTheOrderTheRiskIsTheDateForecastsChanceOfMissingThePromise() throws {
        let model = try #require(ServiceEDDPathTests.shippedModel())
        let predictor = Predictor(model: model)
        let route = predictor.route(
            carrier: "ups", service: "ground", origin: Place(country: "US", postal: "10001"),
            destination: Place(country: "US", postal: "60601"))
        let order = try #require(RFC3339.parse("2026-11-10T09:30:00-05:00")).instant
        let forecast = predictor.forecast(route: route, orderTime: order, shipTime: nil, now: order)
        // A promise on the date of working day k: on time with P(within k working days), late otherwise.
        for k in 1...6 {
            let promised = forecast.date(afterWorkingDays: k)
            let risk = predictor.risk(route: route, orderTime: order, promised: promised, now: order, scans: [])
            #expect(abs(risk.pLate - Self.kept(1 - forecast.cdf[k])) < 1e-12, "promise after \(k) working days")
            #expect(risk.view == nil)
            #expect(risk.edd == forecast.quantileDate(model.metadata.defaultConfidence))
        }
        // The day before the earliest possible delivery: certainly late. A promise a year out lies past the
        // support: the tail bucket's share is still stated late (here none: no such parcel was ever that
        // slow), and never less than 10⁻⁴.
        let early = forecast.date(afterWorkingDays: 0).adding(days: -1)
        #expect(predictor.risk(route: route, orderTime: order, promised: early, now: order, scans: []).pLate == 1)
        let far = forecast.date(afterWorkingDays: 0).adding(days: 365)
        let tail = 1 - forecast.cdf[forecast.cdf.count - 2]
        let farRisk = predictor.risk(route: route, orderTime: order, promised: far, now: order, scans: [])
        #expect(abs(farRisk.pLate - Self.kept(tail)) < 1e-12)
        #expect(farRisk.pLate >= 1e-4)
        // A checkout query names no order time: the order is now.
        let promised = forecast.date(afterWorkingDays: 3)
        let checkout = predictor.risk(route: route, orderTime: nil, promised: promised, now: order, scans: [])
        #expect(abs(checkout.pLate - Self.kept(1 - forecast.cdf[3])) < 1e-12)
        // A minute later the order has waited: the risk views answer, and a line calibrates them.
        let later = predictor.risk(
            route: route, orderTime: order, promised: promised, now: order.adding(seconds: 60), scans: [])
        #expect(later.view == .beforePickup)
    }
}

/// In transit the answer is the larger of the lane's view and the milestone node's, and the line that
/// calibrates it is the view's that stood.
@Suite struct RiskViewLineTests {
    @Test func aLaneAnswerInTransitIsCalibratedByTheLaneLineNotTheMilestoneLine() throws {
        var model = try #require(ServiceEDDPathTests.shippedModel())
        // The lane keeps the identity; the milestone line pulls everything far down (logit − 3).
        model.riskCalibration = RiskCalibration(
            lines: [.identity, .identity, .identity, RiskCalibration.Line(intercept: -3, slope: 1)],
            figures: model.riskCalibration.figures)
        let predictor = Predictor(model: model)
        let route = predictor.route(
            carrier: "ups", service: "ground", origin: Place(country: "US", postal: "10001"),
            destination: Place(country: "US", postal: "60601"))
        func at(_ text: String) throws -> Instant { try #require(RFC3339.parse(text)).instant }
        let order = try at("2026-11-02T09:00:00-05:00")
        let pickup = TimelineEvent(code: .pickedUp, time: try at("2026-11-02T17:00:00-05:00"))
        let promised = try #require(CivilDate("2026-11-06"))
        // Picked up on Monday, an in-transit scan an hour ago, asked on Wednesday at noon with a Friday promise:
        // the lane has had two working days, the node's clock restarted this morning, so the lane's view is the
        // larger and the lane's line (the identity) calibrates it: the answer is what was stated (about 0.65;
        // the milestone line would have made it about 0.09).
        let fresh = TimelineEvent(code: .inTransit, time: try at("2026-11-04T11:00:00-06:00"))
        let now = try at("2026-11-04T12:00:00-06:00")
        let late = predictor.risk(route: route, orderTime: order, promised: promised, now: now, scans: [pickup, fresh])
        #expect(late.view == .lane)
        #expect(abs(late.pLate - late.stated) < 1e-12)
        #expect(late.pLate > 0.5 && late.pLate < 0.8)
        // Out for delivery the node alone answers: the milestone line applies, logit p' = logit p − 3.
        let out = TimelineEvent(code: .outForDelivery, time: try at("2026-11-04T08:00:00-06:00"))
        let today = predictor.risk(route: route, orderTime: order, promised: promised, now: now, scans: [pickup, out])
        #expect(today.view == .milestone)
        let q = min(max(today.stated, 1e-4), 1 - 1e-4)
        let expected = 1 / (1 + exp(-(log(q / (1 - q)) - 3)))
        #expect(abs(today.pLate - expected) < 1e-9)
    }
}
