import EDDCore

/// A minimal `--flag value` command-line parser for the executables (the package takes no dependencies).
///
/// It is handed the arguments; it never reads the process's argv itself. It is strict, as a tool whose
/// mistakes can destroy data must be: a flag given twice (unless read with ``values(_:)``), a flag nobody
/// reads and a word no flag takes are usage errors, reported by ``rejectUnknown(allowingPositionals:)``,
/// which every command calls after reading its flags and before it reads any input.
public struct ArgumentList {
    private var consumed: Set<Int> = []
    private var known: Set<String> = ["--help", "-h"]
    private let original: [String]

    /// Wraps the arguments that follow the subcommand.
    public init(_ arguments: [String]) {
        self.original = arguments
    }

    /// Whether `--help` or `-h` was given.
    public var wantsHelp: Bool { original.contains("--help") || original.contains("-h") }

    /// The positions where `name` occurs, refusing a second occurrence.
    private mutating func single(_ name: String) throws -> Int? {
        known.insert(name)
        if let joined = original.first(where: { $0.hasPrefix(name + "=") }) {
            throw UsageError("write '\(name) \(joined.dropFirst(name.count + 1))', not '\(joined)'")
        }
        let places = original.indices.filter { original[$0] == name && !consumed.contains($0) }
        guard places.count <= 1 else { throw UsageError("\(name) is given \(places.count) times; give it once") }
        return places.first
    }

    /// The value after `name` at position `i`.
    private mutating func take(_ name: String, at i: Int) throws -> String {
        // A value starting with `--` is almost always a forgotten value followed by the next flag.
        guard i + 1 < original.count, !original[i + 1].hasPrefix("--") else {
            throw UsageError("\(name) needs a value")
        }
        consumed.insert(i)
        consumed.insert(i + 1)
        return original[i + 1]
    }

    /// The value after `name` (e.g. `--out`), or nil when the flag is absent.
    /// - Throws: ``UsageError`` when the flag has no value or is given more than once.
    public mutating func value(_ name: String) throws -> String? {
        guard let i = try single(name) else { return nil }
        return try take(name, at: i)
    }

    /// All values given for a repeatable flag (`--quantile 0.1 --quantile 0.9`).
    public mutating func values(_ name: String) throws -> [String] {
        known.insert(name)
        var out: [String] = []
        var i = 0
        while i < original.count {
            if original[i] == name && !consumed.contains(i) {
                out.append(try take(name, at: i))
                i += 2
            } else {
                i += 1
            }
        }
        return out
    }

    /// The value of a required flag.
    public mutating func required(_ name: String) throws -> String {
        guard let v = try value(name) else { throw UsageError("missing required \(name)") }
        return v
    }

    /// A value parsed by `parse`, with a usage error naming the flag when it does not parse.
    public mutating func value<T>(_ name: String, _ what: String, _ parse: (String) -> T?) throws -> T? {
        guard let raw = try value(name) else { return nil }
        guard let v = parse(raw) else { throw UsageError("\(name) must be \(what), got '\(raw)'") }
        return v
    }

    /// A whole number within `range`, with a usage error stating the range (and `why`, when given).
    public mutating func integer(_ name: String, in range: ClosedRange<Int>, _ unit: String = "", why: String = "")
        throws -> Int?
    {
        let what = "a whole number\(unit.isEmpty ? "" : " of \(unit)") from \(range.lowerBound) to \(range.upperBound)"
        return try value(name, what + (why.isEmpty ? "" : " (\(why))")) {
            Int($0).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A number within `range` (both ends included unless `above` excludes the lower one).
    public mutating func number(_ name: String, in range: ClosedRange<Double>, above: Bool = false, _ unit: String)
        throws -> Double?
    {
        let low = above ? "more than \(Self.text(range.lowerBound))" : "from \(Self.text(range.lowerBound))"
        let what = "a number of \(unit) \(low) \(above ? "and at most" : "to") \(Self.text(range.upperBound))"
        return try value(name, what) { text in
            guard let v = Double(text), v.isFinite, range.contains(v), !(above && v == range.lowerBound) else {
                return nil
            }
            return v
        }
    }

    private static func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    /// Whether a boolean flag is present.
    /// - Throws: ``UsageError`` when it is given more than once.
    public mutating func flag(_ name: String) throws -> Bool {
        guard let i = try single(name) else { return false }
        consumed.insert(i)
        return true
    }

    /// Positional arguments (those not consumed by flags), in order. Call after reading every flag.
    public var positionals: [String] {
        original.indices.filter { !consumed.contains($0) && !Self.looksLikeOption(original[$0]) }.map { original[$0] }
    }

    private static func looksLikeOption(_ a: String) -> Bool { a.hasPrefix("-") && a != "-" }

    /// Throws a usage error for any option that was not read and, unless allowed, any word no flag took.
    ///
    /// Call after reading every flag and before reading any input.
    public func rejectUnknown(allowingPositionals: Bool = false) throws {
        for (i, a) in original.enumerated() where Self.looksLikeOption(a) && !consumed.contains(i) && !known.contains(a)
        {
            if let eq = a.firstIndex(of: "="), known.contains(String(a[..<eq])) {
                throw UsageError("write '\(a[..<eq]) \(a[a.index(after: eq)...])', not '\(a)'")
            }
            throw UsageError("unknown option \(a)")
        }
        if !allowingPositionals, let extra = positionals.first {
            throw UsageError("unexpected argument '\(extra)'")
        }
    }
}
