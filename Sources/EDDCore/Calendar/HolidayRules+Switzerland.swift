/// Public holidays of Switzerland, nationally and by canton.
extension HolidayRules {
    /// Switzerland. Nationally the days every canton keeps: 1 August is federal (BV art. 110); New Year's
    /// Day, Ascension and Christmas are cantonal holidays every canton has (Arbeitsgesetz art. 20a). The
    /// cantons (`AG`…`ZH`) add theirs, from their Ruhetags- and Feiertagsgesetze as the cantonal chancelleries
    /// publish them (e.g. ZH Ruhetags- und Ladenöffnungsgesetz § 1, GE Loi sur les jours fériés, TI Legge sul
    /// riposo dei giorni festivi).
    static func switzerland(_ year: Int, region: String?) -> [Holiday] {
        var h = HolidayYear(year)
        h.fixed(1, 1, "Neujahrstag")
        h.easter(39, "Auffahrt")
        h.fixed(8, 1, "Nationalfeiertag")
        h.fixed(12, 25, "Weihnachtstag")
        guard let region, let days = swissCantonDays[region] else { return h.holidays }
        for day in days {
            switch day {
            case .berchtold: h.fixed(1, 2, "Berchtoldstag")
            case .epiphany: h.fixed(1, 6, "Heilige Drei Könige")
            case .republic: h.fixed(3, 1, "Instauration de la République")
            case .joseph: h.fixed(3, 19, "Josefstag")
            case .goodFriday: h.easter(-2, "Karfreitag")
            case .easterMonday: h.easter(1, "Ostermontag")
            case .näfels:
                // The first Thursday of April, a week later when that is Maundy Thursday.
                if let first = h.onOrAfter(4, 4, 1) {
                    h.add(first == h.easter?.adding(days: -3) ? first.adding(days: 7) : first, "Näfelser Fahrt")
                }
            case .labour: h.fixed(5, 1, "Tag der Arbeit")
            case .whitMonday: h.easter(50, "Pfingstmontag")
            case .corpusChristi: h.easter(60, "Fronleichnam")
            case .jura: h.fixed(6, 23, "Fête de l'Indépendance jurassienne")
            case .peterAndPaul: h.fixed(6, 29, "San Pietro e Paolo")
            case .assumption: h.fixed(8, 15, "Mariä Himmelfahrt")
            case .genevanFast:
                // Jeûne genevois: the Thursday after the first Sunday of September.
                h.add(h.nth(1, sunday, 9)?.adding(days: 4), "Jeûne genevois")
            case .prayerMonday:
                // Lundi du Jeûne: the Monday after the third Sunday of September.
                h.add(h.nth(3, sunday, 9)?.adding(days: 1), "Lundi du Jeûne")
            case .flüe: h.fixed(9, 25, "Bruder Klaus")
            case .allSaints: h.fixed(11, 1, "Allerheiligen")
            case .immaculate: h.fixed(12, 8, "Mariä Empfängnis")
            case .stephen: h.fixed(12, 26, "Stephanstag")
            case .restoration: h.fixed(12, 31, "Restauration de la République")
            case .stephenUnlessLongWeekend:
                // Not when Christmas is a Monday or a Friday (the weekend already joins it).
                if let christmas = h.date(12, 25), christmas.weekday != monday && christmas.weekday != friday {
                    h.fixed(12, 26, "Stephanstag")
                }
            case .mondayAfterSundayFeast:
                // Neuchâtel: the Monday when New Year's Day or Christmas falls on a Sunday.
                if h.date(1, 1)?.weekday == sunday { h.fixed(1, 2, "Lundi de Nouvel An") }
                if h.date(12, 25)?.weekday == sunday { h.fixed(12, 26, "Lundi de Noël") }
            }
        }
        return h.holidays
    }

    /// The cantonal days of Switzerland.
    enum SwissDay {
        case berchtold, epiphany, republic, joseph, goodFriday, easterMonday, näfels, labour, whitMonday
        case corpusChristi, jura, peterAndPaul, assumption, genevanFast, prayerMonday, flüe, allSaints
        case immaculate, stephen, restoration, stephenUnlessLongWeekend, mondayAfterSundayFeast
    }

    static let swissCantonDays: [String: [SwissDay]] = {
        let catholic: [SwissDay] = [.corpusChristi, .assumption, .allSaints, .immaculate]
        let easter: [SwissDay] = [.goodFriday, .easterMonday, .whitMonday]
        return [
            "AG": easter + catholic + [.berchtold, .labour, .stephen],
            "AI": easter + catholic + [.stephenUnlessLongWeekend],
            "AR": easter + [.stephenUnlessLongWeekend],
            "BE": easter + [.berchtold, .stephen],
            "BL": easter + [.labour, .stephen],
            "BS": easter + [.labour, .stephen],
            "FR": [.goodFriday],
            "GE": easter + [.genevanFast, .restoration],
            "GL": easter + [.näfels, .allSaints, .stephen],
            "GR": [.easterMonday, .whitMonday, .stephen],
            "JU": easter + catholic.filter { $0 != .immaculate } + [.berchtold, .labour, .jura],
            "LU": easter + catholic + [.berchtold, .stephen],
            "NE": [.goodFriday, .corpusChristi, .labour, .republic, .mondayAfterSundayFeast],
            "NW": [.goodFriday, .joseph] + catholic,
            "OW": [.goodFriday, .flüe] + catholic,
            "SG": easter + [.allSaints, .stephen],
            "SH": easter + [.labour, .stephen],
            "SO": [.goodFriday],
            "SZ": easter + catholic + [.epiphany, .joseph, .stephen],
            "TG": easter + [.berchtold, .labour, .stephen],
            "TI": [.easterMonday, .whitMonday] + catholic + [.epiphany, .joseph, .labour, .peterAndPaul, .stephen],
            "UR": easter + catholic + [.epiphany, .joseph, .stephenUnlessLongWeekend],
            "VD": easter + [.berchtold, .prayerMonday],
            "VS": catholic + [.joseph],
            "ZG": [.goodFriday] + catholic,
            "ZH": easter + [.labour, .stephen],
        ]
    }()
}
