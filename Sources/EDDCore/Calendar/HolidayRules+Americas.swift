/// Public holidays of Canada (with the provinces and territories) and Mexico.
extension HolidayRules {
    /// Canada. Nationally the five days every jurisdiction keeps (Canada Labour Code s. 166 and the
    /// provincial employment-standards acts agree on them); the Holidays Act (R.S.C. 1985, c. H-5) puts
    /// Canada Day on 2 July when 1 July is a Sunday. New Year's Day and Christmas on a weekend are observed
    /// the Monday after (Christmas on a Sunday: Monday 26th). Provinces and territories add their own days,
    /// from their employment-standards acts (e.g. Ontario ESA 2000 s. 1, Québec Loi sur la fête nationale
    /// and LNT art. 60, Alberta ESC s. 25, BC ESA s. 1): `AB`, `BC`, `MB`, `NB`, `NL`, `NS`, `NT`, `NU`,
    /// `ON`, `PE`, `QC`, `SK`, `YT`.
    static func canada(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixedMondayIfWeekend(1, 1, "New Year's Day", saturday: true)
        h.easter(-2, "Good Friday")
        let canadaDaySaturday: Set = ["NL", "PE", "SK", "YT"]
        h.fixedMondayIfWeekend(7, 1, "Canada Day", saturday: region.map(canadaDaySaturday.contains) ?? false)
        h.nth(1, monday, 9, "Labour Day")
        h.fixedMondayIfWeekend(12, 25, "Christmas Day", saturday: true)
        guard let region else { return h.holidays }
        let familyDay = [
            "AB": "Family Day", "BC": "Family Day", "NB": "Family Day", "ON": "Family Day",
            "SK": "Family Day", "MB": "Louis Riel Day", "NS": "Heritage Day", "PE": "Islander Day",
        ]
        if let name = familyDay[region] { h.nth(3, monday, 2, name) }
        // Victoria Day: the Monday before 25 May; Québec keeps the day as Journée nationale des patriotes.
        let victoria: Set = ["AB", "BC", "MB", "NT", "NU", "ON", "SK", "YT"]
        if victoria.contains(region) { h.onOrAfter(monday, 5, 18, "Victoria Day") }
        if region == "QC" { h.onOrAfter(monday, 5, 18, "Journée nationale des patriotes") }
        if region == "NT" || region == "YT" { h.fixed(6, 21, "National Indigenous Peoples Day") }
        if region == "QC" { h.fixedMondayIfWeekend(6, 24, "Fête nationale du Québec") }
        if region == "NU" { h.fixed(7, 9, "Nunavut Day") }
        let civic = [
            "BC": "British Columbia Day", "NB": "New Brunswick Day", "NT": "Civic Holiday",
            "NU": "Civic Holiday", "SK": "Saskatchewan Day",
        ]
        if let name = civic[region] { h.nth(1, monday, 8, name) }
        if region == "YT" { h.nth(3, monday, 8, "Discovery Day") }
        let truth: [String: ClosedRange<Int>] = [
            "BC": 2023...Int.max, "MB": 2024...Int.max, "NT": 2022...Int.max, "NU": 2022...Int.max,
            "PE": 2022...Int.max, "YT": 2023...Int.max,
        ]
        if let years = truth[region], years.contains(year) {
            let moved: Set = ["BC", "MB"]
            if moved.contains(region) {
                h.fixedMondayIfWeekend(9, 30, "National Day for Truth and Reconciliation", saturday: true)
            } else {
                h.fixed(9, 30, "National Day for Truth and Reconciliation")
            }
        }
        let thanksgiving: Set = ["AB", "BC", "MB", "NT", "NU", "ON", "QC", "SK", "YT"]
        if thanksgiving.contains(region) { h.nth(2, monday, 10, "Thanksgiving") }
        let remembrance: Set = ["AB", "BC", "NB", "NL", "NS", "NT", "NU", "PE", "SK", "YT"]
        let remembranceMoved: Set = ["AB", "NL", "NS", "PE", "SK", "YT"]
        if remembranceMoved.contains(region) {
            h.fixedMondayIfWeekend(11, 11, "Remembrance Day", saturday: true)
        } else if remembrance.contains(region) {
            h.fixed(11, 11, "Remembrance Day")
        }
        if region == "ON", let boxing = h.date(12, 26) {
            // Boxing Day on a weekend moves to the 28th (the 27th is Christmas's Monday when it is needed).
            h.add(boxing, "Boxing Day")
            if boxing.isWeekend { h.fixed(12, 28, "Boxing Day (observed)") }
        }
        let funeral: Set = ["BC", "NB", "NL", "NS", "PE", "YT"]
        if year == 2022 && funeral.contains(region) { h.fixed(9, 19, "Funeral of Queen Elizabeth II") }
        return h.holidays
    }

    /// The Canadian province and territory codes.
    static let canadianRegions: Set = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]

    /// Mexico. Source: Ley Federal del Trabajo art. 74 (Mondays since the 2006 reform; the change of federal
    /// government on 1 December every six years until 2018, on 1 October from 2024).
    static func mexico(_ year: Int) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Año Nuevo")
        h.nth(1, monday, 2, "Día de la Constitución")
        h.nth(3, monday, 3, "Natalicio de Benito Juárez")
        h.fixed(5, 1, "Día del Trabajo")
        h.fixed(9, 16, "Día de la Independencia")
        if year >= 2024 && (year - 2024) % 6 == 0 { h.fixed(10, 1, "Transmisión del Poder Ejecutivo Federal") }
        h.nth(3, monday, 11, "Día de la Revolución")
        if year < 2024 && year >= 1970 && (year - 1970) % 6 == 0 {
            h.fixed(12, 1, "Transmisión del Poder Ejecutivo Federal")
        }
        h.fixed(12, 25, "Navidad")
        return h.holidays
    }
}
