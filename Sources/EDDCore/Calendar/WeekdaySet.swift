/// A set of days of the week (bit 0 = Sunday … bit 6 = Saturday).
public struct WeekdaySet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x7f }

    public static let monday = WeekdaySet(rawValue: 1 << 1)
    public static let tuesday = WeekdaySet(rawValue: 1 << 2)
    public static let wednesday = WeekdaySet(rawValue: 1 << 3)
    public static let thursday = WeekdaySet(rawValue: 1 << 4)
    public static let friday = WeekdaySet(rawValue: 1 << 5)
    public static let saturday = WeekdaySet(rawValue: 1 << 6)
    public static let mondayToFriday: WeekdaySet = [.monday, .tuesday, .wednesday, .thursday, .friday]
    public static let mondayToSaturday: WeekdaySet = [.mondayToFriday, .saturday]
    public static let everyDay = WeekdaySet(rawValue: 0x7f)

    /// Whether the weekday (0 = Sunday … 6 = Saturday) is in the set.
    public func contains(weekday: Int) -> Bool { rawValue & (1 << UInt8(weekday)) != 0 }

    static let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// `mon-fri`, `mon-sat`, `all`, or a comma/space-separated list of three-letter names.
    public init?(parsing text: String) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        switch t {
        case "mon-fri": self = .mondayToFriday
        case "mon-sat": self = .mondayToSaturday
        case "all", "sun-sat", "mon-sun": self = .everyDay
        default:
            var set = WeekdaySet()
            for part in t.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "+" }) {
                guard let i = WeekdaySet.names.firstIndex(of: String(part)) else { return nil }
                set.insert(WeekdaySet(rawValue: 1 << UInt8(i)))
            }
            guard !set.isEmpty else { return nil }
            self = set
        }
    }

    /// The canonical text form (`mon-fri`, `mon-sat`, `all` or a `+`-separated list).
    public var text: String {
        switch self {
        case .mondayToFriday: "mon-fri"
        case .mondayToSaturday: "mon-sat"
        case .everyDay: "all"
        default: (0..<7).filter { contains(weekday: $0) }.map { WeekdaySet.names[$0] }.joined(separator: "+")
        }
    }
}

import Foundation
