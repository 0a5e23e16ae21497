import Foundation
@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

@Suite struct RequestDecodingTests {
    func failure(_ line: String) -> RequestDecodingError? {
        do {
            _ = try RequestDecoder.decode(line)
            return nil
        } catch {
            return error
        }
    }

    func invalid(_ line: String) -> String? {
        guard let f = failure(line), f.error.code == .invalidRequest else { return nil }
        return f.error.message
    }

    func edd(_ line: String) throws -> EDDQuery {
        guard case .edd(let q) = try RequestDecoder.decode(line).request else {
            throw ProtocolError(.internal, "not edd")
        }
        return q
    }

    func risk(_ line: String) throws -> RiskQuery {
        guard case .risk(let q) = try RequestDecoder.decode(line).request else {
            throw ProtocolError(.internal, "not risk")
        }
        return q
    }

    static let base = #""op":"edd","carrier":"ups","destination":{"postal":"10001"}"#

    @Test func protocolExampleEDDRequestDecodes() throws {
        let line = #"""
            {"id":"c-1","op":"edd","carrier":"ups","service":"ground",
             "origin":{"country":"US","postal":"94107"},"destination":{"country":"US","postal":"10001"},
             "order_time":"2026-11-23T14:05:00-08:00","confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":false}
            """#
        let decoded = try RequestDecoder.decode(line)
        #expect(decoded.id == RequestID(json: Array(#""c-1""#.utf8)))
        guard case .edd(let q) = decoded.request else { throw ProtocolError(.internal, "not edd") }
        #expect(q.carrier == "ups")
        #expect(q.service == "ground")
        #expect(q.origin == Place(country: "US", postal: "94107"))
        #expect(q.destination == Place(country: "US", postal: "10001"))
        // `date -d 2026-11-23T14:05:00-08:00 +%s` = 1795471500.
        #expect(q.orderTime == RFC3339.Timestamp(instant: Instant(seconds: 1_795_471_500), utcOffset: -28_800))
        #expect(q.shipTime == nil)
        #expect(q.confidence == 0.9)
        #expect(q.quantiles == [0.1, 0.5, 0.9])
        #expect(q.distribution == false)
        #expect(q.range == nil)
        #expect(q.options.isEmpty)
        #expect(q.shippingOptions == [ShippingOption(carrier: "ups", service: "ground")])
    }

    @Test func protocolExampleRiskRequestDecodes() throws {
        let line = #"""
            {"id":"n-9","op":"risk","carrier":"ups","service":"ground","origin":{"postal":"94107"},"destination":{"postal":"10001"},
             "order_time":"2026-11-23T14:05:00-08:00","promised":"2026-11-28","now":"2026-11-26T09:00:00-05:00","threshold":0.5,
             "scans":[{"code":"PICKED_UP","time":"2026-11-24T17:12:00-08:00","postal":"94107"},
                      {"code":"IN_TRANSIT","time":"2026-11-25T03:40:00-06:00","postal":"75261"}]}
            """#
        let decoded = try RequestDecoder.decode(line)
        #expect(decoded.id == RequestID(json: Array(#""n-9""#.utf8)))
        guard case .risk(let q) = decoded.request else { throw ProtocolError(.internal, "not risk") }
        #expect(q.shipment.carrier == "ups")
        #expect(q.shipment.origin == Place(country: "US", postal: "94107"))
        #expect(q.shipment.destination.country == "US")
        #expect(q.shipment.orderTime?.instant.seconds == 1_795_471_500)
        #expect(q.promised == CivilDate(year: 2026, month: 11, day: 28))
        // `date -d 2026-11-26T09:00:00-05:00 +%s` = 1795701600.
        #expect(q.now == RFC3339.Timestamp(instant: Instant(seconds: 1_795_701_600), utcOffset: -18_000))
        #expect(q.threshold == 0.5)
        // `date -d …` gives 1795569120 and 1795599600 for the two scans.
        #expect(
            q.scans == [
                ScanInput(
                    code: .pickedUp,
                    time: RFC3339.Timestamp(instant: Instant(seconds: 1_795_569_120), utcOffset: -28_800),
                    postal: "94107"),
                ScanInput(
                    code: .inTransit,
                    time: RFC3339.Timestamp(instant: Instant(seconds: 1_795_599_600), utcOffset: -21_600),
                    postal: "75261"),
            ])
    }

    @Test func otherOpsDecode() throws {
        #expect(try RequestDecoder.decode(#"{"op":"health"}"#).request.op == "health")
        #expect(try RequestDecoder.decode(#"{"op":"model"}"#).request.op == "model")
        #expect(try RequestDecoder.decode(#"{"op":"stats"}"#).request.op == "stats")
        guard case .reload(let path) = try RequestDecoder.decode(#"{"op":"reload","path":"/m/x.edd"}"#).request else {
            throw ProtocolError(.internal, "not reload")
        }
        #expect(path == "/m/x.edd")
        guard case .reload(nil) = try RequestDecoder.decode(#"{"op":"reload"}"#).request else {
            throw ProtocolError(.internal, "not reload")
        }
        #expect(invalid(#"{"op":"reload","path":3}"#) == "path must be a string")
    }

    @Test func codesAreNormalisedAndDefaultsApplied() throws {
        let q = try edd(
            #"{"op":"edd","carrier":"UPS","service":"Ground","origin":{"country":"br","postal":"01310-100","region":"sp","id":"WH-1"},"destination":{"postal":"10001"}}"#
        )
        #expect(q.carrier == "ups")
        #expect(q.service == "ground")
        #expect(q.origin == Place(country: "BR", postal: "01310-100", region: "SP", id: "WH-1"))
        #expect(q.destination == Place(country: "US", postal: "10001"))
        #expect(q.quantiles.isEmpty)
        #expect(q.distribution == false)
        #expect(q.confidence == nil)
    }

    @Test func unknownFieldsAreIgnoredAndNullMeansAbsent() throws {
        let q = try edd(#"{\#(Self.base),"service":null,"extra":{"deep":[1,2]},"range":0.8,"distribution":true}"#)
        #expect(q.service == nil)
        #expect(q.range == 0.8)
        #expect(q.distribution == true)
    }

    @Test func shipTimeWinsOverOrderTime() throws {
        let q = try edd(
            #"{\#(Self.base),"order_time":"2026-11-23T14:05:00-08:00","ship_time":"2026-11-24T08:00:00Z"}"#)
        #expect(q.orderTime == nil)
        // `date -d 2026-11-24T08:00:00Z +%s` = 1795507200.
        #expect(q.shipTime?.instant.seconds == 1_795_507_200)
    }

    @Test func optionsDecodeAndSupplyTheCarrier() throws {
        let q = try edd(
            #"{"op":"edd","destination":{"postal":"1"},"options":[{"carrier":"UPS","service":"ground"},{"carrier":"fedex"}]}"#
        )
        #expect(q.options == [ShippingOption(carrier: "ups", service: "ground"), ShippingOption(carrier: "fedex")])
        #expect(q.carrier == "ups")
        #expect(q.service == "ground")
        #expect(q.shippingOptions == q.options)
        #expect(
            invalid(#"{\#(Self.base),"options":[{"carrier":"a"},{"service":"b"}]}"#) == "options[1].carrier is required"
        )
        #expect(invalid(#"{\#(Self.base),"options":[1]}"#) == "options[0] must be an object")
        #expect(invalid(#"{\#(Self.base),"options":{}}"#) == "options must be an array of objects")
        let seventeen = Array(repeating: #"{"carrier":"a"}"#, count: 17).joined(separator: ",")
        #expect(invalid(#"{\#(Self.base),"options":[\#(seventeen)]}"#) == "options must have at most 16 entries")
    }

    @Test func scanCodesAreCaseInsensitive() throws {
        let q = try risk(
            #"{\#(Self.base),"op":"risk","promised":"2026-11-28","scans":[{"code":"picked_up","time":"2026-11-24T17:12:00-08:00"}]}"#
        )
        #expect(q.scans.first?.code == .pickedUp)
        #expect(q.scans.first?.postal == nil)
        #expect(q.now == nil)
        #expect(q.threshold == 0.5)
    }

    @Test func wrongTypesAndRangesNameTheField() {
        #expect(
            invalid(#"{"op":"edd","carrier":"ups","destination":{"postal":10001}}"#)
                == "destination.postal must be a string")
        for bad in ["1", "0", "1.5", "-0.1", #""0.9""#] {
            #expect(invalid(#"{\#(Self.base),"confidence":\#(bad)}"#) == "confidence must be a number in (0,1)")
        }
        #expect(invalid(#"{\#(Self.base),"range":1}"#) == "range must be a number in (0,1)")
        #expect(invalid(#"{\#(Self.base),"quantiles":[0.1,1]}"#) == "quantiles[1] must be a number in (0,1)")
        #expect(invalid(#"{\#(Self.base),"quantiles":0.5}"#) == "quantiles must be an array of numbers")
        let hundred = Array(repeating: "0.5", count: 100).joined(separator: ",")
        #expect(invalid(#"{\#(Self.base),"quantiles":[\#(hundred)]}"#) == "quantiles must have at most 99 levels")
        #expect(invalid(#"{\#(Self.base),"distribution":"yes"}"#) == "distribution must be a boolean")
        #expect(invalid(#"{\#(Self.base),"carrier":7}"#) == "carrier must be a string")
        #expect(invalid(#"{\#(Self.base),"carrier":""}"#) == "carrier must not be empty")
        #expect(invalid(#"{\#(Self.base),"service":["x"]}"#) == "service must be a string")
        #expect(invalid(#"{\#(Self.base),"origin":"94107"}"#) == "origin must be an object")
        #expect(
            invalid(#"{"op":"edd","carrier":"ups","destination":{"country":"USA"}}"#)
                == "destination.country must be a two-letter ISO 3166-1 code")
        #expect(
            invalid(#"{\#(Self.base),"order_time":"2026-11-23T14:05:00"}"#)
                == "order_time must be an RFC 3339 timestamp with an offset")
        #expect(
            invalid(#"{\#(Self.base),"ship_time":1795507200}"#)
                == "ship_time must be an RFC 3339 timestamp with an offset")
    }

    @Test func missingRequiredFieldsAreNamed() {
        #expect(invalid(#"{"op":"edd","destination":{"postal":"1"}}"#) == "carrier is required")
        #expect(invalid(#"{"op":"edd","carrier":null,"destination":{"postal":"1"}}"#) == "carrier is required")
        #expect(invalid(#"{"op":"edd","carrier":"ups"}"#) == "destination is required")
        #expect(invalid(#"{"op":"risk","carrier":"ups","destination":{}}"#) == "promised is required")
        #expect(invalid(#"{"carrier":"ups"}"#) == "op is required")
        #expect(invalid(#"{"op":1}"#) == "op must be a string")
    }

    @Test func riskFieldsAreValidated() {
        let risk = #""op":"risk","carrier":"ups","destination":{"postal":"1"},"promised":"2026-11-28""#
        #expect(
            invalid(#"{"op":"risk","carrier":"ups","destination":{},"promised":"2026-11-31"}"#)
                == "promised must be a date (YYYY-MM-DD)")
        #expect(invalid(#"{\#(risk),"threshold":1.5}"#) == "threshold must be a number in [0,1]")
        #expect(invalid(#"{\#(risk),"now":"yesterday"}"#) == "now must be an RFC 3339 timestamp with an offset")
        let t = #""time":"2026-11-24T17:12:00Z""#
        let scans =
            #"[{"code":"PICKED_UP",\#(t)},{"code":"IN_TRANSIT",\#(t)},{"code":"DELIVERED","time":"2026-11-26 10:00"}]"#
        #expect(
            invalid(#"{\#(risk),"scans":\#(scans)}"#) == "scans[2].time must be an RFC 3339 timestamp with an offset")
        #expect(invalid(#"{\#(risk),"scans":[{"code":"PICKED_UP"}]}"#) == "scans[0].time is required")
        #expect(invalid(#"{\#(risk),"scans":[{\#(t)}]}"#) == "scans[0].code is required")
        #expect(
            invalid(#"{\#(risk),"scans":[{"code":"x","time":"2026-11-24T17:12:00Z"}]}"#)?.hasPrefix(
                "scans[0].code must be one of ORDER_PLACED, ") == true)
        #expect(
            invalid(#"{\#(risk),"scans":[{"code":"DELIVERED",\#(t),"postal":1}]}"#)
                == "scans[0].postal must be a string")
        #expect(invalid(#"{\#(risk),"scans":["x"]}"#) == "scans[0] must be an object")
        let many = Array(repeating: #"{"code":"IN_TRANSIT",\#(t)}"#, count: 257).joined(separator: ",")
        #expect(invalid(#"{\#(risk),"scans":[\#(many)]}"#) == "scans must have at most 256 entries")
    }

    @Test func unknownOpIsItsOwnCode() {
        let f = failure(#"{"id":7,"op":"foo"}"#)
        #expect(
            f?.error == ProtocolError(.unknownOp, #"op "foo" is not one of edd, risk, health, model, stats, reload"#))
        #expect(f?.id == RequestID(json: Array("7".utf8)))
    }

    @Test func nonObjectsAndBadJSONAreInvalidJSON() {
        #expect(failure("[1,2]")?.error == ProtocolError(.invalidJSON, "the line is not a JSON object"))
        #expect(failure(#""edd""#)?.error.code == .invalidJSON)
        // The line is 17 bytes long; the value is missing at its end.
        let garbage = failure(#"{"id":"c-1","op":"#)
        #expect(garbage?.error == ProtocolError(.invalidJSON, "invalid JSON: unexpected end of input at byte 17"))
        #expect(garbage?.id == nil)
    }

    @Test func theIdIsKeptVerbatimEvenWhenTheRequestFails() throws {
        let escaped = failure(#"{"id":"c-\u0031","op":"edd"}"#)
        #expect(escaped?.id?.json == Array(#""c-\u0031""#.utf8))
        #expect(escaped?.error == .invalidRequest("carrier is required"))
        #expect(try RequestDecoder.decode(#"{"id":1.50,"op":"health"}"#).id?.json == Array("1.50".utf8))
        #expect(try RequestDecoder.decode(#"{"id":-3e2,"op":"health"}"#).id?.json == Array("-3e2".utf8))
        #expect(try RequestDecoder.decode(#"{"op":"health"}"#).id == nil)
        #expect(try RequestDecoder.decode(#"{"id":null,"op":"health"}"#).id == nil)
        let badID = failure(#"{"id":true,"op":"health"}"#)
        #expect(badID?.error == .invalidRequest("id must be a string or a number"))
        #expect(badID?.id == nil)
    }

    @Test func mutatedRequestsNeverCrashTheDecoder() {
        var rng = SplitMix64(seed: 7)
        let seed = Array(
            #"{"id":"n-9","op":"risk","carrier":"ups","origin":{"postal":"94107"},"destination":{"postal":"10001"},"promised":"2026-11-28","quantiles":[0.1],"options":[{"carrier":"a"}],"scans":[{"code":"PICKED_UP","time":"2026-11-24T17:12:00-08:00"}]}"#
                .utf8)
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0...(rng.next() % 4) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            let fromArray = outcome { () throws(RequestDecodingError) in try RequestDecoder.decode(bytes) }
            let fromBuffer = outcome { () throws(RequestDecodingError) in
                let result = bytes.withUnsafeBytes { buffer in
                    Result { () throws(RequestDecodingError) in try RequestDecoder.decode(buffer) }
                }
                return try result.get()
            }
            // Both ways in agree, every failure has one of the decoder's three codes, and whether the line
            // is JSON at all agrees with a second, independent parser (Foundation's).
            #expect(fromArray == fromBuffer)
            let foundationParses = (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any]
            switch fromArray {
            case .failure(let error):
                #expect([ErrorCode.invalidJSON, .invalidRequest, .unknownOp].contains(error.error.code))
                if foundationParses {
                    #expect(error.error.code != ErrorCode.invalidJSON, "\(String(decoding: bytes, as: UTF8.self))")
                }
            case .success:
                #expect(foundationParses, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    /// What decoding a line gave: its request described, or its error.
    private func outcome(_ decode: () throws(RequestDecodingError) -> DecodedRequest) -> Result<
        String, RequestDecodingError
    > {
        do throws(RequestDecodingError) {
            return .success(String(describing: try decode()))
        } catch {
            return .failure(error)
        }
    }
}
