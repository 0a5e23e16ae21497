@testable import EDDProtocol
import Testing

/// The decoder matches keys by comparing words with constants; these check each constant against the name
/// it stands for, spelled out as text here.
@Suite struct RequestKeyMatchingTests {
    static let topLevel: [(String, RequestDecoder.Field)] = [
        ("id", .id), ("op", .op), ("carrier", .carrier), ("service", .service), ("origin", .origin),
        ("destination", .destination), ("order_time", .orderTime), ("ship_time", .shipTime),
        ("confidence", .confidence), ("quantiles", .quantiles), ("distribution", .distribution), ("range", .range),
        ("options", .options), ("promised", .promised), ("now", .now), ("threshold", .threshold),
        ("scans", .scans), ("path", .path),
    ]

    static func named(_ text: String) -> RequestDecoder.Field? {
        Array(text.utf8).withUnsafeBufferPointer { RequestDecoder.Field.named($0) }
    }

    @Test func everyTopLevelKeyIsMatchedByItsName() {
        #expect(Self.topLevel.count == RequestDecoder.Field.allCases.count)
        for (name, field) in Self.topLevel {
            #expect(Self.named(name) == field, "\(name)")
            // One byte off, one byte more or one less: no field.
            #expect(Self.named(String(name.dropLast()) + "_") == nil, "\(name)")
            #expect(Self.named(name + "s") == nil, "\(name)")
            #expect(Self.named(String(name.dropLast())) == nil, "\(name)")
            #expect(Self.named(name.uppercased()) == nil, "\(name)")
        }
    }

    @Test func keysReadInPlaceMatchAsTheyDoCopied() {
        // A key in the middle of a line is read with whole-word loads past its end: the bytes after it must not
        // count.
        let line = Array(#"{"carrier_x":1,"carrier":"a","origin":{"postal":"1","id":"w","country":"US"}}"#.utf8)
        line.withUnsafeBufferPointer { b in
            let key = RequestScanner.Span(start: 2, end: 11, escaped: false)
            #expect(RequestDecoder.Field.named(RequestDecoder.KeyWords.of(key, in: b)) == nil)
            let short = RequestScanner.Span(start: 2, end: 9, escaped: false)
            #expect(RequestDecoder.Field.named(RequestDecoder.KeyWords.of(short, in: b)) == .carrier)
        }
        let members: [(String, RequestDecoder.PlaceFields.Member)] = [
            ("postal", .postal), ("country", .country), ("region", .region), ("id", .id),
        ]
        for (name, member) in members {
            let bytes = Array(name.utf8)
            let found = bytes.withUnsafeBufferPointer {
                RequestDecoder.PlaceFields.Member.named(RequestDecoder.KeyWords($0, readable: $0.count))
            }
            #expect(found == member, "\(name)")
        }
    }
}
