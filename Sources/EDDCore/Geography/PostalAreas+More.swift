extension PostalAreas {
    /// A Japanese postal code (`100-0001`, `1000001`, or its first three digits): the three-digit area and
    /// the prefecture (ISO 3166-2:JP number, `13` Tokyo) most of the area lies in, from Japan Post's
    /// allocation of first digits.
    static func japaneseArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 7 || count == 3 else { return nil }
        let area = count == 7 ? value / 10_000 : value
        return (
            Geography.threeDigits[area],
            japanesePrefecture(area: area).map { Geography.threeDigits[$0].dropFirst().description }
        )
    }

    /// ISO 3166-2:JP prefecture number of a three-digit postal area.
    static func japanesePrefecture(area a: Int) -> Int? {
        switch a {
        case 0...9, 40...99: return 1  // Hokkaido
        case 10...19: return 5  // Akita
        case 20...29: return 3  // Iwate
        case 30...39: return 2  // Aomori
        case 100...209: return 13  // Tokyo
        case 210...259: return 14  // Kanagawa
        case 260...299: return 12  // Chiba
        case 300...319: return 8  // Ibaraki
        case 320...329: return 9  // Tochigi
        case 330...369: return 11  // Saitama
        case 370...379: return 10  // Gunma
        case 380...399: return 20  // Nagano
        case 400...409: return 19  // Yamanashi
        case 410...439: return 22  // Shizuoka
        case 440...499: return 23  // Aichi
        case 500...509: return 21  // Gifu
        case 510...519: return 24  // Mie
        case 520...529: return 25  // Shiga
        case 530...599: return 27  // Osaka
        case 600...629: return 26  // Kyoto
        case 630...639: return 29  // Nara
        case 640...649: return 30  // Wakayama
        case 650...679: return 28  // Hyogo
        case 680...689: return 31  // Tottori
        case 690...699: return 32  // Shimane
        case 700...719: return 33  // Okayama
        case 720...739: return 34  // Hiroshima
        case 740...759: return 35  // Yamaguchi
        case 760...769: return 37  // Kagawa
        case 770...779: return 36  // Tokushima
        case 780...789: return 39  // Kochi
        case 790...799: return 38  // Ehime
        case 800...839: return 40  // Fukuoka
        case 840...849: return 41  // Saga
        case 850...859: return 42  // Nagasaki
        case 860...869: return 43  // Kumamoto
        case 870...879: return 44  // Oita
        case 880...889: return 45  // Miyazaki
        case 890...899: return 46  // Kagoshima
        case 900...909: return 47  // Okinawa
        case 910...919: return 18  // Fukui
        case 920...929: return 17  // Ishikawa
        case 930...939: return 16  // Toyama
        case 940...959: return 15  // Niigata
        case 960...979: return 7  // Fukushima
        case 980...989: return 4  // Miyagi
        case 990...999: return 6  // Yamagata
        default: return nil
        }
    }

    /// A Spanish código postal (five digits; four when the leading zero was lost): the first three digits
    /// and the province its first two name (`28` Madrid, `01`…`52`).
    static func spanishArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 5 || count == 4, (1...52).contains(value / 1000)
        else { return nil }
        return (Geography.threeDigits[value / 100], Geography.threeDigits[value / 1000].dropFirst().description)
    }

    /// A Polish kod pocztowy (`00-950`, `00950`): the two-digit postal district (the first digit is the
    /// postal region, the second the district within it).
    static func polishArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 5 else { return nil }
        return (Geography.threeDigits[value / 1000].dropFirst().description, nil)
    }

    /// A Portuguese código postal (`1000-001`, or the four-digit CP4 alone): the CP4 area.
    static func portugueseArea(_ postal: String) -> (prefix: String, region: String?)? {
        guard let (value, count) = Geography.digits(postal), count == 7 || count == 4 else { return nil }
        let cp4 = count == 7 ? value / 1000 : value
        guard cp4 >= 1000 else { return nil }
        return (String(cp4), nil)
    }
}
