@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct HolidayTests {
    @Test func easterFallsOnKnownDates() {
        #expect(HolidayRules.easterSunday(year: 2018).description == "2018-04-01")
        #expect(HolidayRules.easterSunday(year: 2024).description == "2024-03-31")
        #expect(HolidayRules.easterSunday(year: 2025).description == "2025-04-20")
        #expect(HolidayRules.easterSunday(year: 2026).description == "2026-04-05")
    }

    @Test func usThanksgiving2026IsNovember26() {
        let names = Dictionary(
            uniqueKeysWithValues: HolidayRules.usFederal(year: 2026).map { ($0.name, $0.date.description) })
        #expect(names["Thanksgiving Day"] == "2026-11-26")
        #expect(names["Memorial Day"] == "2026-05-25")
        #expect(names["Labor Day"] == "2026-09-07")
        #expect(names["Martin Luther King Jr. Day"] == "2026-01-19")
    }

    @Test func usHolidaysOnWeekendsAreObservedOnTheNearestWeekday() {
        // July 4 2026 is a Saturday → Friday July 3; Christmas 2022 was a Sunday → Monday December 26.
        #expect(HolidayRules.usFederal(year: 2026).contains { $0.date.description == "2026-07-03" })
        #expect(HolidayRules.usFederal(year: 2022).contains { $0.date.description == "2022-12-26" })
        // New Year 2022 was a Saturday: observed Friday 2021-12-31, listed with 2021.
        #expect(HolidayRules.usFederal(year: 2021).contains { $0.date.description == "2021-12-31" })
        #expect(!HolidayRules.usFederal(year: 2022).contains { $0.date.description == "2022-01-01" })
    }

    @Test func brazilCarnival2018WasFebruary12And13() {
        let dates = Set(HolidayRules.brazilNational(year: 2018).map(\.date.description))
        #expect(dates.contains("2018-02-12") && dates.contains("2018-02-13"))
        #expect(dates.contains("2018-03-30"))  // Good Friday (Easter April 1)
        #expect(dates.contains("2018-05-31"))  // Corpus Christi (Easter + 60)
        #expect(dates.contains("2018-04-21"))  // Tiradentes
        #expect(!dates.contains("2018-11-20"))  // Consciência Negra is national only from 2024
        #expect(Set(HolidayRules.brazilNational(year: 2024).map(\.date.description)).contains("2024-11-20"))
    }
}
