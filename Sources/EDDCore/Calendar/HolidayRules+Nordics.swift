/// Public holidays of Denmark, Sweden, Norway and Finland.
extension HolidayRules {
    /// Denmark. Source: Bekendtgørelse af lov om helligdage; Great Prayer Day abolished from 2024 (lov nr.
    /// 200 af 28. februar 2023).
    static func denmark(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nytårsdag")
        h.easter(-3, "Skærtorsdag")
        h.easter(-2, "Langfredag")
        h.easter(0, "Påskedag")
        h.easter(1, "2. påskedag")
        h.easter(26, "Store bededag", years: Int.min...2023)
        h.easter(39, "Kristi himmelfartsdag")
        h.easter(49, "Pinsedag")
        h.easter(50, "2. pinsedag")
        h.fixed(12, 25, "Juledag")
        h.fixed(12, 26, "2. juledag")
        return h.holidays
    }

    /// Sweden. Source: Lag (1989:253) om allmänna helgdagar; Midsummer Eve, Christmas Eve and New Year's
    /// Eve are not helgdagar but are treated as Sundays (Semesterlagen, collective agreements) and PostNord
    /// does not deliver on them, so they are included.
    static func sweden(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nyårsdagen")
        h.fixed(1, 6, "Trettondedag jul")
        h.easter(-2, "Långfredagen")
        h.easter(0, "Påskdagen")
        h.easter(1, "Annandag påsk")
        h.fixed(5, 1, "Första maj")
        h.easter(39, "Kristi himmelsfärdsdag")
        h.easter(49, "Pingstdagen")
        h.fixed(6, 6, "Sveriges nationaldag")
        h.onOrAfter(friday, 6, 19, "Midsommarafton")
        h.onOrAfter(saturday, 6, 20, "Midsommardagen")
        h.onOrAfter(saturday, 10, 31, "Alla helgons dag")
        h.fixed(12, 24, "Julafton")
        h.fixed(12, 25, "Juldagen")
        h.fixed(12, 26, "Annandag jul")
        h.fixed(12, 31, "Nyårsafton")
        return h.holidays
    }

    /// Norway. Source: Lov om helligdager og helligdagsfred (1995) § 2 and Lov om 1. og 17. mai som
    /// høgtidsdager (1947).
    static func norway(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Første nyttårsdag")
        h.easter(-3, "Skjærtorsdag")
        h.easter(-2, "Langfredag")
        h.easter(0, "Første påskedag")
        h.easter(1, "Andre påskedag")
        h.fixed(5, 1, "Arbeidernes dag")
        h.fixed(5, 17, "Grunnlovsdag")
        h.easter(39, "Kristi himmelfartsdag")
        h.easter(49, "Første pinsedag")
        h.easter(50, "Andre pinsedag")
        h.fixed(12, 25, "Første juledag")
        h.fixed(12, 26, "Andre juledag")
        return h.holidays
    }

    /// Finland. Source: Kirkkolaki / Laki itsenäisyyspäivästä and the general collective agreements that make
    /// Midsummer Eve and Christmas Eve days off (Posti does not deliver on them).
    static func finland(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Uudenvuodenpäivä")
        h.fixed(1, 6, "Loppiainen")
        h.easter(-2, "Pitkäperjantai")
        h.easter(0, "Pääsiäispäivä")
        h.easter(1, "2. pääsiäispäivä")
        h.fixed(5, 1, "Vappu")
        h.easter(39, "Helatorstai")
        h.easter(49, "Helluntaipäivä")
        h.onOrAfter(friday, 6, 19, "Juhannusaatto")
        h.onOrAfter(saturday, 6, 20, "Juhannuspäivä")
        h.onOrAfter(saturday, 10, 31, "Pyhäinpäivä")
        h.fixed(12, 6, "Itsenäisyyspäivä")
        h.fixed(12, 24, "Jouluaatto")
        h.fixed(12, 25, "Joulupäivä")
        h.fixed(12, 26, "Tapaninpäivä")
        return h.holidays
    }
}
