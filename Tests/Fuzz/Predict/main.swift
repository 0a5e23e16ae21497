// libFuzzer target: requests decoded *and answered* by the shipped model (Models/edd.model, or the file named
// by EDD_FUZZ_MODEL), predict and encode included.
//
// Byte 0 picks the input's kind:
// - even: the rest is one raw request line, as in the Codec target but against the real model's lanes,
//   hierarchy and calendars;
// - odd: the rest drives a builder that always writes a well-formed `edd` or `risk` request (the model's
//   carriers and services, US postal codes, dates of any year 0000-9999 biased to the edges of the supported
//   range, offsets, scans, options, quantiles with repeats), so most inputs reach the predictor, the calendars
//   and the encoder instead of stopping in the decoder.
//
// Checks: no crash or sanitizer report; the response is exactly one line and a JSON object; a built request
// is answered `ok`, or refused `invalid_request` for a date outside 1900-01-01 … 2199-12-31 or dates too far
// apart; the quantiles object has no repeated key; and (built with `-D DEBUG`) no request makes the business
// calendars look at more than 65,536 days one by one. Build and run: see Tests/Fuzz/README.md.

import Foundation

let modelPath = ProcessInfo.processInfo.environment["EDD_FUZZ_MODEL"] ?? "Models/edd.model"

/// The shipped model, served with a fixed clock (2026-11-18) and no model path, so `reload` cannot touch files.
let service: QueryService = {
    do {
        let model = try ModelFile.load(path: modelPath)
        return QueryService(model: model, path: nil, clock: { Instant(seconds: 1_795_500_000) })
    } catch {
        fatalError("cannot load \(modelPath) (run from the repository root or set EDD_FUZZ_MODEL): \(error)")
    }
}()

/// Reads the fuzzer's bytes as small choices; zeros once they run out.
struct Choices {
    var bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    mutating func byte() -> Int {
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return Int(bytes[at])
    }

    mutating func below(_ n: Int) -> Int { byte() % n }

    mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }

    func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `YYYY-MM-DD` of a day that exists, the year anywhere in 0000-9999 but mostly near 1900, 2026 or 2199,
    /// or at the ends of what four digits can write.
    mutating func date() -> String {
        let year: Int
        switch below(5) {
        case 0: year = (byte() << 8 | byte()) % 10_000
        case 1: year = 1895 + below(10)
        case 2: year = 2195 + below(10)
        case 3: year = below(2) == 0 ? below(5) : 9995 + below(5)
        default: year = 2024 + below(5)
        }
        let month = 1 + below(12)
        let day = 1 + below(CivilDate.daysInMonth(year: year, month: month))
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// An RFC 3339 timestamp with one of the offsets real feeds use, and the extremes.
    mutating func timestamp() -> String {
        let time = "T" + pad(below(24), 2) + ":" + pad(below(60), 2) + ":" + pad(below(61), 2)
        return date() + time + pick(["Z", "-08:00", "-05:00", "+05:30", "-12:00", "+14:00", "-03:00"])
    }
}

/// A well-formed request from the choices.
func buildRequest(_ c: inout Choices) -> String {
    let lanes: [(String, String?)] = [
        ("ups", "ground"), ("ups", "2day"), ("ups", "nextday"), ("fedex", "express"), ("fedex", "ground"),
        ("ontrac", "ground"), ("usps", "priority"), ("ups", nil), ("dhl", nil),
    ]
    let postals = ["94107", "10001", "30301", "60601", "75261", "98101", "02110", "33101", "", "00000", "99999"]
    func lane(_ c: inout Choices) -> String {
        let (carrier, service) = c.pick(lanes)
        return #""carrier":""# + carrier + "\"" + (service.map { #","service":""# + $0 + "\"" } ?? "")
    }
    let risk = c.below(2) == 1
    var line = "{\"op\":\"" + (risk ? "risk" : "edd") + "\"," + lane(&c)
    line += #","origin":{"postal":""# + c.pick(postals) + #""},"destination":{"postal":""# + c.pick(postals) + "\"}"
    let times = c.byte()
    if times & 1 != 0 { line += #","order_time":""# + c.timestamp() + "\"" }
    if times & 2 != 0 { line += #","ship_time":""# + c.timestamp() + "\"" }
    if times & 4 != 0 { line += #","confidence":0."# + String(1 + c.below(99)) }
    if times & 8 != 0 { line += #","distribution":true"# }
    if times & 16 != 0 {
        let levels = ["0.5", "0.50", "5E-1", "0.1", "1e-1", "0.9", "0.99", "0.01", "0.25", "0.75"]
        line += #","quantiles":["# + (0..<(1 + c.below(6))).map { _ in c.pick(levels) }.joined(separator: ",") + "]"
    }
    if times & 32 != 0 {
        line += #","options":["# + (0..<(1 + c.below(4))).map { _ in "{" + lane(&c) + "}" }.joined(separator: ",") + "]"
    }
    if risk {
        line += #","promised":""# + c.date() + "\""
        if times & 64 != 0 { line += #","now":""# + c.timestamp() + "\"" }
        if times & 128 != 0 {
            let scans = (0..<(1 + c.below(6))).map { _ in
                #"{"code":""# + c.pick(EventCode.allCases).code + #"","time":""# + c.timestamp() + "\"}"
            }
            line += #","scans":["# + scans.joined(separator: ",") + "]"
        }
    }
    return line + "}"
}

/// Answers `line`, checks the response's shape and returns it parsed.
func answer(_ line: UnsafeRawBufferPointer) -> (text: String, document: JSONDocument) {
    var out: [UInt8] = []
    #if DEBUG
        let meter = BusinessCalendar.WorkMeter()
        BusinessCalendar.WorkMeter.$current.withValue(meter) {
            service.respond(line: line, adminAllowed: false, into: &out)
        }
        if meter.days > 65_536 {
            fatalError("one request walked \(meter.days) days: \(String(decoding: line, as: UTF8.self))")
        }
    #else
        service.respond(line: line, adminAllowed: false, into: &out)
    #endif
    let text = String(decoding: out, as: UTF8.self)
    guard let newline = out.firstIndex(of: 0x0A), newline == out.count - 1 else {
        fatalError("response is not exactly one line: \(text)")
    }
    do {
        let document = try JSONReader.parse(Array(out.dropLast()))
        guard document.kind(document.root) == .object else { fatalError("response is not a JSON object: \(text)") }
        return (text, document)
    } catch {
        fatalError("response is not valid JSON (\(error)): \(text)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if data[0] & 1 == 0 {
        _ = try? RequestDecoder.decode(UnsafeRawBufferPointer(rest))
        _ = answer(UnsafeRawBufferPointer(rest))
        return 0
    }
    var choices = Choices(bytes: rest)
    let request = buildRequest(&choices)
    let (text, _) = Array(request.utf8).withUnsafeBytes { answer($0) }
    if !text.contains("\"ok\":true") {
        let dateRefusal = text.contains("must be a date from 1900-01-01 to 2199-12-31") || text.contains("days of ")
        guard text.contains("\"code\":\"invalid_request\""), dateRefusal else {
            fatalError("a well-formed request was refused: \(request)\n\(text)")
        }
    }
    // A repeated level must not repeat a key: each `"0.x":` appears at most once in the quantiles object.
    if let start = text.range(of: "\"quantiles\":{"), let end = text[start.upperBound...].firstIndex(of: "}") {
        let keys = text[start.upperBound..<end].split(separator: ",").map { $0.split(separator: ":")[0] }
        if Set(keys).count != keys.count { fatalError("repeated quantile key: \(request)\n\(text)") }
    }
    return 0
}
