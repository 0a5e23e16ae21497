import EDDCore
import EDDProtocol

extension Logger {
    /// The two line formats of `--log-format`.
    public enum Format: String, Sendable, CaseIterable {
        /// `ts=… level=info event=start addr=…`: for people reading a terminal or journal.
        case text
        /// `{"ts":"…","level":"info","event":"start","addr":"…"}`: for log shippers (Loki, Elasticsearch).
        case json
    }

    /// One JSON object: `ts`, `level` and `event` first, then the fields in order, every value a string.
    ///
    /// A field named like one of the first three is renamed with a `field_` prefix, so a line never has a
    /// duplicate key (JSON parsers disagree about which duplicate wins).
    static func jsonLine(_ level: Level, _ event: String, _ fields: [(key: String, value: String)]) -> String {
        var line = #"{"ts":"# + jsonString(timestamp()) + #","level":"# + jsonString(level.description)
        line += #","event":"# + jsonString(event)
        for (key, value) in fields {
            let name = key == "ts" || key == "level" || key == "event" ? "field_" + key : key
            line += "," + jsonString(name) + ":" + jsonString(value)
        }
        return line + "}"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 section 7), by the
    /// wire's own writer.
    static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        JSONWriter.string(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
