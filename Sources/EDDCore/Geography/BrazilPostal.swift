/// Brazilian CEP prefixes to states and time zones.
///
/// Correios assigns each state whole blocks of CEPs; every block boundary falls on a multiple of 100 in
/// the first five digits, so the first three digits always decide the state. Checked against the states
/// recorded with the Olist data set's 100k customer and seller prefixes (the only disagreements are
/// sellers registered in one state with an address in another).
enum BrazilPostal {
    /// State codes with their IANA zone; index + 1 is the table value.
    static let states: [(code: String, zone: String)] = [
        ("AC", "America/Rio_Branco"), ("AL", "America/Maceio"), ("AM", "America/Manaus"),
        ("AP", "America/Belem"), ("BA", "America/Bahia"), ("CE", "America/Fortaleza"),
        ("DF", "America/Sao_Paulo"), ("ES", "America/Sao_Paulo"), ("GO", "America/Sao_Paulo"),
        ("MA", "America/Fortaleza"), ("MG", "America/Sao_Paulo"), ("MS", "America/Campo_Grande"),
        ("MT", "America/Cuiaba"), ("PA", "America/Belem"), ("PB", "America/Fortaleza"),
        ("PE", "America/Recife"), ("PI", "America/Fortaleza"), ("PR", "America/Sao_Paulo"),
        ("RJ", "America/Sao_Paulo"), ("RN", "America/Fortaleza"), ("RO", "America/Porto_Velho"),
        ("RR", "America/Boa_Vista"), ("RS", "America/Sao_Paulo"), ("SC", "America/Sao_Paulo"),
        ("SE", "America/Maceio"), ("SP", "America/Sao_Paulo"), ("TO", "America/Araguaina"),
    ]

    /// Inclusive ranges of the first five CEP digits and their state.
    private static let ranges: [(ClosedRange<Int>, String)] = [
        (1000...19999, "SP"), (20000...28999, "RJ"), (29000...29999, "ES"), (30000...39999, "MG"),
        (40000...48999, "BA"), (49000...49999, "SE"), (50000...56999, "PE"), (57000...57999, "AL"),
        (58000...58999, "PB"), (59000...59999, "RN"), (60000...63999, "CE"), (64000...64999, "PI"),
        (65000...65999, "MA"), (66000...68899, "PA"), (68900...68999, "AP"), (69000...69299, "AM"),
        (69300...69399, "RR"), (69400...69899, "AM"), (69900...69999, "AC"), (70000...72799, "DF"),
        (72800...72999, "GO"), (73000...73699, "DF"), (73700...76799, "GO"), (76800...76999, "RO"),
        (77000...77999, "TO"), (78000...78899, "MT"), (79000...79999, "MS"), (80000...87999, "PR"),
        (88000...89999, "SC"), (90000...99999, "RS"),
    ]

    /// `stateOfPrefix[p]` = index + 1 into `states` of the state of 3-digit prefix `p`, 0 when unassigned.
    static let stateOfPrefix: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1000)
        for (range, code) in ranges {
            let index = UInt8(states.firstIndex { $0.code == code }! + 1)
            for p in (range.lowerBound / 100)...(range.upperBound / 100) { table[p] = index }
        }
        return table
    }()

    /// State code → index into `states`.
    static let stateIndex = Geography.indexByCode(states)

    /// The state code and zone of a 3-digit CEP prefix (0–999), or nil when it is unassigned.
    @inline(__always)
    static func lookup(prefix: Int) -> (region: String, zone: String)? {
        let value = Int(stateOfPrefix[prefix])
        guard value > 0 else { return nil }
        let state = states[value - 1]
        return (state.code, state.zone)
    }

    /// The zone of a state code, or nil when it is not one.
    static func zone(region: String) -> String? {
        stateIndex[region].map { states[$0].zone }
    }
}
