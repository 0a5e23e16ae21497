extension CivilDate {
    /// The first and last day numbers with a four-digit year: 0000-01-01 and 9999-12-31.
    static var fourDigitYearDays: ClosedRange<Int32> { -719_528...2_932_896 }

    /// Year, month and day when the year has four digits (0…9999), else nil: what the response encoders need.
    ///
    /// Neri and Schneider's "Euclidean affine functions and their application to calendar algorithms"
    /// (Software: Practice and Experience, 2023): the same result as ``components`` with multiplications and
    /// shifts in place of most divisions, and no branch on the sign of the day number. Days are counted
    /// in a calendar whose years begin on March 1 (so the leap day ends a year), from 0400-03-01 BC
    /// (one 400-year cycle before year 0) so that every count is positive.
    var fourDigitYearComponents: (year: Int, month: Int, day: Int)? {
        guard CivilDate.fourDigitYearDays.contains(dayNumber) else { return nil }
        // 1970-01-01 is 719,468 days after 0000-03-01, which is 146,097 days (400 years) after the origin.
        let n = UInt32(Int(dayNumber) + 719_468 + 146_097)
        // Century, and day within it: a century has 36,524 or 36,525 days, 146,097 per four.
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let dayOfCentury = n1 % 146_097 / 4
        // Year within the century and day within the year from one 64-bit product (2,939,745 ≈ 2^32 / 1461,
        // the days in four years): the high half is the year, the low half its fraction.
        let n2 = UInt64(4 &* dayOfCentury &+ 3) &* 2_939_745
        let yearOfCentury = UInt32(truncatingIfNeeded: n2 >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: n2) / 2_939_745 / 4
        // Month (3 = March … 14 = February) and day: months alternate 31 and 30 days, 153 days per five.
        let n3 = 2141 &* dayOfYear &+ 197_913
        let month = Int(n3 >> 16)
        let day = Int((n3 & 0xFFFF) / 2141) + 1
        // January and February (from day 306) belong to the next civil year.
        let january = dayOfYear >= 306
        let year = Int(100 &* century &+ yearOfCentury) - 400 + (january ? 1 : 0)
        return (year, january ? month - 12 : month, day)
    }
}
