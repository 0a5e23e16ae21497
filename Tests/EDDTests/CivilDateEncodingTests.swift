import Testing

@testable import EDD

@Suite struct CivilDateEncodingTests {
    @Test func fourDigitYearComponentsAgreeWithCountingDaysOneByOne() {
        // The reference walks the calendar a day at a time with the Gregorian leap rule, from 0000-01-01:
        // 0001-01-01 is day -719,162 and year 0 is a leap year, so 0000-01-01 is day -719,528.
        func daysIn(_ year: Int, _ month: Int) -> Int {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        }
        var (year, month, day) = (0, 1, 1)
        for dayNumber in Int32(-719_528)...Int32(2_932_896) {
            if dayNumber == 0 { #expect(year == 1970 && month == 1 && day == 1) }
            guard let fast = CivilDate(dayNumber: dayNumber).fourDigitYearComponents,
                fast == (year, month, day)
            else {
                Issue.record("day \(dayNumber): expected \(year)-\(month)-\(day)")
                return
            }
            day += 1
            if day > daysIn(year, month) {
                (month, day) = (month + 1, 1)
                if month > 12 { (year, month) = (year + 1, 1) }
            }
        }
        #expect((year, month, day) == (10000, 1, 1))
    }

    @Test func yearsBeyondFourDigitsHaveNoFourDigitComponents() {
        #expect(CivilDate(dayNumber: -719_529).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: 2_932_897).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: .min).fourDigitYearComponents == nil)
        #expect(CivilDate(dayNumber: .max).fourDigitYearComponents == nil)
    }
}
