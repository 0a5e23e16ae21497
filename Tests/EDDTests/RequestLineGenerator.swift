@testable import EDDCore

/// Seeded request lines for the decoder's differential tests: every op, fields in any order, spelled in the
/// ways JSON allows (escapes, whitespace, exponents, `null`, repeated keys, unknown members).
///
/// With `faults`, values are also drawn from the wrong kinds and out of range, and required fields are
/// sometimes left out, so that every check of the decoder is met.
struct RequestLineGenerator {
    var rng: SplitMix64
    let faults: Bool

    init(seed: UInt64, faults: Bool) {
        rng = SplitMix64(seed: seed)
        self.faults = faults
    }

    mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[rng.int(xs.count)] }

    /// Whitespace JSON allows between tokens, usually none.
    mutating func blank() -> String {
        chance(0.9) ? "" : pick([" ", "\t", "\r", "\n", "  ", " \r "])
    }

    /// A JSON string literal of `text`, sometimes with letters written as `\u` escapes or `/` as `\/`.
    mutating func quoted(_ text: String) -> String {
        var out = "\""
        let escape = chance(0.05)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where escape: out += "\\/"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value, radix: 16).leftPadded(2)
            case _ where escape && chance(0.3) && scalar.value < 0x10000:
                out += "\\u" + String(scalar.value, radix: 16, uppercase: chance(0.5)).leftPadded(4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number in JSON, written one of several ways.
    mutating func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e6, chance(0.5) { return String(Int(v)) }
        switch rng.int(4) {
        case 0: return "\(v)"
        case 1: return "\(v * 10)e-1"
        case 2: return "\(v * 100)E-2"
        default: return v == 0.5 ? "0.50" : "\(v)"
        }
    }

    mutating func date() -> (year: Int, month: Int, day: Int) {
        // Without faults every date is in one year, so no two are too far apart.
        let year =
            !faults ? 2026 : chance(0.1) ? pick([1850, 1899, 1900, 2199, 2200, 2500, 9999]) : 2024 + rng.int(4)
        return (year, 1 + rng.int(12), 1 + rng.int(28))
    }

    mutating func timestamp(_ d: (year: Int, month: Int, day: Int)) -> String {
        let offset = pick(["Z", "-08:00", "+05:30", "-03:00", "+00:00", "z"])
        let fraction = chance(0.2) ? ".123" : ""
        let text =
            "\(String(d.year).leftPadded(4))-\(String(d.month).leftPadded(2))-\(String(d.day).leftPadded(2))"
            + "T\(String(rng.int(24)).leftPadded(2)):\(String(rng.int(60)).leftPadded(2)):00\(fraction)\(offset)"
        return quoted(text)
    }

    mutating func day(_ d: (year: Int, month: Int, day: Int)) -> String {
        quoted("\(String(d.year).leftPadded(4))-\(String(d.month).leftPadded(2))-\(String(d.day).leftPadded(2))")
    }

    /// A value of the wrong kind for most fields.
    mutating func wrongValue() -> String {
        pick(["1", "-2.5e3", "true", "false", "\"x\"", "[]", "[1,\"a\"]", "{}", "{\"a\":[{}]}", "\"\"", "0", "1e999"])
    }

    mutating func letters() -> String {
        pick(["ups", "UPS", "FedEx", "olist", "dhl", "u\u{e9}ps", "a b", "x/y"])
    }

    mutating func object(_ members: [(String, String)]) -> String {
        var members = members
        if chance(0.1) { members.append(("extra", pick(["1", "null", "{\"deep\":[1,{\"a\":null}]}", "\"s\""]))) }
        if chance(0.05), let first = members.first { members.append(first) }
        members.shuffle(using: &rng)
        let body = members.map { "\(blank())\(quoted($0.0))\(blank()):\(blank())\($0.1)\(blank())" }
        return "{" + body.joined(separator: ",") + "}"
    }

    mutating func place(origin: Bool) -> String {
        if faults && chance(0.05) { return wrongValue() }
        var members: [(String, String)] = []
        if chance(0.8) {
            let country =
                faults && chance(0.1) ? pick(["USA", "", "u", "1S", "\u{e9}s"]) : pick(["US", "BR", "us", "Br"])
            members.append(("country", quoted(country)))
        }
        if chance(0.95) { members.append(("postal", quoted(pick(["94107", "10001", "01310-100", "037", ""])))) }
        if chance(0.2) { members.append(("region", quoted(pick(["ca", "SP", "ny"])))) }
        if origin, chance(0.4) {
            members.append(("id", quoted(pick(["wh-sfo-1", "1554a68530182680ad5c8b042c3ab563"]))))
        }
        if chance(0.05) { members.append((pick(["postal", "region", "id"]), "null")) }
        if faults && chance(0.1) { members.append((pick(["postal", "country", "region", "id"]), wrongValue())) }
        return object(members)
    }

    mutating func unit(_ low: Double = 0.01, _ high: Double = 0.99) -> String {
        if faults && chance(0.1) { return pick(["0", "1", "1.5", "-0.1", "\"0.9\"", "null", "1e-400", "2e308"]) }
        return number(((low + rng.unit() * (high - low)) * 100).rounded() / 100)
    }

    mutating func quantiles() -> String {
        if faults && chance(0.05) { return pick(["0.5", "{}", "\"q\""]) }
        let n = faults && chance(0.05) ? pick([99, 100, 120]) : rng.int(5)
        var levels: [String] = []
        for _ in 0..<n { levels.append(chance(0.2) ? pick(["0.5", "0.50", "5e-1", "0.1"]) : unit()) }
        return "[" + levels.joined(separator: ",\(blank())") + "]"
    }

    mutating func options() -> String {
        if faults && chance(0.05) { return pick(["{}", "1", "[1]"]) }
        let n = faults && chance(0.05) ? 17 : 1 + rng.int(3)
        var entries: [String] = []
        for _ in 0..<n {
            var members: [(String, String)] = []
            if !faults || chance(0.9) {
                members.append(("carrier", faults && chance(0.1) ? wrongValue() : quoted(letters())))
            }
            if chance(0.6) {
                members.append(
                    ("service", faults && chance(0.1) ? wrongValue() : quoted(pick(["ground", "2day", "Standard"]))))
            }
            entries.append(object(members))
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    mutating func scans() -> String {
        if faults && chance(0.05) { return pick(["{}", "1", "[\"x\"]"]) }
        let n = faults && chance(0.03) ? 257 : rng.int(4)
        var entries: [String] = []
        let codes = EventCode.allCases.map(\.code) + (faults ? ["NOPE", ""] : [])
        for _ in 0..<n {
            var members: [(String, String)] = []
            if !faults || chance(0.9) {
                var code = pick(codes)
                if chance(0.2) { code = code.lowercased() }
                members.append(("code", faults && chance(0.05) ? wrongValue() : quoted(code)))
            }
            if !faults || chance(0.9) {
                members.append(("time", faults && chance(0.05) ? wrongValue() : timestamp(date())))
            }
            if chance(0.5) { members.append(("postal", faults && chance(0.05) ? wrongValue() : quoted("75261"))) }
            entries.append(object(members))
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    /// One request line.
    mutating func line() -> [UInt8] {
        var members: [(String, String)] = []
        let name = pick(["edd", "edd", "edd", "edd", "risk", "risk", "health", "model", "stats", "reload"])
        let op =
            faults && chance(0.05)
            ? pick(["\"nope\"", "1", "\"EDD\"", quoted(String(repeating: "z", count: 45))]) : quoted(name)
        if !(faults && chance(0.03)) { members.append(("op", op)) }
        if chance(0.9) {
            members.append(
                (
                    "id",
                    faults && chance(0.05)
                        ? pick(["true", "{}", "[1]"])
                        : pick([quoted("c-\(rng.int(1000))"), "\(rng.int(99))", "1.50", "-3e2"])
                ))
        }
        if !faults || chance(0.95) {
            members.append(("carrier", faults && chance(0.05) ? wrongValue() : quoted(letters())))
        }
        if chance(0.6) {
            members.append(
                ("service", faults && chance(0.05) ? wrongValue() : quoted(pick(["ground", "2day", "Standard"]))))
        }
        if chance(0.8) { members.append(("origin", place(origin: true))) }
        if !faults || chance(0.95) { members.append(("destination", place(origin: false))) }
        let d = date()
        if chance(0.7) {
            members.append(
                (
                    "order_time",
                    faults && chance(0.05) ? pick(["\"yesterday\"", "1", "\"2026-11-23T14:05:00\""]) : timestamp(d)
                ))
        }
        if chance(0.2) { members.append(("ship_time", timestamp(date()))) }
        if chance(0.6) { members.append(("confidence", unit())) }
        if chance(0.5) { members.append(("quantiles", quantiles())) }
        if chance(0.2) {
            members.append(("distribution", faults && chance(0.1) ? "\"yes\"" : pick(["true", "false"])))
        }
        if chance(0.2) { members.append(("range", unit())) }
        if chance(0.15) { members.append(("options", options())) }
        if chance(0.4) || (!faults && name == "risk") {
            members.append(("promised", faults && chance(0.1) ? pick(["\"soon\"", "5", "\"2026-02-30\""]) : day(d)))
        }
        if chance(0.3) { members.append(("now", timestamp(d))) }
        if chance(0.3) {
            members.append(("threshold", faults && chance(0.1) ? pick(["1.5", "-1", "\"x\""]) : unit(0, 1)))
        }
        if chance(0.3) { members.append(("scans", scans())) }
        if chance(0.1) { members.append(("path", faults && chance(0.2) ? "3" : quoted("/m/x.edd"))) }
        if chance(0.05) { members.append((pick(["carrier", "origin", "quantiles", "op", "id"]), "null")) }
        return Array((blank() + object(members) + blank()).utf8)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
