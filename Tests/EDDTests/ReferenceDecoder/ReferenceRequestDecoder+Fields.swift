@testable import EDDCore
@testable import EDDProtocol

extension ReferenceRequestDecoder {
    /// Reads typed fields out of a document, throwing `invalid_request` errors that name the field.
    ///
    /// Field names are passed as autoclosures so paths like `scans[2].time` are only built on the error path.
    struct FieldReader {
        let document: JSONView

        /// The last member named `key`, nil when absent or `null`.
        func member(_ object: Int, _ key: StaticString) -> Int? {
            guard let value = document.member(object, key), document.kind(value) != .null else { return nil }
            return value
        }

        /// An optional string; nil when absent.
        func string(
            _ index: Int?, _ name: @autoclosure () -> String, case letterCase: JSONView.LetterCase = .preserve
        ) throws(ProtocolError) -> String? {
            guard let index else { return nil }
            guard document.kind(index) == .string else { throw .invalidRequest("\(name()) must be a string") }
            return document.string(index, case: letterCase)
        }

        /// An optional boolean.
        func bool(_ index: Int?, _ name: @autoclosure () -> String) throws(ProtocolError) -> Bool? {
            guard let index else { return nil }
            switch document.kind(index) {
            case .true: return true
            case .false: return false
            default: throw .invalidRequest("\(name()) must be a boolean")
            }
        }

        /// An optional number strictly between 0 and 1.
        func unitInterval(_ index: Int?, _ name: @autoclosure () -> String) throws(ProtocolError) -> Double? {
            guard let index else { return nil }
            guard document.kind(index) == .number, case let v = document.double(index), v > 0, v < 1 else {
                throw .invalidRequest("\(name()) must be a number in (0,1)")
            }
            return v
        }

        /// An optional RFC 3339 timestamp (an offset is required) whose date, as written, is supported.
        func timestamp(
            _ index: Int?, _ name: @autoclosure () -> String
        ) throws(ProtocolError) -> RFC3339.Timestamp? {
            guard let index else { return nil }
            guard document.kind(index) == .string, let t = document.withStringUTF8(index, RFC3339.parse) else {
                throw .invalidRequest("\(name()) must be an RFC 3339 timestamp with an offset")
            }
            guard t.localDate.isSupported else { throw RequestDecoder.unsupportedDate(name()) }
            return t
        }

        /// A supported `YYYY-MM-DD` date.
        func date(_ index: Int, _ name: @autoclosure () -> String) throws(ProtocolError) -> CivilDate {
            guard document.kind(index) == .string, let d = document.withStringUTF8(index, CivilDate.parse) else {
                throw .invalidRequest("\(name()) must be a date (YYYY-MM-DD)")
            }
            guard d.isSupported else { throw RequestDecoder.unsupportedDate(name()) }
            return d
        }

        /// A place object: `country` (two letters, upper-cased, default `US`), `postal`, `region`, `id`.
        func place(_ index: Int, _ name: @autoclosure () -> String) throws(ProtocolError) -> Place {
            guard document.kind(index) == .object else { throw .invalidRequest("\(name()) must be an object") }
            var place = Place()
            for (key, value) in document.members(index) where document.kind(value) != .null {
                switch PlaceField.named(key, in: document) {
                case .postal:
                    place.postal = try string(value, "\(name()).postal") ?? ""
                case .country:
                    let country = try string(value, "\(name()).country", case: .upper) ?? ""
                    guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 &- 65 < 26 }) else {
                        throw .invalidRequest("\(name()).country must be a two-letter ISO 3166-1 code")
                    }
                    place.country = country
                case .region:
                    place.region = try string(value, "\(name()).region", case: .upper)
                case .id:
                    place.id = try string(value, "\(name()).id")
                case nil:
                    continue
                }
            }
            return place
        }

        /// The members of a place object.
        enum PlaceField {
            case postal, country, region, id

            /// The field a key names. The length of a key without escapes leaves one or two candidates to
            /// compare; a key with escapes (rare) is compared with every name.
            static func named(_ key: Int, in document: JSONView) -> PlaceField? {
                let t = document.tokens[key]
                let length = t.escaped ? nil : t.end - t.start
                if length == nil || length == 6 {
                    if document.keyEquals(key, "postal") { return .postal }
                    if document.keyEquals(key, "region") { return .region }
                }
                if length == nil || length == 7, document.keyEquals(key, "country") { return .country }
                if length == nil || length == 2, document.keyEquals(key, "id") { return .id }
                return nil
            }
        }

        /// `quantiles`: an array of at most 99 levels in (0,1), each kept once (the first time it is given).
        ///
        /// Levels are compared as numbers, so `0.5`, `0.50` and `5E-1` are one level: the response's keys are
        /// each level's shortest decimal, and two equal levels would give one object a duplicate key.
        func quantiles(_ index: Int?) throws(ProtocolError) -> [Double] {
            guard let index else { return [] }
            guard document.kind(index) == .array else { throw .invalidRequest("quantiles must be an array of numbers") }
            guard document.count(index) <= RequestDecoder.maximumQuantiles else {
                throw .invalidRequest("quantiles must have at most \(RequestDecoder.maximumQuantiles) levels")
            }
            var levels: [Double] = []
            levels.reserveCapacity(document.count(index))
            for (k, element) in document.elements(index).enumerated() {
                let level = try unitInterval(element, "quantiles[\(k)]")!
                if !levels.contains(level) { levels.append(level) }
            }
            return levels
        }

        /// `options`: an array of at most 16 `{"carrier", "service"}` objects.
        func options(_ index: Int?) throws(ProtocolError) -> [ShippingOption] {
            guard let index else { return [] }
            guard document.kind(index) == .array else { throw .invalidRequest("options must be an array of objects") }
            guard document.count(index) <= RequestDecoder.maximumOptions else {
                throw .invalidRequest("options must have at most \(RequestDecoder.maximumOptions) entries")
            }
            var options: [ShippingOption] = []
            for (k, element) in document.elements(index).enumerated() {
                guard document.kind(element) == .object else {
                    throw .invalidRequest("options[\(k)] must be an object")
                }
                let carrier = try string(member(element, "carrier"), "options[\(k)].carrier", case: .lower)
                guard let carrier else { throw .invalidRequest("options[\(k)].carrier is required") }
                guard !carrier.isEmpty else { throw .invalidRequest("options[\(k)].carrier must not be empty") }
                let service = try string(member(element, "service"), "options[\(k)].service", case: .lower)
                options.append(ShippingOption(carrier: carrier, service: service))
            }
            return options
        }

        /// `scans`: an array of at most 256 `{"code", "time", "postal"}` objects.
        func scans(_ index: Int?) throws(ProtocolError) -> [ScanInput] {
            guard let index else { return [] }
            guard document.kind(index) == .array else { throw .invalidRequest("scans must be an array of objects") }
            guard document.count(index) <= RequestDecoder.maximumScans else {
                throw .invalidRequest("scans must have at most \(RequestDecoder.maximumScans) entries")
            }
            var scans: [ScanInput] = []
            scans.reserveCapacity(document.count(index))
            for (k, element) in document.elements(index).enumerated() {
                guard document.kind(element) == .object else { throw .invalidRequest("scans[\(k)] must be an object") }
                guard let codeText = try string(member(element, "code"), "scans[\(k)].code") else {
                    throw .invalidRequest("scans[\(k)].code is required")
                }
                guard let code = EventCode(code: codeText) else {
                    let known = EventCode.allCases.map(\.code).joined(separator: ", ")
                    throw .invalidRequest("scans[\(k)].code must be one of \(known)")
                }
                guard let time = try timestamp(member(element, "time"), "scans[\(k)].time") else {
                    throw .invalidRequest("scans[\(k)].time is required")
                }
                let postal = try string(member(element, "postal"), "scans[\(k)].postal")
                scans.append(ScanInput(code: code, time: time, postal: postal))
            }
            return scans
        }
    }
}
