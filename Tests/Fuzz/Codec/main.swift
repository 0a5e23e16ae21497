// libFuzzer target: the protocol codec and the request engine on arbitrary bytes.
//
// Every input is one request line: it is decoded (RequestDecoder) and answered (QueryService.respond) by a
// small synthetic model. The response must be exactly one line, ending in its only `\n`, and valid JSON
// (checked with the codec's own reader; the decoder is what is fuzzed, the reader is separately tested).
// Build and run: see Tests/Fuzz/README.md (Tests/Fuzz/build.sh compiles it with the library sources as one
// module; it is not a SwiftPM target).

import Foundation

/// A model fitted once from 200 synthetic shipments on two lanes (two working days in transit).
let service: QueryService = {
    var csv =
        "shipment_id,carrier,service,origin_country,origin_postal,origin_id,destination_country,destination_postal,event,event_time\n"
    for i in 0..<200 {
        let day = 2 + (i % 4)  // 2026-03-02 (Mon) to 03-05 (Thu)
        let lane = i % 2 == 0 ? "ups,ground,US,94107,wh-1,US,10001" : "olist,standard,BR,13023,s-1,BR,01310"
        csv += "s\(i),\(lane),ORDER_PLACED,2026-03-0\(day)T15:00:00Z\n"
        csv += "s\(i),\(lane),PICKED_UP,2026-03-0\(day)T16:00:00Z\n"
        csv += "s\(i),\(lane),DELIVERED,2026-03-0\(day + 2)T18:00:00Z\n"
    }
    let timelines = try! ScanIngestion.read(text: csv).timelines
    var options = FitOptions()
    options.calendars = options.calendars.completed(from: timelines)
    let model = ModelFitter.fit(timelines: timelines, options: options).0
    // A fixed clock keeps runs reproducible; no model path, so `reload` cannot touch files.
    return QueryService(model: model, path: nil, clock: { Instant(seconds: 1_775_000_000) })
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? RequestDecoder.decode(line)
    var out: [UInt8] = []
    service.respond(line: line, adminAllowed: false, into: &out)
    guard let newline = out.firstIndex(of: 0x0A), newline == out.count - 1 else {
        fatalError("response is not exactly one line: \(String(decoding: out, as: UTF8.self))")
    }
    do {
        let document = try JSONReader.parse(Array(out.dropLast()))
        guard document.kind(document.root) == .object else { fatalError("response is not a JSON object") }
    } catch {
        fatalError("response is not valid JSON (\(error)): \(String(decoding: out, as: UTF8.self))")
    }
    return 0
}
