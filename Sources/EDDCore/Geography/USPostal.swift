/// US ZIP code prefixes (the first three digits, "ZIP3") to states and time zones.
///
/// The ranges follow the USPS list of ZIP3 prefixes as assigned to sectional centers; prefixes not in
/// use (e.g. 000–004, 213, 269) map to no state. Military mail (AA, AE, AP) and the territories (PR, VI,
/// GU) carry their own codes.
enum USPostal {
    /// State (or territory / military) codes with their primary IANA zone; index + 1 is the table value.
    static let states: [(code: String, zone: String)] = [
        ("AL", "America/Chicago"), ("AK", "America/Anchorage"), ("AZ", "America/Phoenix"),
        ("AR", "America/Chicago"), ("CA", "America/Los_Angeles"), ("CO", "America/Denver"),
        ("CT", "America/New_York"), ("DE", "America/New_York"), ("DC", "America/New_York"),
        ("FL", "America/New_York"), ("GA", "America/New_York"), ("HI", "Pacific/Honolulu"),
        ("ID", "America/Boise"), ("IL", "America/Chicago"), ("IN", "America/Indiana/Indianapolis"),
        ("IA", "America/Chicago"), ("KS", "America/Chicago"), ("KY", "America/New_York"),
        ("LA", "America/Chicago"), ("ME", "America/New_York"), ("MD", "America/New_York"),
        ("MA", "America/New_York"), ("MI", "America/Detroit"), ("MN", "America/Chicago"),
        ("MS", "America/Chicago"), ("MO", "America/Chicago"), ("MT", "America/Denver"),
        ("NE", "America/Chicago"), ("NV", "America/Los_Angeles"), ("NH", "America/New_York"),
        ("NJ", "America/New_York"), ("NM", "America/Denver"), ("NY", "America/New_York"),
        ("NC", "America/New_York"), ("ND", "America/Chicago"), ("OH", "America/New_York"),
        ("OK", "America/Chicago"), ("OR", "America/Los_Angeles"), ("PA", "America/New_York"),
        ("RI", "America/New_York"), ("SC", "America/New_York"), ("SD", "America/Chicago"),
        ("TN", "America/Chicago"), ("TX", "America/Chicago"), ("UT", "America/Denver"),
        ("VT", "America/New_York"), ("VA", "America/New_York"), ("WA", "America/Los_Angeles"),
        ("WV", "America/New_York"), ("WI", "America/Chicago"), ("WY", "America/Denver"),
        ("PR", "America/Puerto_Rico"), ("VI", "America/Puerto_Rico"), ("GU", "Pacific/Guam"),
        ("AS", "Pacific/Pago_Pago"), ("MP", "Pacific/Guam"),
        // Military mail: Americas, Europe (and the Middle East, Africa), Pacific.
        ("AA", "America/New_York"), ("AE", "Europe/Berlin"), ("AP", "Asia/Tokyo"),
    ]

    /// Inclusive ZIP3 ranges and their state; everything else is unassigned.
    private static let ranges: [(ClosedRange<Int>, String)] = [
        (5...5, "NY"), (6...7, "PR"), (8...8, "VI"), (9...9, "PR"), (10...27, "MA"), (28...29, "RI"),
        (30...38, "NH"), (39...49, "ME"), (50...54, "VT"), (55...55, "MA"), (56...59, "VT"), (60...69, "CT"),
        (70...89, "NJ"), (90...99, "AE"), (100...149, "NY"), (150...196, "PA"), (197...199, "DE"),
        (200...200, "DC"), (201...201, "VA"), (202...205, "DC"), (206...212, "MD"), (214...219, "MD"),
        (220...246, "VA"), (247...268, "WV"), (270...289, "NC"), (290...299, "SC"), (300...319, "GA"),
        (320...339, "FL"), (340...340, "AA"), (341...342, "FL"), (344...344, "FL"), (346...347, "FL"),
        (349...349, "FL"), (350...352, "AL"), (354...369, "AL"), (370...385, "TN"), (386...397, "MS"),
        (398...399, "GA"), (400...418, "KY"), (420...427, "KY"), (430...459, "OH"), (460...479, "IN"),
        (480...499, "MI"), (500...516, "IA"), (520...528, "IA"), (530...532, "WI"), (534...535, "WI"),
        (537...549, "WI"), (550...551, "MN"), (553...567, "MN"), (569...569, "DC"), (570...577, "SD"),
        (580...588, "ND"), (590...599, "MT"), (600...620, "IL"), (622...629, "IL"), (630...631, "MO"),
        (633...641, "MO"), (644...658, "MO"), (660...662, "KS"), (664...679, "KS"), (680...681, "NE"),
        (683...693, "NE"), (700...701, "LA"), (703...708, "LA"), (710...714, "LA"), (716...729, "AR"),
        (730...731, "OK"), (733...733, "TX"), (734...741, "OK"), (743...749, "OK"), (750...770, "TX"),
        (772...799, "TX"), (800...816, "CO"), (820...831, "WY"), (832...838, "ID"), (840...847, "UT"),
        (850...853, "AZ"), (855...857, "AZ"), (859...860, "AZ"), (863...865, "AZ"), (870...871, "NM"),
        (873...884, "NM"), (885...885, "TX"), (888...888, "DC"), (889...891, "NV"), (893...895, "NV"),
        (897...898, "NV"), (900...908, "CA"), (910...928, "CA"), (930...961, "CA"), (962...966, "AP"),
        (967...968, "HI"), (969...969, "GU"), (970...979, "OR"), (980...986, "WA"), (988...994, "WA"),
        (995...999, "AK"),
    ]

    /// ZIP3 prefixes whose zone differs from their state's primary zone (states split between zones).
    private static let zoneOverrides: [(ClosedRange<Int>, String)] = [
        (324...325, "America/Chicago"),  // Florida panhandle (Panama City, Pensacola).
        (420...424, "America/Chicago"),  // Western Kentucky (Paducah, Bowling Green, Owensboro).
        (463...464, "America/Chicago"),  // North-west Indiana (Gary).
        (476...477, "America/Chicago"),  // South-west Indiana (Evansville).
        (373...379, "America/New_York"),  // East Tennessee (Chattanooga, Knoxville).
        (577...577, "America/Denver"),  // Western South Dakota (Rapid City).
        (693...693, "America/Denver"),  // Nebraska panhandle (Alliance, Scottsbluff).
        (798...799, "America/Denver"),  // West Texas (El Paso).
        (885...885, "America/Denver"),  // El Paso.
        (838...838, "America/Los_Angeles"),  // North Idaho (Coeur d'Alene, Lewiston).
        (979...979, "America/Boise"),  // Eastern Oregon (Ontario).
    ]

    /// `stateOfZIP3[p]` = index + 1 into `states` of the state of prefix `p`, 0 when unassigned.
    static let stateOfZIP3: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1000)
        for (range, code) in ranges {
            let index = UInt8(states.firstIndex { $0.code == code }! + 1)
            for p in range { table[p] = index }
        }
        return table
    }()

    /// `zoneOfZIP3[p]` = the zone of prefix `p` when it differs from its state's, else nil.
    static let zoneOfZIP3: [String?] = {
        var table = [String?](repeating: nil, count: 1000)
        for (range, zone) in zoneOverrides {
            for p in range { table[p] = zone }
        }
        return table
    }()

    /// State code → index into `states`.
    static let stateIndex = Geography.indexByCode(states)

    /// The state code and zone of a ZIP3 prefix (0–999), or nil when it is unassigned.
    @inline(__always)
    static func lookup(zip3: Int) -> (region: String, zone: String)? {
        let value = Int(stateOfZIP3[zip3])
        guard value > 0 else { return nil }
        let state = states[value - 1]
        return (state.code, zoneOfZIP3[zip3] ?? state.zone)
    }

    /// The primary zone of a state code, or nil when it is not one.
    static func zone(region: String) -> String? {
        stateIndex[region].map { states[$0].zone }
    }
}
