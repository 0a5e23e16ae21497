/// US ZIP code prefixes (ZIP3) → state, and state → IANA time zone.
enum USPostal {
    /// Inclusive ZIP3 ranges and their state (USPS assignments; unassigned prefixes have no state).
    static let ranges: [(ClosedRange<Int>, String)] = [
        (5...5, "NY"), (6...7, "PR"), (8...8, "VI"), (9...9, "PR"), (10...27, "MA"), (28...29, "RI"),
        (30...38, "NH"), (39...49, "ME"), (50...54, "VT"), (55...55, "MA"), (56...59, "VT"), (60...69, "CT"),
        (70...89, "NJ"), (90...99, "AE"), (100...149, "NY"), (150...196, "PA"), (197...199, "DE"),
        (200...200, "DC"), (201...201, "VA"), (202...205, "DC"), (206...219, "MD"), (220...246, "VA"),
        (247...268, "WV"), (270...289, "NC"), (290...299, "SC"), (300...319, "GA"), (320...349, "FL"),
        (350...369, "AL"), (370...385, "TN"), (386...397, "MS"), (398...399, "GA"), (400...427, "KY"),
        (430...459, "OH"), (460...479, "IN"), (480...499, "MI"), (500...528, "IA"), (530...549, "WI"),
        (550...567, "MN"), (569...569, "DC"), (570...577, "SD"), (580...588, "ND"), (590...599, "MT"),
        (600...629, "IL"), (630...658, "MO"), (660...679, "KS"), (680...693, "NE"), (700...714, "LA"),
        (716...729, "AR"), (730...749, "OK"), (750...799, "TX"), (800...816, "CO"), (820...831, "WY"),
        (832...838, "ID"), (840...847, "UT"), (850...865, "AZ"), (870...884, "NM"), (885...885, "TX"),
        (889...898, "NV"), (900...961, "CA"), (962...966, "AP"), (967...968, "HI"), (969...969, "GU"),
        (970...979, "OR"), (980...994, "WA"), (995...999, "AK"),
    ]

    static let table: [String?] = {
        var t = [String?](repeating: nil, count: 1000)
        for (r, s) in ranges { for z in r { t[z] = s } }
        return t
    }()

    static func state(zip3: Int) -> String? { zip3 >= 0 && zip3 < 1000 ? table[zip3] : nil }

    /// Prefixes whose zone differs from their state's main one.
    static func zoneOverride(zip3: Int) -> String? {
        switch zip3 {
        case 324, 325: "America/Chicago"  // Florida panhandle
        case 798, 799, 885: "America/Denver"  // El Paso
        case 463, 464: "America/Chicago"  // north-west Indiana
        case 498, 499: "America/Menominee"  // western Upper Peninsula
        case 420, 421, 422, 423, 424, 427: "America/Chicago"  // western Kentucky
        case 373, 374, 376, 377, 378, 379: "America/New_York"  // east Tennessee
        case 835, 838: "America/Los_Angeles"  // north Idaho
        case 979: "America/Boise"  // eastern Oregon
        default: nil
        }
    }

    static let stateZones: [String: String] = [
        "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix", "AR": "America/Chicago",
        "CA": "America/Los_Angeles", "CO": "America/Denver", "CT": "America/New_York", "DE": "America/New_York",
        "DC": "America/New_York", "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
        "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "IA": "America/Chicago",
        "KS": "America/Chicago", "KY": "America/New_York", "LA": "America/Chicago", "ME": "America/New_York",
        "MD": "America/New_York", "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
        "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver", "NE": "America/Chicago",
        "NV": "America/Los_Angeles", "NH": "America/New_York", "NJ": "America/New_York", "NM": "America/Denver",
        "NY": "America/New_York", "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
        "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York", "RI": "America/New_York",
        "SC": "America/New_York", "SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago",
        "UT": "America/Denver", "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
        "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver", "PR": "America/Puerto_Rico",
        "VI": "America/St_Thomas", "GU": "Pacific/Guam", "AE": "Europe/Berlin", "AP": "Asia/Tokyo",
    ]
}
