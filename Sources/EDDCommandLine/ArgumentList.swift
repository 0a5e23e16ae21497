import EDDCore

/// A minimal `--flag value` command-line parser for the executables (the package takes no dependencies).
///
/// It is handed the arguments; it never reads the process's argv itself. Unknown flags are usage errors.
public struct ArgumentList {
    private var remaining: [String]
    private var consumed: Set<Int> = []
    private let original: [String]

    /// Wraps the arguments that follow the subcommand.
    public init(_ arguments: [String]) {
        self.original = arguments
        self.remaining = arguments
    }

    /// Whether `--help` or `-h` was given.
    public var wantsHelp: Bool { original.contains("--help") || original.contains("-h") }

    /// The value after `name` (e.g. `--out`), or nil when the flag is absent.
    /// - Throws: ``ToolError/usage(_:)`` when the flag is last with no value.
    public mutating func value(_ name: String) throws -> String? {
        guard let i = original.firstIndex(of: name) else { return nil }
        guard i + 1 < original.count else { throw ToolError.usage("\(name) needs a value") }
        consumed.insert(i)
        consumed.insert(i + 1)
        return original[i + 1]
    }

    /// All values given for a repeatable flag (`--quantile 0.1 --quantile 0.9`).
    public mutating func values(_ name: String) throws -> [String] {
        var out: [String] = []
        for (i, a) in original.enumerated() where a == name {
            guard i + 1 < original.count else { throw ToolError.usage("\(name) needs a value") }
            consumed.insert(i)
            consumed.insert(i + 1)
            out.append(original[i + 1])
        }
        return out
    }

    /// The value of a required flag.
    public mutating func required(_ name: String) throws -> String {
        guard let v = try value(name) else { throw ToolError.usage("missing required \(name)") }
        return v
    }

    /// A value parsed by `parse`, with a usage error naming the flag when it does not parse.
    public mutating func value<T>(_ name: String, _ what: String, _ parse: (String) -> T?) throws -> T? {
        guard let raw = try value(name) else { return nil }
        guard let v = parse(raw) else { throw ToolError.usage("\(name) must be \(what), got '\(raw)'") }
        return v
    }

    /// Whether a boolean flag is present.
    public mutating func flag(_ name: String) -> Bool {
        guard let i = original.firstIndex(of: name) else { return false }
        consumed.insert(i)
        return true
    }

    /// Positional arguments (those not consumed by flags), in order. Call after reading every flag.
    public var positionals: [String] {
        original.enumerated().filter { !consumed.contains($0.offset) && !$0.element.hasPrefix("--") }.map(\.element)
    }

    /// Throws a usage error for any `--flag` that was not read (call after reading every flag).
    public func rejectUnknown() throws {
        for (i, a) in original.enumerated() where a.hasPrefix("--") && !consumed.contains(i) && a != "--help" {
            throw ToolError.usage("unknown option \(a)")
        }
    }
}
