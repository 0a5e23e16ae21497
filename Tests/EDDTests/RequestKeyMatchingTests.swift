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

    /// The two words ``RequestScanner/wordsAfterQuote()`` gives for a key whose opening quote is followed by
    /// `text` (spaces after it, as far as sixteen bytes).
    static func words(_ text: String) -> (UInt64, UInt64) {
        let bytes = Array((text + String(repeating: " ", count: 16)).utf8.prefix(16))
        func word(_ at: Int) -> UInt64 {
            (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        return (word(0), word(8))
    }

    @Test func keysWrittenAsTheirNamesAreMatchedInPlace() {
        for (name, field) in Self.topLevel {
            let (w0, w1) = Self.words(name + #"":1}"#)
            let found = RequestDecoder.Field.quoted(w0, w1)
            #expect(found?.0 == field, "\(name)")
            #expect(found?.1 == name.utf8.count, "\(name)")
            // Anything but the name and its closing quote is left to the general path.
            for other in [
                name + #"s":1"#, String(name.dropLast()) + #"":1"#, String(name.dropLast()) + #"_":1"#,
                name.uppercased() + #"":1"#, name + #"\"":1"#, name, "_" + name + #"":"#,
            ] {
                let (v0, v1) = Self.words(other)
                #expect(RequestDecoder.Field.quoted(v0, v1) == nil, "\(other)")
            }
        }
        let members: [(String, RequestDecoder.PlaceFields.Member)] = [
            ("postal", .postal), ("country", .country), ("region", .region), ("id", .id),
        ]
        for (name, member) in members {
            let found = RequestDecoder.PlaceFields.Member.quoted(Self.words(name + #"":"x"}"#).0)
            #expect(found?.0 == member, "\(name)")
            #expect(found?.1 == name.utf8.count, "\(name)")
            for other in [name + #"s":"#, String(name.dropLast()) + #"":"#, name.uppercased() + #"":"#, name] {
                #expect(RequestDecoder.PlaceFields.Member.quoted(Self.words(other).0) == nil, "\(other)")
            }
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
