import Foundation
@testable import EDDCore
@testable import EDDProtocol
import Testing

/// The single-pass ``RequestDecoder`` against the decoder it replaced (``ReferenceRequestDecoder``, kept under
/// Tests as the second implementation): the same request or the same error (code, message, echoed id) for
/// every line.
@Suite struct RequestDecoderDifferentialTests {
    /// What a decoder made of a line: the request described in full, or the error.
    enum Outcome: Equatable, CustomStringConvertible {
        case decoded(String)
        case failed(RequestDecodingError)

        var description: String {
            switch self {
            case .decoded(let text): text
            case .failed(let e): "\(e.error) id=\(e.id.map(\.description) ?? "nil")"
            }
        }
    }

    static func outcome(_ decode: () throws(RequestDecodingError) -> DecodedRequest) -> Outcome {
        do throws(RequestDecodingError) {
            return .decoded(String(reflecting: try decode()))
        } catch {
            return .failed(error)
        }
    }

    /// Decodes `line` both ways; returns the line's text when they differ.
    static func difference(_ line: [UInt8]) -> String? {
        let new = outcome { () throws(RequestDecodingError) in try RequestDecoder.decode(line) }
        let old = outcome { () throws(RequestDecodingError) in try ReferenceRequestDecoder.decode(line) }
        guard new != old else { return nil }
        return "\(String(decoding: line, as: UTF8.self))\n new: \(new)\n old: \(old)"
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The fuzz targets' seeds (Tests/Fuzz/*/seeds; a Predict seed's first byte says what the rest is), the
    /// files of `$EDD_FUZZ_CORPUS` when set, and every token of the codec dictionary on its own and spliced
    /// into each of those lines.
    static func fuzzCorpus() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for target in ["Codec", "Predict"] {
            let folder = repository.appendingPathComponent("Tests/Fuzz/\(target)/seeds")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                var bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
                if target == "Predict", !bytes.isEmpty, name.hasSuffix(".bin") { bytes.removeFirst() }
                while bytes.last == 0x0A { bytes.removeLast() }
                lines.append(bytes)
            }
        }
        let dictionary = try String(
            contentsOf: repository.appendingPathComponent("Tests/Fuzz/Codec/protocol.dict"), encoding: .utf8)
        let tokens: [[UInt8]] = dictionary.split(separator: "\n").compactMap { entry in
            guard entry.hasPrefix("\""), entry.hasSuffix("\""), entry.count >= 2 else { return nil }
            // The dictionary's escapes are libFuzzer's: \" and \\ stand for one byte.
            return Array(
                entry.dropFirst().dropLast().replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\").utf8)
        }
        // A corpus a fuzzing run grew (Tests/Fuzz/README.md), when given.
        if let grown = ProcessInfo.processInfo.environment["EDD_FUZZ_CORPUS"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: grown).sorted() {
                lines.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: grown + "/" + name))))
            }
        }
        let seeds = lines
        lines += tokens
        for seed in seeds where seed.count > 2 {
            for (k, token) in tokens.enumerated() {
                for at in [1, seed.count / 2, seed.count - 1, (k * 7919) % seed.count] {
                    var spliced = seed
                    spliced.insert(contentsOf: token, at: at)
                    lines.append(spliced)
                    var replaced = seed
                    replaced.replaceSubrange(at..<min(seed.count, at + token.count), with: token)
                    lines.append(replaced)
                }
            }
        }
        return lines
    }

    @Test func fuzzCorpusDecodesTheSameBothWays() throws {
        let corpus = try Self.fuzzCorpus()
        #expect(corpus.count > 1000)
        for line in corpus {
            if let d = Self.difference(line) { Issue.record("differs: \(d)") }
        }
    }

    @Test func randomValidRequestsDecodeTheSameBothWays() {
        var generator = RequestLineGenerator(seed: 14, faults: false)
        var decoded = 0
        for _ in 0..<100_000 {
            let line = generator.line()
            if let d = Self.difference(line) {
                Issue.record("differs: \(d)")
                return
            }
            if (try? RequestDecoder.decode(line)) != nil { decoded += 1 }
        }
        // The generator writes requests the protocol accepts (only their spelling varies), so nearly all decode.
        #expect(decoded > 99_000)
    }

    @Test func requestsWithFaultsDecodeTheSameBothWays() {
        var generator = RequestLineGenerator(seed: 41, faults: true)
        var failures = Set<String>()
        for _ in 0..<60_000 {
            let line = generator.line()
            if let d = Self.difference(line) {
                Issue.record("differs: \(d)")
                return
            }
            if case .failure(let e) = Result(catching: { () throws(RequestDecodingError) in
                try RequestDecoder.decode(line)
            }) {
                failures.insert(e.error.message.prefix(24).description)
            }
        }
        // Many different errors were met, not one failure repeated.
        #expect(failures.count > 60)
    }

    @Test func mutatedRequestsDecodeTheSameBothWays() {
        var generator = RequestLineGenerator(seed: 99, faults: false)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<60_000 {
            var bytes = generator.line()
            for _ in 0...(rng.next() % 3) {
                let at = rng.int(bytes.count)
                switch rng.next() % 5 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                case 3: bytes.removeSubrange(at...)
                default:
                    let structural: [UInt8] = Array(#"{}[]":,\ "#.utf8) + [0x0A, 0xC3, 0xFF]
                    bytes[at] = structural[rng.int(structural.count)]
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            if let d = Self.difference(bytes) {
                Issue.record("differs: \(d)")
                return
            }
        }
    }

    /// Keys of every length about the sixteen bytes the key reader loads at once, with the line ending right
    /// after them or not, escaped, non-ASCII, with control characters or unterminated: each is read by the fast
    /// path or falls back, and both must agree with the reference.
    @Test func keysAboutTheWordBoundariesDecodeTheSameBothWays() {
        var keys: [String] = (0...18).map { String(repeating: "k", count: $0) }
        keys += [
            "op", "origin", "destination", "distribution", "order_time", "quantiles", "carrier", "service",
            #"\u006fp"#, #"o\u0070"#, #"\"op"#, "op\u{1}", "op\u{7F}", "oé", "ori\u{9}gin", "abcdefgh\\",
            "abcdefg\u{0}", "abcdefghijklmno\u{1F}", "abcdefghijklmnoé",
        ]
        // Every key matched in place (its name and closing quote compared with constants), and near misses.
        let known = RequestDecoder.Field.allCases.map { "\($0.name)" } + ["postal", "country", "region"]
        keys += known.flatMap {
            [$0, $0 + "s", String($0.dropLast()), $0.uppercased(), #"\"# + $0, $0 + #"\u0073"#]
        }
        var lines: [String] = []
        for key in keys {
            lines.append(#"{"op":"health","\#(key)":1}"#)
            lines.append(#"{"\#(key)":"health","op":"health"}"#)
            lines.append(#"{"op":"health","\#(key)""#)
            lines.append(#"{"op":"health","\#(key)"   :  2}"#)
            lines.append(#"{"op":"health","\#(key)"x}"#)
            lines.append(#"{"op":"health","\#(key)"#)
            lines.append(
                #"{"id":"a","op":"edd","carrier":"ups","origin":{"\#(key)":"US","postal":"94107"},"destination":{"country":"US","\#(key)":"1"}}"#
            )
            lines.append(#"{"op":"edd","carrier":"ups","destination":{"postal":"1"},"options":[{"\#(key)":"ups"}]}"#)
        }
        for line in lines {
            if let d = Self.difference(Array(line.utf8)) { Issue.record("differs: \(d) for \(line)") }
        }
    }

    @Test func literalsAndTheirCorruptionsDecodeTheSameBothWays() {
        // Literals are compared four bytes at once: each one whole, cut short at the end of the line, and with each
        // byte changed, in a value and at the top level.
        var lines: [String] = []
        for word in ["true", "false", "null"] {
            var variants = [word] + (0..<word.count).map { String(word.prefix($0)) }
            for k in word.indices {
                variants.append(word.replacingCharacters(in: k...k, with: "x"))
                variants.append(word.replacingCharacters(in: k...k, with: word[k].uppercased()))
            }
            for v in variants {
                lines.append(#"{"op":"edd","carrier":"ups","destination":{"postal":"1"},"distribution":\#(v)}"#)
                lines.append(#"{"op":"edd","carrier":"ups","destination":{"postal":"1"},"distribution":\#(v)"#)
                lines.append(#"{"op":"health","x":[\#(v)]}"#)
                lines.append(v)
            }
        }
        for line in lines {
            if let d = Self.difference(Array(line.utf8)) { Issue.record("differs: \(d) for \(line)") }
        }
    }

    @Test func deepAndLargeLinesDecodeTheSameBothWays() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let lines = [
            "", " ", "{", "}", "[]", "\"edd\"", "7", "{\"op\":\"edd\"} x", "{\"op\":\"edd\",}",
            "{\"x\":\(deep)}", "{\"op\":\"health\",\"x\":\(deep)}", "{\"origin\":\(deep),\"op\":\"edd\"}",
            "{\"id\":\"a\",\"op\":\"edd\",\"carrier\":\"ups\",\"destination\":{\"postal\":\"1\",\"x\":\(deep)}}",
            "{\"op\":\"nope-\(String(repeating: "é", count: 50))\"}", "\u{FEFF}{\"op\":\"health\"}",
        ]
        for line in lines {
            if let d = Self.difference(Array(line.utf8)) { Issue.record("differs: \(d)") }
        }
    }
}
