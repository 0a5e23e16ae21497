@testable import EDDCore
@testable import EDDTraining
import Foundation
import Testing

/// The fit's out-of-time check of its order-time answers (``ModelFitter/CandidateCheck``), on toys worked by
/// hand and on a feed where only the lanes' own order → delivery times tell the truth.
@Suite struct CandidateCheckTests {
    static let start = Instant(seconds: 1_790_000_000)
    static let asOf = start.adding(seconds: 40 * 86_400)

    /// All mass on day `k` of 16.
    static func point(_ k: Int) -> DayDistribution { .point(k, buckets: 16) }

    /// Later-half shipments that all took 5 working days, answered 2 days by one candidate and 5 by another;
    /// the earlier half is empty, so each map is the identity and every quantile of a point is the point.
    /// Pinball of the 2-day answer: u = 5 − 2 = 3 at every τ, ρ = 3τ, mean over τ = 0.1…0.9 is 3 × 0.5 = 1.5;
    /// its ranges never hold 5. The 5-day answer: pinball 0, both ranges hold it.
    @Test func theCandidateWithTheLowerPinballIsChosenAndFiguresAreByHand() {
        var check = ModelFitter.CandidateCheck(from: Self.start, to: Self.asOf)
        let later = Self.start.adding(seconds: 30 * 86_400)
        for i in 0..<250 {
            check.add(
                [Self.point(2), Self.point(2), Self.point(5)], outcome: .completed(5), jitter: Double(i) / 250,
                reference: later)
        }
        let v = check.validation
        #expect(v.chosen == .laneEmpirical)
        let staged = v.figures[.staged]!
        let empirical = v.figures[.laneEmpirical]!
        #expect(staged.shipments == 250)
        #expect(abs(staged.pinball - 1.5) < 1e-12)
        #expect(staged.coverage80 == 0 && staged.coverage90 == 0)
        #expect(empirical.pinball == 0 && empirical.coverage80 == 1 && empirical.coverage90 == 1)
    }

    /// The same answers on 199 shipments: below the 200 the choice needs, the staged model stays, figures
    /// reported. Equal pinballs keep the staged model too.
    @Test func tooFewScoredOrTiedKeepTheStagedModel() {
        var few = ModelFitter.CandidateCheck(from: Self.start, to: Self.asOf)
        var tied = ModelFitter.CandidateCheck(from: Self.start, to: Self.asOf)
        let later = Self.start.adding(seconds: 30 * 86_400)
        for _ in 0..<199 {
            few.add(
                [Self.point(2), Self.point(2), Self.point(5)], outcome: .completed(5), jitter: 0.5, reference: later)
        }
        for _ in 0..<300 {
            tied.add(
                [Self.point(5), Self.point(5), Self.point(5)], outcome: .completed(5), jitter: 0.5, reference: later)
        }
        #expect(few.validation.chosen == .staged)
        #expect(few.validation.figures[.laneEmpirical]!.shipments == 199)
        #expect(tied.validation.chosen == .staged)
    }

    /// Earlier-half shipments calibrate, later-half ones are scored: a shipment before the split is never
    /// scored, and censored ones are not scored either.
    @Test func onlyTheLaterHalfsDeliveriesAreScored() {
        var check = ModelFitter.CandidateCheck(from: Self.start, to: Self.asOf)
        let early = Self.start.adding(seconds: 5 * 86_400)
        let late = Self.start.adding(seconds: 25 * 86_400)
        let answers = [Self.point(5), Self.point(5), Self.point(5)]
        for _ in 0..<30 { check.add(answers, outcome: .completed(5), jitter: 0.5, reference: early) }
        for _ in 0..<7 { check.add(answers, outcome: .censored(3), jitter: 0.5, reference: late) }
        for _ in 0..<11 { check.add(answers, outcome: .completed(5), jitter: 0.5, reference: late) }
        #expect(check.validation.figures[.staged]?.shipments == 11)
    }

    /// One warehouse ships to two lanes. Handling takes 1–4 working days (cycling). To New York, transit is
    /// 5 − handling, so every order arrives exactly 5 working days after it was placed; to San Francisco,
    /// transit cycles 1–4 on its own. Handling ⊗ transit spreads New York over 2–8 days, and one calibration
    /// map cannot narrow New York without narrowing San Francisco too; the lanes' own order → delivery times
    /// are exact. The check must choose them, and New York's every quantile is then 5 working days.
    @Test func aFeedWhoseStagesHideTheTruthChoosesTheLaneEmpiricalModel() throws {
        let weekdays = BusinessCalendar(weekdays: .mondayToFriday, holidayCountry: nil)
        let origin = Place(postal: "10001")
        let newYork = Place(postal: "10002")
        let sanFrancisco = Place(postal: "94105")
        let monday = try #require(CivilDate("2026-01-05"))
        func at(_ d: CivilDate, hour: Int) -> Instant { Instant(date: d, secondOfDay: hour * 3600, utcOffset: 0) }
        var timelines: [ShipmentTimeline] = []
        for day in 0..<160 {
            let orderDay = weekdays.addingWorkingDays(day, to: monday)
            for k in 0..<16 {
                let handling = k % 4 + 1
                let toNewYork = k % 2 == 0
                let transit = toNewYork ? 5 - handling : (k / 4 + day) % 4 + 1
                let order = at(orderDay, hour: 13)  // 09:00 in New York
                let pickup = at(weekdays.addingWorkingDays(handling, to: orderDay), hour: 20)
                let delivered = at(weekdays.addingWorkingDays(handling + transit, to: orderDay), hour: 21)
                timelines.append(
                    ShipmentTimeline(
                        id: "s\(day)-\(k)", carrier: "acme", service: "ground", origin: origin,
                        destination: toNewYork ? newYork : sanFrancisco,
                        events: [
                            .init(code: .orderPlaced, time: order), .init(code: .pickedUp, time: pickup),
                            .init(code: .delivered, time: delivered),
                        ], orderTime: order, shipTime: pickup, deliveryTime: delivered))
            }
        }
        var options = FitOptions()
        options.calendars = CarrierCalendars(carriers: ["acme": weekdays])
        options.learnsClosures = false
        let (model, summary) = ModelFitter.fit(timelines: timelines, options: options)
        let v = model.dateValidation
        #expect(v.chosen == .laneEmpirical, "\(summary.description)")
        let staged = try #require(v.figures[.staged])
        let empirical = try #require(v.figures[.laneEmpirical])
        #expect(empirical.pinball < staged.pinball)
        #expect(empirical.shipments >= ModelFitter.CandidateCheck.minimumScored)
        #expect(summary.description.contains("order-time answers: lane_empirical"))

        let order = try #require(RFC3339.parse("2026-09-07T13:00:00Z")).instant  // a Monday, 09:00 in New York
        let p = Predictor(model: model)
        let route = p.route(carrier: "acme", service: "ground", origin: origin, destination: newYork)
        let f = p.forecast(route: route, orderTime: order, shipTime: nil, now: order)
        // Five working days after Monday 2026-09-07 (Labor Day is no holiday here): Monday 2026-09-14.
        for tau in [0.1, 0.5, 0.9] { #expect(f.quantileDate(tau).description == "2026-09-14", "τ \(tau)") }

        // The choice and the table survive the file: re-encoding the decoded model gives the same bytes.
        let bytes = ModelFile.encode(model)
        let decoded = try ModelFile.decode(bytes)
        #expect(decoded.dateValidation == model.dateValidation)
        #expect(decoded.empirical.sizes == model.empirical.sizes && !model.empirical.nodes[0].isEmpty)
        #expect(ModelFile.encode(decoded) == bytes)
    }
}
