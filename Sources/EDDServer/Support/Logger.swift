import EDDCore
import EDDProtocol
import Glibc

/// A structured logger writing one `key=value` line per event to stderr.
///
/// Lines look like `ts=2026-11-23T22:46:30.123Z level=info event=start addr=127.0.0.1:7433 workers=2`;
/// values containing spaces, quotes or `=` are quoted. Each line is written with a single write(2) so lines
/// from different threads never interleave. The daemon reuses it for reload messages.
public struct Logger: Sendable {
    /// Severity, in increasing order.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warning: return "warn"
            case .error: return "error"
            }
        }
    }

    /// Events below this level are dropped.
    public var minimumLevel: Level
    /// How each line is written: `key=value` text or one JSON object.
    public var format: Format
    private let sink: (@Sendable (String) -> Void)?

    /// Creates a logger writing to stderr, or to `sink` (one line without the trailing newline) when given.
    public init(minimumLevel: Level = .info, format: Format = .text, sink: (@Sendable (String) -> Void)? = nil) {
        self.minimumLevel = minimumLevel
        self.format = format
        self.sink = sink
    }

    /// A logger that drops everything (tests).
    public static var disabled: Logger { Logger(minimumLevel: .error, sink: { _ in }) }

    /// Logs `event` with ordered `fields`.
    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        guard level >= minimumLevel else { return }
        log(level, event, fields: fields.map { (key: $0.key, value: $0.value) })
    }

    /// Logs `event` with fields assembled at run time.
    public func log(_ level: Level, _ event: String, fields: [(key: String, value: String)]) {
        guard level >= minimumLevel else { return }
        var line = format == .json ? Logger.jsonLine(level, event, fields) : Logger.textLine(level, event, fields)
        if let sink {
            sink(line)
            return
        }
        line += "\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func textLine(_ level: Level, _ event: String, _ fields: [(key: String, value: String)]) -> String {
        var line = "ts=" + Logger.timestamp() + " level=\(level) event=" + Logger.quoted(event)
        for (key, value) in fields {
            line += " " + key + "=" + Logger.quoted(value)
        }
        return line
    }

    public func info(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.warning, event, fields)
    }
    public func error(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, event, fields) }

    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3D || $0 == 0x5C }
        guard needsQuotes else { return value }
        // The same escapes as the JSON format, control characters included.
        return jsonString(value)
    }

    /// UTC time with milliseconds, formatted by hand (no DateFormatter on this path).
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(ts.tv_nsec / 1_000_000), 3) + "Z"
    }
}
