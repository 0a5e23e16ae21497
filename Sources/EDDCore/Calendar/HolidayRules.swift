/// A public holiday on a given date.
public struct Holiday: Hashable, Sendable {
    public var date: CivilDate
    public var name: String

    public init(date: CivilDate, name: String) {
        self.date = date
        self.name = name
    }
}

/// National public holidays computed by rule, for any year (total: no year traps, including those
/// ``CivilDate/init(year:month:day:)`` refuses).
public enum HolidayRules {
    /// Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm).
    ///
    /// Floored division and remainder throughout, so that years before 1 (proleptic) still give a date in
    /// 22 March … 25 April instead of a day that does not exist; for positive years they equal `/` and `%`.
    public static func easterSunday(year: Int) -> CivilDate {
        func div(_ x: Int, _ n: Int) -> Int { x >= 0 ? x / n : -((-x + n - 1) / n) }
        func mod(_ x: Int, _ n: Int) -> Int { x - div(x, n) * n }
        let a = mod(year, 19)
        let b = div(year, 100)
        let c = mod(year, 100)
        let d = div(b, 4)
        let e = mod(b, 4)
        let f = div(b + 8, 25)
        let g = div(b - f + 1, 3)
        let h = mod(19 * a + b - d - g + 15, 30)
        let i = c / 4
        let k = c % 4
        let l = mod(32 + 2 * e + 2 * i - h - k, 7)
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate.ruleDate(year: year, month: month, day: day)
    }

    /// The `n`-th given weekday (0 = Sunday) of a month; `n = -1` for the last.
    public static func nthWeekday(_ n: Int, _ weekday: Int, month: Int, year: Int) -> CivilDate {
        if n > 0 {
            let first = CivilDate.ruleDate(year: year, month: month, day: 1)
            return first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
        }
        let last = CivilDate.ruleDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
    }

    /// US federal holidays on their observed dates (a Saturday holiday is observed the Friday before, a
    /// Sunday one the Monday after). New Year's Day of `year + 1` falling on a Saturday is observed on
    /// 31 December of `year`, so it is listed here.
    public static func usFederal(year: Int) -> [Holiday] {
        func observed(_ d: CivilDate) -> CivilDate {
            d.weekday == 6 ? d.adding(days: -1) : d.weekday == 0 ? d.adding(days: 1) : d
        }
        func fixed(_ m: Int, _ d: Int, _ name: String) -> Holiday {
            Holiday(date: observed(CivilDate.ruleDate(year: year, month: m, day: d)), name: name)
        }
        var out: [Holiday] = []
        let newYear = CivilDate.ruleDate(year: year, month: 1, day: 1)
        if newYear.weekday != 6 { out.append(fixed(1, 1, "New Year's Day")) }
        out.append(Holiday(date: nthWeekday(3, 1, month: 1, year: year), name: "Martin Luther King Jr. Day"))
        out.append(Holiday(date: nthWeekday(3, 1, month: 2, year: year), name: "Washington's Birthday"))
        out.append(Holiday(date: nthWeekday(-1, 1, month: 5, year: year), name: "Memorial Day"))
        if year >= 2021 { out.append(fixed(6, 19, "Juneteenth")) }
        out.append(fixed(7, 4, "Independence Day"))
        out.append(Holiday(date: nthWeekday(1, 1, month: 9, year: year), name: "Labor Day"))
        out.append(Holiday(date: nthWeekday(2, 1, month: 10, year: year), name: "Columbus Day"))
        out.append(fixed(11, 11, "Veterans Day"))
        out.append(Holiday(date: nthWeekday(4, 4, month: 11, year: year), name: "Thanksgiving Day"))
        out.append(fixed(12, 25, "Christmas Day"))
        if CivilDate.ruleDate(year: year + 1, month: 1, day: 1).weekday == 6 {
            out.append(
                Holiday(date: CivilDate.ruleDate(year: year, month: 12, day: 31), name: "New Year's Day (observed)"))
        }
        return out
    }

    /// Brazil's national holidays, with Carnival (Monday and Tuesday), Good Friday and Corpus Christi, which
    /// stop deliveries nationwide although some are formally optional days.
    public static func brazilNational(year: Int) -> [Holiday] {
        let easter = easterSunday(year: year)
        func on(_ m: Int, _ d: Int, _ name: String) -> Holiday {
            Holiday(date: CivilDate.ruleDate(year: year, month: m, day: d), name: name)
        }
        var out = [
            on(1, 1, "Confraternização Universal"),
            Holiday(date: easter.adding(days: -48), name: "Carnaval (segunda)"),
            Holiday(date: easter.adding(days: -47), name: "Carnaval (terça)"),
            Holiday(date: easter.adding(days: -2), name: "Sexta-feira Santa"),
            on(4, 21, "Tiradentes"),
            on(5, 1, "Dia do Trabalho"),
            Holiday(date: easter.adding(days: 60), name: "Corpus Christi"),
            on(9, 7, "Independência"),
            on(10, 12, "Nossa Senhora Aparecida"),
            on(11, 2, "Finados"),
            on(11, 15, "Proclamação da República"),
            on(12, 25, "Natal"),
        ]
        if year >= 2024 { out.append(on(11, 20, "Consciência Negra")) }
        return out.sorted { $0.date < $1.date }
    }

    /// The holidays of a country (`US`, `BR`) or any other calendar code ``HolidayRegistry`` knows
    /// (`DE`, `DE-BY`, `GB-SCT`…); none for an unknown code.
    public static func holidays(country: String, year: Int) -> [Holiday] {
        switch country.uppercased() {
        case "US": usFederal(year: year)
        case "BR": brazilNational(year: year)
        default: HolidayRegistry.holidays(code: country, year: year)
        }
    }
}
