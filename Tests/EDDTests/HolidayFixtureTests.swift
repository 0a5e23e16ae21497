import EDDCore
import Foundation
import Testing

/// The built-in holiday rules against an independent list: `Fixtures/holidays-2020-2030.csv`, generated
/// once from the Python `holidays` package (the command and script are in its header), for every code in
/// it over 2020–2030.
@Suite struct HolidayFixtureTests {
    /// Dates per calendar code in the fixture.
    static let fixture: [String: Set<String>] = {
        guard
            let url = Bundle.module.url(
                forResource: "holidays-2020-2030", withExtension: "csv", subdirectory: "Fixtures"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [:] }
        var out: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("code,") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 2 else { continue }
            out[String(f[0]), default: []].insert(String(f[1]))
        }
        return out
    }()

    /// Where the package's list and "days parcels do not move" part ways, each difference with its reason.
    /// `+` the rules have the day and the package not, `-` the package has it and the rules not. The test
    /// fails on any other difference, and on any listed one that is no longer a difference.
    static let knownDifferences: [(code: String, dates: [String], reason: String)] =
        [
            (
                "NL",
                [
                    "-2020-04-10", "-2021-04-02", "-2022-04-15", "-2023-04-07", "-2024-03-29", "-2025-04-18",
                    "-2026-04-03", "-2027-03-26", "-2028-04-14", "-2029-03-30", "-2030-04-19",
                ],
                "Good Friday is not in the Algemene termijnenwet; PostNL delivers on it"
            ),
            (
                "ES",
                [
                    "+2020-11-01", "+2020-12-06", "+2021-08-15", "+2022-05-01", "+2022-12-25", "+2023-01-01",
                    "+2024-12-08", "+2025-10-12", "+2026-11-01", "+2026-12-06", "+2027-08-15", "+2030-01-06",
                    "+2030-12-08",
                ],
                "national days on a Sunday, which the package drops because communities may move them; a Sunday"
            ),
            (
                "AU-VIC",
                [
                    "-2020-10-23", "-2021-09-24", "-2022-09-23", "-2023-09-29", "-2024-09-27", "-2025-09-26",
                    "-2026-09-25", "-2027-09-24", "-2028-09-29", "-2029-09-28", "-2030-09-27",
                ],
                "the Friday before the AFL Grand Final is set by the government each year, not by a rule"
            ),
            (
                "AU-QLD",
                [
                    "-2020-08-14", "-2021-10-29", "-2022-08-10", "-2023-08-16", "-2024-08-14", "-2025-08-13",
                    "-2026-08-12", "-2027-08-11", "-2028-08-16", "-2029-08-15", "-2030-08-14",
                ],
                "the Royal Queensland Show day is a holiday in Brisbane only"
            ),
            (
                "AU-WA", ["-2024-09-23", "+2024-09-30"],
                "King's Birthday 2024 was proclaimed a week before the last Monday"
            ),
            ("AU-ACT", ["+2027-04-25"], "Anzac Day on a Sunday: the rules keep the Sunday as well as the Monday"),
            ("AU-SA", ["-2020-01-26"], "Australia Day 2020 on a Sunday: the rules keep only the Monday"),
            (
                "AU-NT", ["+2020-12-26", "+2021-12-26"],
                "NT then moved Boxing Day off a weekend; the rules add the substitute and keep the day (as NT does now)"
            ),
            ("DE-BE", ["-2028-06-17"], "a one-off anniversary not in the cited Berlin statute (and a Saturday)"),
            ("GB-SCT", ["-2026-06-15"], "contingent on Scotland reaching the World Cup final"),
        ]
        + ["CA", "CA-MB", "CA-NB", "CA-NS", "CA-NT", "CA-NU", "CA-ON"].map {
            (
                $0, ["+2029-07-02"],
                "Holidays Act s. 2: Canada Day is 2 July when 1 July is a Sunday (Canada Post is federal)"
            )
        }

    static func ours(_ code: String) -> Set<String> {
        Set((2020...2030).flatMap { HolidayRegistry.holidays(code: code, year: $0) }.map(\.date.description))
    }

    @Test func theFixtureCoversEveryCountryWithRules() {
        let countries = Set(Self.fixture.keys.map { String($0.prefix(2)) })
        #expect(Self.fixture.count >= 60)
        #expect(countries == Set(HolidayRegistry.countries).subtracting(["US", "BR"]))
    }

    @Test(arguments: fixture.keys.sorted())
    func rulesMatchTheIndependentList(code: String) throws {
        let theirs = try #require(Self.fixture[code])
        let mine = Self.ours(code)
        let found = Set(mine.subtracting(theirs).map { "+" + $0 } + theirs.subtracting(mine).map { "-" + $0 })
        let allowed = Set(Self.knownDifferences.filter { $0.code == code }.flatMap(\.dates))
        #expect(found == allowed, "\(code): differences \(found.sorted()) but listed \(allowed.sorted())")
    }
}
