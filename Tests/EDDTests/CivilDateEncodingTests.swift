@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct CivilDateEncodingTests {
    @Test func fourDigitYearsHaveTheirComponents() {
        // 0000-01-01 is day -719,528 (0001-01-01 is day -719,162 and year 0 is a leap year).
        #expect(CivilDate(dayNumber: -719_528).fourDigitYearComponents! == (0, 1, 1))
        #expect(CivilDate(dayNumber: 2_932_896).fourDigitYearComponents! == (9999, 12, 31))
        #expect(CivilDate(dayNumber: 0).fourDigitYearComponents! == (1970, 1, 1))
    }

    @Test func yearsBeyondFourDigitsHaveNoFourDigitComponents() {
        #expect(CivilDate(dayNumber: -719_529).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: 2_932_897).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: .min).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: .max).fourDigitYearComponents == nil)
    }
}
