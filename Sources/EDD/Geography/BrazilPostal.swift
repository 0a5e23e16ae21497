/// Brazilian CEP prefixes → state, and state → IANA time zone.
enum BrazilPostal {
    /// Inclusive 5-digit CEP ranges and their state (Correios).
    static let ranges: [(ClosedRange<Int>, String)] = [
        (1000...19999, "SP"), (20000...28999, "RJ"), (29000...29999, "ES"), (30000...39999, "MG"),
        (40000...48999, "BA"), (49000...49999, "SE"), (50000...56999, "PE"), (57000...57999, "AL"),
        (58000...58999, "PB"), (59000...59999, "RN"), (60000...63999, "CE"), (64000...64999, "PI"),
        (65000...65999, "MA"), (66000...68899, "PA"), (68900...68999, "AP"), (69000...69299, "AM"),
        (69300...69399, "RR"), (69400...69899, "AM"), (69900...69999, "AC"), (70000...72799, "DF"),
        (72800...72999, "GO"), (73000...73699, "DF"), (73700...76799, "GO"), (76800...76999, "RO"),
        (77000...77999, "TO"), (78000...78899, "MT"), (79000...79999, "MS"), (80000...87999, "PR"),
        (88000...89999, "SC"), (90000...99999, "RS"),
    ]

    static func state(cep5: Int) -> String? {
        var lo = 0
        var hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let (r, s) = ranges[mid]
            if cep5 < r.lowerBound { hi = mid - 1 } else if cep5 > r.upperBound { lo = mid + 1 } else { return s }
        }
        return nil
    }

    static let stateZones: [String: String] = [
        "SP": "America/Sao_Paulo", "RJ": "America/Sao_Paulo", "ES": "America/Sao_Paulo", "MG": "America/Sao_Paulo",
        "PR": "America/Sao_Paulo", "SC": "America/Sao_Paulo", "RS": "America/Sao_Paulo", "GO": "America/Sao_Paulo",
        "DF": "America/Sao_Paulo", "BA": "America/Bahia", "SE": "America/Maceio", "AL": "America/Maceio",
        "PE": "America/Recife", "PB": "America/Fortaleza", "RN": "America/Fortaleza", "CE": "America/Fortaleza",
        "PI": "America/Fortaleza", "MA": "America/Fortaleza", "PA": "America/Belem", "AP": "America/Belem",
        "TO": "America/Araguaina", "AM": "America/Manaus", "RR": "America/Boa_Vista", "AC": "America/Rio_Branco",
        "RO": "America/Porto_Velho", "MT": "America/Cuiaba", "MS": "America/Campo_Grande",
    ]
}
