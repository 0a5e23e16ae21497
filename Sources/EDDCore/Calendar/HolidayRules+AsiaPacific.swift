/// Public holidays of Australia (with the states and territories), New Zealand and Japan.
extension HolidayRules {
    /// Australia. Nationally the days every state keeps, on their dates (the states move or add the
    /// weekend ones differently). States and territories (`ACT`, `NSW`, `NT`, `QLD`, `SA`, `TAS`, `VIC`,
    /// `WA`) from their acts: ACT Holidays Act 1958, NSW Public Holidays Act 2010, NT Public Holidays Act
    /// 1981, QLD Holidays Act 1983, SA Public Holidays Act 2023 (Holidays Act 1910 before 2024), TAS Statutory Holidays Act 2000, VIC Public
    /// Holidays Act 1993, WA Public and Bank Holidays Act 1972, with the 22 September 2022 National Day of
    /// Mourning. Victoria's AFL Grand Final Friday (set each year by the government) and Brisbane's Royal
    /// Queensland Show day (Brisbane only) are not rules and are left out.
    static func australia(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        if year == 2022 { h.fixed(9, 22, "National Day of Mourning") }
        guard let region else {
            h.fixed(1, 1, "New Year's Day")
            h.fixed(1, 26, "Australia Day")
            h.easter(-2, "Good Friday")
            h.easter(1, "Easter Monday")
            h.fixed(4, 25, "Anzac Day")
            h.fixed(12, 25, "Christmas Day")
            h.fixed(12, 26, "Boxing Day")
            return h.holidays
        }
        // New Year's Day: Tasmania moves it to the Monday; elsewhere a substitute Monday is added.
        if region == "TAS" {
            h.fixedMovedToMonday(1, 1, "New Year's Day")
        } else {
            h.fixedWithSubstitute(1, 1, "New Year's Day")
        }
        h.fixedMovedToMonday(1, 26, "Australia Day")
        switch region {
        case "ACT": h.nth(2, monday, 3, "Canberra Day")
        case "SA": h.nth(2, monday, 3, "Adelaide Cup Day")
        case "TAS": h.nth(2, monday, 3, "Eight Hours Day")
        case "VIC": h.nth(2, monday, 3, "Labour Day")
        case "WA": h.nth(1, monday, 3, "Labour Day")
        default: break
        }
        h.easter(-2, "Good Friday")
        if region != "TAS" && region != "WA" { h.easter(-1, "Easter Saturday") }
        let easterSunday: [String: ClosedRange<Int>] = [
            "ACT": Int.min...Int.max, "NSW": Int.min...Int.max, "QLD": Int.min...Int.max, "VIC": Int.min...Int.max,
            "WA": 2022...Int.max, "NT": 2024...Int.max, "SA": 2024...Int.max, "TAS": 2027...Int.max,
        ]
        if let years = easterSunday[region] { h.easter(0, "Easter Sunday", years: years) }
        h.easter(1, "Easter Monday")
        switch region {
        // Anzac Day on a weekend gives the Monday after, even when that is Easter Monday (as in 2038).
        case "WA", "ACT": h.fixedMondayIfWeekend(4, 25, "Anzac Day", saturday: true)
        case "NSW" where year >= 2026: h.fixedMondayIfWeekend(4, 25, "Anzac Day", saturday: true)
        case "NSW", "VIC", "TAS": h.fixed(4, 25, "Anzac Day")
        case "QLD", "NT":
            // On a Sunday the holiday is the Monday instead.
            if let anzac = h.date(4, 25) { h.add(anzac.weekday == sunday ? anzac.adding(days: 1) : anzac, "Anzac Day") }
        case "SA" where year < 2024: h.fixedMondayIfWeekend(4, 25, "Anzac Day")
        case "SA": h.fixed(4, 25, "Anzac Day")
        default: break
        }
        if region == "QLD" { h.nth(1, monday, 5, "Labour Day") }
        if region == "NT" { h.nth(1, monday, 5, "May Day") }
        if region == "ACT" { h.onOrAfter(monday, 5, 27, "Reconciliation Day") }
        if region == "WA" { h.nth(1, monday, 6, "Western Australia Day") }
        let sovereign =
            region == "QLD" ? h.nth(1, monday, 10) : region == "WA" ? h.nth(-1, monday, 9) : h.nth(2, monday, 6)
        h.add(sovereign, "King's Birthday")
        if region == "NT" { h.nth(1, monday, 8, "Picnic Day") }
        if ["ACT", "NSW", "SA"].contains(region) { h.nth(1, monday, 10, "Labour Day") }
        if region == "VIC" { h.nth(1, 2, 11, "Melbourne Cup Day") }
        if region == "TAS" {
            h.withSubstitutes([(h.date(12, 25), "Christmas Day")])
            if let boxing = h.date(12, 26) {
                var d = boxing
                while d.isWeekend || h.contains(d) { d = d.adding(days: 1) }
                h.add(d, "Boxing Day")
            }
        } else {
            h.withSubstitutes([
                (h.date(12, 25), "Christmas Day"), (h.date(12, 26), region == "SA" ? "Proclamation Day" : "Boxing Day"),
            ])
        }
        if region == "SA" && year < 2024 {
            // Before the 2023 Act, South Australia moved a Saturday holiday to the Monday instead of adding one.
            for (m, d) in [(1, 1), (12, 25), (12, 26)] where h.date(m, d)?.weekday == saturday {
                h.remove(h.date(m, d))
            }
        }
        return h.holidays
    }

    /// The Australian state and territory codes.
    static let australianRegions: Set = ["ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA"]

    /// New Zealand, national days. Source: Holidays Act 2003 ss. 44–45A (Waitangi and Anzac Day
    /// "Mondayised" since 2014, Christmas, Boxing and the New Year days substituted), Matariki Public
    /// Holiday Act 2022 sch. 1 (dates to 2052), Queen Elizabeth II Memorial Day Act 2022. Regional
    /// anniversary days are not built in.
    static func newZealand(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.withSubstitutes([(h.date(1, 1), "New Year's Day"), (h.date(1, 2), "Day after New Year's Day")])
        // Waitangi and Anzac Day are "Mondayised": the Monday after, even when that is Easter Monday.
        if year >= 2014 {
            h.fixedMondayIfWeekend(2, 6, "Waitangi Day", saturday: true)
        } else {
            h.fixed(2, 6, "Waitangi Day")
        }
        h.easter(-2, "Good Friday")
        h.easter(1, "Easter Monday")
        if year >= 2014 {
            h.fixedMondayIfWeekend(4, 25, "Anzac Day", saturday: true)
        } else {
            h.fixed(4, 25, "Anzac Day")
        }
        h.nth(1, monday, 6, "King's Birthday")
        if let matariki = matarikiDates[year] { h.fixed(matariki.month, matariki.day, "Matariki") }
        if year == 2022 { h.fixed(9, 26, "Queen Elizabeth II Memorial Day") }
        h.nth(4, monday, 10, "Labour Day")
        h.withSubstitutes([(h.date(12, 25), "Christmas Day"), (h.date(12, 26), "Boxing Day")])
        return h.holidays
    }

    /// Matariki Public Holiday Act 2022, schedule 1.
    static let matarikiDates: [Int: (month: Int, day: Int)] = [
        2022: (6, 24), 2023: (7, 14), 2024: (6, 28), 2025: (6, 20), 2026: (7, 10), 2027: (6, 25), 2028: (7, 14),
        2029: (7, 6), 2030: (6, 21), 2031: (7, 11), 2032: (7, 2), 2033: (6, 24), 2034: (7, 7), 2035: (6, 29),
        2036: (7, 18), 2037: (7, 10), 2038: (6, 25), 2039: (7, 15), 2040: (7, 6), 2041: (7, 19), 2042: (7, 11),
        2043: (7, 3), 2044: (6, 24), 2045: (7, 7), 2046: (6, 29), 2047: (7, 19), 2048: (7, 3), 2049: (6, 25),
        2050: (7, 15), 2051: (6, 30), 2052: (6, 21),
    ]

    /// Japan. Source: 国民の祝日に関する法律 (Act on National Holidays, as amended to 2018) art. 2, with the
    /// 2020 and 2021 Olympic moves (平成30年法律第57号, 令和2年法律第68号); a holiday on a Sunday gives the
    /// next non-holiday (art. 3.2) and a day between two holidays is one (art. 3.3). The equinox days follow
    /// the National Astronomical Observatory's approximation. The current law is applied to every year.
    static func japan(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "元日")
        h.nth(2, monday, 1, "成人の日")
        h.fixed(2, 11, "建国記念の日")
        if year >= 2020 { h.fixed(2, 23, "天皇誕生日") }
        h.add(h.date(3, equinoxDay(year: year, vernal: true)), "春分の日")
        h.fixed(4, 29, "昭和の日")
        h.fixed(5, 3, "憲法記念日")
        h.fixed(5, 4, "みどりの日")
        h.fixed(5, 5, "こどもの日")
        switch year {
        case 2020:
            h.fixed(7, 23, "海の日")
            h.fixed(7, 24, "スポーツの日")
            h.fixed(8, 10, "山の日")
        case 2021:
            h.fixed(7, 22, "海の日")
            h.fixed(7, 23, "スポーツの日")
            h.fixed(8, 8, "山の日")
        default:
            h.nth(3, monday, 7, "海の日")
            h.fixed(8, 11, "山の日")
            h.nth(2, monday, 10, "スポーツの日")
        }
        h.nth(3, monday, 9, "敬老の日")
        h.add(h.date(9, equinoxDay(year: year, vernal: false)), "秋分の日")
        h.fixed(11, 3, "文化の日")
        h.fixed(11, 23, "勤労感謝の日")
        if year < 2019 { h.fixed(12, 23, "天皇誕生日") }
        let named = h.holidays.map(\.date).sorted()
        // A day between two holidays (in practice only in September) is a holiday.
        for (a, b) in zip(named, named.dropFirst()) where a.days(to: b) == 2 {
            let between = a.adding(days: 1)
            if between.weekday != sunday && !h.contains(between) { h.add(between, "国民の休日") }
        }
        for d in named where d.weekday == sunday {
            var s = d.adding(days: 1)
            while h.contains(s) { s = s.adding(days: 1) }
            h.add(s, "振替休日")
        }
        return h.holidays
    }

    /// The day of March (vernal) or September (autumnal) of the equinox in Japan, by the approximation the
    /// National Astronomical Observatory of Japan publishes for 1900–2150 (its constants for 2100–2150 are
    /// used beyond).
    static func equinoxDay(year: Int, vernal: Bool) -> Int {
        // Outside the years a date can have, any day will do: the date is then not built.
        guard (-9999...9999).contains(year) else { return 1 }
        let base: Double
        let shifted: Int
        switch year {
        case ..<1980:
            base = vernal ? 20.8357 : 23.2588
            shifted = year - 1983
        case 1980...2099:
            base = vernal ? 20.8431 : 23.2488
            shifted = year - 1980
        default:
            base = vernal ? 21.8510 : 24.2488
            shifted = year - 1980
        }
        let leapShift = shifted >= 0 ? shifted / 4 : -((-shifted + 3) / 4)
        return Int((base + 0.242194 * Double(year - 1980) - Double(leapShift)).rounded(.down))
    }
}
