import Foundation

/// A second, independent reading of the Prometheus text format 0.0.4 (tests only), strict where the
/// format is: metric and label names by their grammar, label values quoted with only `\\`, `\"` and `\n`
/// escapes, one `# TYPE` per family before its samples, `_total` on counters, and histograms whose buckets
/// are cumulative (never decreasing as `le` grows) with a `+Inf` bucket equal to `_count`.
struct PrometheusExposition {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
        init(_ line: Int, _ message: String) { description = "line \(line): \(message)" }
    }

    private(set) var samples: [Sample] = []
    private(set) var types: [String: String] = [:]

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Invalid(0, "the text does not end with a newline") }
        var familyOf: [String: String] = [:]
        var seenSamplesOf: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let n = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, parts[0] == "#" else { continue }
                let name = String(parts[2])
                guard Self.isMetricName(name) else { throw Invalid(n, "bad metric name '\(name)' in a comment") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4 else { throw Invalid(n, "TYPE without a type") }
                    let type = String(parts[3])
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(type) else {
                        throw Invalid(n, "unknown type '\(type)'")
                    }
                    guard types[name] == nil else { throw Invalid(n, "a second TYPE line for \(name)") }
                    guard !seenSamplesOf.contains(name) else { throw Invalid(n, "TYPE for \(name) after its samples") }
                    if type == "counter" && !name.hasSuffix("_total") {
                        throw Invalid(n, "counter \(name) does not end in _total")
                    }
                    types[name] = type
                    familyOf[name] = name
                    if type == "histogram" {
                        for suffix in ["_bucket", "_sum", "_count"] { familyOf[name + suffix] = name }
                    }
                }
                continue
            }
            let sample = try Self.parseSample(line, n)
            seenSamplesOf.insert(familyOf[sample.name] ?? sample.name)
            samples.append(sample)
        }
        try checkHistograms()
    }

    /// The value of the one sample with this name and exactly these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        return matching.count == 1 ? matching[0].value : nil
    }

    /// Every sample of `name`.
    func all(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    private func checkHistograms() throws {
        for (family, type) in types where type == "histogram" {
            var series: [[String: String]: [(le: Double, count: Double)]] = [:]
            for s in all(family + "_bucket") {
                guard let le = s.labels["le"], let bound = Self.number(le) else {
                    throw Invalid(0, "\(family)_bucket without a numeric le")
                }
                var rest = s.labels
                rest["le"] = nil
                series[rest, default: []].append((bound, s.value))
            }
            guard !series.isEmpty else { throw Invalid(0, "histogram \(family) has no buckets") }
            for (labels, buckets) in series {
                let sorted = buckets.sorted { $0.le < $1.le }
                for (a, b) in zip(sorted, sorted.dropFirst()) where b.count < a.count {
                    throw Invalid(0, "\(family) bucket le=\(b.le) (\(b.count)) is below le=\(a.le) (\(a.count))")
                }
                guard let last = sorted.last, last.le == .infinity else {
                    throw Invalid(0, "\(family) has no +Inf bucket")
                }
                guard let count = value(family + "_count", labels), count == last.count else {
                    throw Invalid(0, "\(family)_count differs from its +Inf bucket \(last.count)")
                }
                guard value(family + "_sum", labels) != nil else { throw Invalid(0, "\(family)_sum is missing") }
            }
        }
    }

    static func isMetricName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first == ":" || isLetter(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || isLetter($0) || ("0"..."9").contains($0) }
    }

    static func isLabelName(_ s: Substring) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// Go's float syntax as the format uses it (`+Inf`, `-Inf`, `NaN`, decimal and exponent forms).
    static func number(_ s: String) -> Double? {
        switch s {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default:
            guard !s.isEmpty, s.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
            return Double(s)
        }
    }

    static func parseSample(_ line: Substring, _ n: Int) throws -> Sample {
        var chars = Array(line.unicodeScalars)
        var i = 0
        while i < chars.count && chars[i] != "{" && chars[i] != " " { i += 1 }
        let name = String(String.UnicodeScalarView(chars[0..<i]))
        guard isMetricName(name) else { throw Invalid(n, "bad metric name '\(name)'") }
        var labels: [String: String] = [:]
        if i < chars.count && chars[i] == "{" {
            i += 1
            while i < chars.count && chars[i] != "}" {
                var j = i
                while j < chars.count && chars[j] != "=" { j += 1 }
                let label = Substring(String(String.UnicodeScalarView(chars[i..<j])))
                guard isLabelName(label), j + 1 < chars.count, chars[j + 1] == "\"" else {
                    throw Invalid(n, "bad label '\(label)'")
                }
                guard labels[String(label)] == nil else { throw Invalid(n, "label \(label) twice") }
                j += 2
                var value = ""
                while j < chars.count && chars[j] != "\"" {
                    if chars[j] == "\\" {
                        guard j + 1 < chars.count else { throw Invalid(n, "dangling backslash") }
                        switch chars[j + 1] {
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        case "n": value += "\n"
                        default: throw Invalid(n, "unknown escape \\\(chars[j + 1])")
                        }
                        j += 2
                    } else {
                        value.unicodeScalars.append(chars[j])
                        j += 1
                    }
                }
                guard j < chars.count else { throw Invalid(n, "unterminated label value") }
                labels[String(label)] = value
                j += 1
                if j < chars.count && chars[j] == "," { j += 1 }
                i = j
            }
            guard i < chars.count else { throw Invalid(n, "unterminated label set") }
            i += 1
        }
        guard i < chars.count, chars[i] == " " else { throw Invalid(n, "no space before the value") }
        chars = Array(chars[(i + 1)...])
        let fields = String(String.UnicodeScalarView(chars)).split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 1 || fields.count == 2, let value = number(String(fields[0])) else {
            throw Invalid(n, "bad value in '\(line)'")
        }
        if fields.count == 2 && Int64(fields[1]) == nil { throw Invalid(n, "bad timestamp in '\(line)'") }
        return Sample(name: name, labels: labels, value: value)
    }
}
