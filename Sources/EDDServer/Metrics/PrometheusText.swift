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

    /// The exposition so far, as UTF-8 bytes (built as bytes: a scrape must stay cheap, see `DaemonMetrics`).
    package private(set) var bytes: [UInt8] = []

    /// The exposition so far, as text.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    package init() { bytes.reserveCapacity(16 << 10) }

    /// Starts a metric family.
    package mutating func family(_ name: String, _ kind: Kind, help: String) {
        append("# HELP ")
        append(name)
        bytes.append(0x20)
        appendEscaped(help, quotes: false)
        append("\n# TYPE ")
        append(name)
        bytes.append(0x20)
        append(kind.rawValue)
        bytes.append(0x0A)
    }

    /// One unlabelled sample of the current family.
    package mutating func sample(_ name: String, _ value: Double) { sample(name, [], value) }

    /// One unlabelled integer sample of the current family.
    package mutating func sample(_ name: String, _ value: Int) { sample(name, [], Double(value)) }

    /// One sample of the current family.
    package mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        append(name)
        if !labels.isEmpty {
            bytes.append(0x7B)
            for (i, (label, labelValue)) in labels.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                append(label)
                append("=\"")
                appendEscaped(labelValue, quotes: true)
                bytes.append(0x22)
            }
            bytes.append(0x7D)
        }
        bytes.append(0x20)
        if value == value.rounded() && abs(value) < 1e15 {
            appendInteger(Int64(value))
        } else {
            append(PrometheusText.number(value))
        }
        bytes.append(0x0A)
    }

    /// One integer sample of the current family.
    package mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, Double(value))
    }

    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude % 10) + 0x30)
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// Appends `value` with the format's escapes: backslash and newline always, the double quote in label
    /// values. Text without any of them (nearly all) is copied whole.
    private mutating func appendEscaped(_ value: String, quotes: Bool) {
        var value = value
        value.withUTF8 { utf8 in
            var plain = true
            for b in utf8 where b == 0x5C || b == 0x0A || (quotes && b == 0x22) {
                plain = false
                break
            }
            guard !plain else {
                bytes.append(contentsOf: utf8)
                return
            }
            for b in utf8 {
                switch b {
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x0A: bytes += [0x5C, 0x6E]
                case 0x22 where quotes: bytes += [0x5C, 0x22]
                default: bytes.append(b)
                }
            }
        }
    }

    /// A number as the format spells it.
    package static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
