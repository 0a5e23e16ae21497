/// Public holidays of European markets, nationally and, where they stop parcels, by region.
///
/// Each function returns the days off of one year, unsorted and possibly with a date twice (two holidays on
/// one day); ``HolidayRegistry`` sorts them. Regions are ISO 3166-2 subdivision codes without the country.
extension HolidayRules {
    // Weekdays as CivilDate numbers them.
    static let sunday = 0
    static let monday = 1
    static let wednesday = 3
    static let friday = 5
    static let saturday = 6

    /// United Kingdom bank holidays. Source: Banking and Financial Dealings Act 1971 sch. 1, St Andrew's Day
    /// Bank Holiday (Scotland) Act 2007, and the dates proclaimed on gov.uk/bank-holidays (the one-off days
    /// of 2020, 2022 and 2023). Regions: `ENG`, `WLS` (or `EAW`, England and Wales), `SCT`, `NIR`; no region
    /// gives the days common to all four.
    static func unitedKingdom(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        let scotland = region == "SCT"
        var newYear: [(CivilDate?, String)] = [(h.date(1, 1), "New Year's Day")]
        if scotland { newYear.append((h.date(1, 2), "2nd January")) }
        h.withSubstitutes(newYear)
        h.easter(-2, "Good Friday")
        if region != nil && !scotland { h.easter(1, "Easter Monday") }
        // 2020: the early May bank holiday moved to VE Day's 75th anniversary, Friday 8 May.
        h.add(year == 2020 ? h.date(5, 8) : h.nth(1, monday, 5), "Early May Bank Holiday")
        // 2022: the spring bank holiday moved to Thursday 2 June, with Friday 3 June for the Platinum Jubilee.
        h.add(year == 2022 ? h.date(6, 2) : h.nth(-1, monday, 5), "Spring Bank Holiday")
        if year == 2022 { h.fixed(6, 3, "Platinum Jubilee") }
        if year == 2022 { h.fixed(9, 19, "State Funeral of Queen Elizabeth II") }
        if year == 2023 { h.fixed(5, 8, "Coronation of King Charles III") }
        if region == "NIR" {
            h.fixedWithSubstitute(3, 17, "St Patrick's Day")
            h.fixedWithSubstitute(7, 12, "Battle of the Boyne")
        }
        if region != nil { h.nth(scotland ? 1 : -1, monday, 8, "Summer Bank Holiday") }
        if scotland { h.fixedWithSubstitute(11, 30, "St Andrew's Day") }
        h.withSubstitutes([(h.date(12, 25), "Christmas Day"), (h.date(12, 26), "Boxing Day")])
        return h.holidays
    }

    /// Ireland. Source: Organisation of Working Time Act 1997 sch. 2, as amended for St Brigid's Day (2023)
    /// and the one-off Day of Remembrance and Recognition (18 March 2022); citizensinformation.ie.
    static func ireland(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "New Year's Day")
        if year >= 2023, let feb1 = h.date(2, 1) {
            // The first Monday in February, or 1 February itself when it is a Friday.
            h.add(feb1.weekday == friday ? feb1 : h.nth(1, monday, 2), "St Brigid's Day")
        }
        h.fixed(3, 17, "St Patrick's Day")
        if year == 2022 { h.fixed(3, 18, "Day of Remembrance and Recognition") }
        h.easter(1, "Easter Monday")
        h.nth(1, monday, 5, "May Bank Holiday")
        h.nth(1, monday, 6, "June Bank Holiday")
        h.nth(1, monday, 8, "August Bank Holiday")
        h.nth(-1, monday, 10, "October Bank Holiday")
        h.fixed(12, 25, "Christmas Day")
        h.fixed(12, 26, "St Stephen's Day")
        return h.holidays
    }

    /// Germany, with the Länder. Source: Einigungsvertrag art. 2 (3 October) and the Feiertagsgesetze of the
    /// sixteen Länder (e.g. Bayerisches FTG art. 1, BerlFG § 1 with the one-off 8 May 2020 and 2025,
    /// SächsSFG § 1, ThürFtG § 2). Bavaria's Assumption (Catholic communities only) and Augsburg's
    /// Friedensfest are local, not statewide, and left out.
    static func germany(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Neujahr")
        h.easter(-2, "Karfreitag")
        h.easter(1, "Ostermontag")
        h.fixed(5, 1, "Tag der Arbeit")
        h.easter(39, "Christi Himmelfahrt")
        h.easter(50, "Pfingstmontag")
        h.fixed(10, 3, "Tag der Deutschen Einheit")
        h.fixed(12, 25, "Erster Weihnachtstag")
        h.fixed(12, 26, "Zweiter Weihnachtstag")
        // Reformation Day was a nationwide holiday once, for its 500th anniversary.
        if year == 2017 && region == nil { h.fixed(10, 31, "Reformationstag") }
        guard let region else { return h.holidays }
        let epiphany: Set = ["BW", "BY", "ST"]
        let corpusChristi: Set = ["BW", "BY", "HE", "NW", "RP", "SL"]
        let allSaints: Set = ["BW", "BY", "NW", "RP", "SL"]
        let reformation: Set = ["BB", "MV", "SN", "ST", "TH"]
        let reformationSince2018: Set = ["HB", "HH", "NI", "SH"]
        if epiphany.contains(region) { h.fixed(1, 6, "Heilige Drei Könige") }
        if region == "BE" { h.fixed(3, 8, "Internationaler Frauentag", years: 2019...Int.max) }
        if region == "MV" { h.fixed(3, 8, "Internationaler Frauentag", years: 2023...Int.max) }
        if region == "BE" && (year == 2020 || year == 2025) { h.fixed(5, 8, "Tag der Befreiung") }
        if region == "BB" {
            h.easter(0, "Ostersonntag")
            h.easter(49, "Pfingstsonntag")
        }
        if corpusChristi.contains(region) { h.easter(60, "Fronleichnam") }
        if region == "SL" { h.fixed(8, 15, "Mariä Himmelfahrt") }
        if region == "TH" { h.fixed(9, 20, "Weltkindertag", years: 2019...Int.max) }
        if reformation.contains(region) || (reformationSince2018.contains(region) && year >= 2018) {
            h.fixed(10, 31, "Reformationstag")
        }
        if allSaints.contains(region) { h.fixed(11, 1, "Allerheiligen") }
        // Buß- und Bettag: the Wednesday before 23 November.
        if region == "SN" { h.onOrAfter(wednesday, 11, 16, "Buß- und Bettag") }
        return h.holidays
    }

    /// The German Länder codes.
    static let germanLänder: Set = [
        "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH",
    ]

    /// France (metropolitan), with Alsace-Moselle. Source: Code du travail art. L3133-1; art. L3134-13 for
    /// Good Friday and 26 December in Moselle (`57`), Bas-Rhin (`67`), Haut-Rhin (`68`) and the Collectivité
    /// européenne d'Alsace (`6AE`).
    static func france(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        let alsaceMoselle = region.map { ["57", "67", "68", "6AE"].contains($0) } ?? false
        h.fixed(1, 1, "Jour de l'an")
        if alsaceMoselle { h.easter(-2, "Vendredi saint") }
        h.easter(1, "Lundi de Pâques")
        h.fixed(5, 1, "Fête du Travail")
        h.fixed(5, 8, "Victoire 1945")
        h.easter(39, "Ascension")
        h.easter(50, "Lundi de Pentecôte")
        h.fixed(7, 14, "Fête nationale")
        h.fixed(8, 15, "Assomption")
        h.fixed(11, 1, "Toussaint")
        h.fixed(11, 11, "Armistice 1918")
        h.fixed(12, 25, "Noël")
        if alsaceMoselle { h.fixed(12, 26, "Saint-Étienne") }
        return h.holidays
    }

    /// The Netherlands. Source: Algemene termijnenwet art. 3 (King's Day moved to the 26th when the 27th is a
    /// Sunday); Liberation Day is a day off in lustrum years only, as the national collective agreements
    /// give it. Good Friday is not a public holiday and PostNL delivers on it.
    static func netherlands(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nieuwjaarsdag")
        h.easter(0, "Eerste Paasdag")
        h.easter(1, "Tweede Paasdag")
        if let kingsDay = h.date(4, 27) {
            h.add(kingsDay.weekday == sunday ? kingsDay.adding(days: -1) : kingsDay, "Koningsdag")
        }
        if year % 5 == 0 { h.fixed(5, 5, "Bevrijdingsdag") }
        h.easter(39, "Hemelvaartsdag")
        h.easter(49, "Eerste Pinksterdag")
        h.easter(50, "Tweede Pinksterdag")
        h.fixed(12, 25, "Eerste Kerstdag")
        h.fixed(12, 26, "Tweede Kerstdag")
        return h.holidays
    }

    /// Belgium. Source: Arrêté royal du 18 avril 1974 (jours fériés légaux).
    static func belgium(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nouvel An")
        h.easter(0, "Pâques")
        h.easter(1, "Lundi de Pâques")
        h.fixed(5, 1, "Fête du Travail")
        h.easter(39, "Ascension")
        h.easter(49, "Pentecôte")
        h.easter(50, "Lundi de Pentecôte")
        h.fixed(7, 21, "Fête nationale")
        h.fixed(8, 15, "Assomption")
        h.fixed(11, 1, "Toussaint")
        h.fixed(11, 11, "Armistice")
        h.fixed(12, 25, "Noël")
        return h.holidays
    }

    /// Luxembourg. Source: Code du travail art. L.232-2 (Europe Day since 2019, loi du 26 avril 2019).
    static func luxembourg(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Neijoerschdag")
        h.easter(1, "Ouschterméindeg")
        h.fixed(5, 1, "Dag vun der Aarbecht")
        h.fixed(5, 9, "Europadag", years: 2019...Int.max)
        h.easter(39, "Christi Himmelfaart")
        h.easter(50, "Péngschtméindeg")
        h.fixed(6, 23, "Nationalfeierdag")
        h.fixed(8, 15, "Léiffrawëschdag")
        h.fixed(11, 1, "Allerhellgen")
        h.fixed(12, 25, "Chrëschtdag")
        h.fixed(12, 26, "Stiefesdag")
        return h.holidays
    }

    /// Austria. Source: Feiertagsruhegesetz 1957 § 1 and Arbeitsruhegesetz § 7 (Good Friday was removed
    /// in 2019).
    static func austria(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Neujahr")
        h.fixed(1, 6, "Heilige Drei Könige")
        h.easter(1, "Ostermontag")
        h.fixed(5, 1, "Staatsfeiertag")
        h.easter(39, "Christi Himmelfahrt")
        h.easter(50, "Pfingstmontag")
        h.easter(60, "Fronleichnam")
        h.fixed(8, 15, "Mariä Himmelfahrt")
        h.fixed(10, 26, "Nationalfeiertag")
        h.fixed(11, 1, "Allerheiligen")
        h.fixed(12, 8, "Mariä Empfängnis")
        h.fixed(12, 25, "Christtag")
        h.fixed(12, 26, "Stefanitag")
        return h.holidays
    }

    /// Italy. Source: Legge 27 maggio 1949 n. 260 as amended (legge 54/1977, DPR 792/1985, legge 336/2000);
    /// St Francis of Assisi (4 October) again a holiday from 2026 (legge 151/2025). National Unity Day is
    /// kept on the first Sunday of November.
    static func italy(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Capodanno")
        h.fixed(1, 6, "Epifania")
        h.easter(0, "Pasqua")
        h.easter(1, "Lunedì dell'Angelo")
        h.fixed(4, 25, "Festa della Liberazione")
        h.fixed(5, 1, "Festa del Lavoro")
        h.fixed(6, 2, "Festa della Repubblica")
        h.fixed(8, 15, "Ferragosto")
        h.fixed(10, 4, "San Francesco d'Assisi", years: 2026...Int.max)
        h.fixed(11, 1, "Ognissanti")
        h.nth(1, sunday, 11, "Giornata dell'Unità Nazionale")
        h.fixed(12, 8, "Immacolata Concezione")
        h.fixed(12, 25, "Natale")
        h.fixed(12, 26, "Santo Stefano")
        return h.holidays
    }

    /// Spain, the national days of Estatuto de los Trabajadores art. 37.2. Each year's BOE resolution lets
    /// the autonomous communities swap some of them (and move one falling on a Sunday), so a national list
    /// is right for most of the country but not every community every year.
    static func spain(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Año Nuevo")
        h.fixed(1, 6, "Epifanía del Señor")
        h.easter(-2, "Viernes Santo")
        h.fixed(5, 1, "Fiesta del Trabajo")
        h.fixed(8, 15, "Asunción de la Virgen")
        h.fixed(10, 12, "Fiesta Nacional de España")
        h.fixed(11, 1, "Todos los Santos")
        h.fixed(12, 6, "Día de la Constitución")
        h.fixed(12, 8, "Inmaculada Concepción")
        h.fixed(12, 25, "Natividad del Señor")
        return h.holidays
    }

    /// Portugal. Source: Código do Trabalho art. 234 (Corpus Christi, 5 October, 1 November and 1 December
    /// restored in 2016, Lei 8/2016).
    static func portugal(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Ano Novo")
        h.easter(-2, "Sexta-feira Santa")
        h.easter(0, "Páscoa")
        h.fixed(4, 25, "Dia da Liberdade")
        h.fixed(5, 1, "Dia do Trabalhador")
        h.fixed(6, 10, "Dia de Portugal")
        h.easter(60, "Corpo de Deus")
        h.fixed(8, 15, "Assunção de Nossa Senhora")
        h.fixed(10, 5, "Implantação da República")
        h.fixed(11, 1, "Dia de Todos os Santos")
        h.fixed(12, 1, "Restauração da Independência")
        h.fixed(12, 8, "Imaculada Conceição")
        h.fixed(12, 25, "Natal")
        return h.holidays
    }

    /// Poland. Source: Ustawa z dnia 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1 (Christmas Eve
    /// added from 2025).
    static func poland(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nowy Rok")
        h.fixed(1, 6, "Trzech Króli")
        h.easter(0, "Wielkanoc")
        h.easter(1, "Poniedziałek Wielkanocny")
        h.fixed(5, 1, "Święto Pracy")
        h.fixed(5, 3, "Święto Konstytucji 3 Maja")
        h.easter(49, "Zielone Świątki")
        h.easter(60, "Boże Ciało")
        h.fixed(8, 15, "Wniebowzięcie Najświętszej Maryi Panny")
        h.fixed(11, 1, "Wszystkich Świętych")
        h.fixed(11, 11, "Narodowe Święto Niepodległości")
        h.fixed(12, 24, "Wigilia Bożego Narodzenia", years: 2025...Int.max)
        h.fixed(12, 25, "Boże Narodzenie")
        h.fixed(12, 26, "Drugi dzień Bożego Narodzenia")
        return h.holidays
    }

    /// Czechia. Source: Zákon č. 245/2000 Sb., o státních svátcích (Good Friday since 2016).
    static func czechia(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Nový rok")
        h.easter(-2, "Velký pátek", years: 2016...Int.max)
        h.easter(1, "Velikonoční pondělí")
        h.fixed(5, 1, "Svátek práce")
        h.fixed(5, 8, "Den vítězství")
        h.fixed(7, 5, "Den slovanských věrozvěstů Cyrila a Metoděje")
        h.fixed(7, 6, "Den upálení mistra Jana Husa")
        h.fixed(9, 28, "Den české státnosti")
        h.fixed(10, 28, "Den vzniku samostatného československého státu")
        h.fixed(11, 17, "Den boje za svobodu a demokracii")
        h.fixed(12, 24, "Štědrý den")
        h.fixed(12, 25, "1. svátek vánoční")
        h.fixed(12, 26, "2. svátek vánoční")
        return h.holidays
    }

}
