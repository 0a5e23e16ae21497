import EDDCore
import EDDProtocol

/// Writes the Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` once per metric
/// family, then its samples, each `name{label="value",…} number`.
///
/// Label values are escaped as the format requires (backslash, double quote, newline); numbers use Go's
/// float syntax, which Swift's shortest round-trip spelling matches (`1e-06`, `+Inf`, `NaN`).
package struct PrometheusText {
    /// The `Content-Type` of a scrape answer.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The kinds of metric family the daemon exposes.
    package enum Kind: String {
        case counter, gauge, histogram
    }

    /// The text so far.
    package private(set) var text = ""

    package init() {}

    /// Starts a metric family.
    package mutating func family(_ name: String, _ kind: Kind, help: String) {
        text += "# HELP \(name) \(PrometheusText.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One unlabelled sample of the current family.
    package mutating func sample(_ name: String, _ value: Double) { sample(name, [], value) }

    /// One unlabelled integer sample of the current family.
    package mutating func sample(_ name: String, _ value: Int) { sample(name, [], Double(value)) }

    /// One sample of the current family.
    package mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { $0.0 + "=\"" + PrometheusText.escapeLabel($0.1) + "\"" }.joined(separator: ",")
            text += "}"
        }
        text += " " + PrometheusText.number(value) + "\n"
    }

    /// One integer sample of the current family.
    package mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, Double(value))
    }

    /// A number as the format spells it.
    package static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func escapeLabel(_ value: String) -> String { escape(value, quotes: true) }

    static func escapeHelp(_ value: String) -> String { escape(value, quotes: false) }

    private static func escape(_ value: String, quotes: Bool) -> String {
        var out = ""
        for ch in value.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"" where quotes: out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
