import EDDCore

/// The compound fields read in place: places, `quantiles`, `options` and `scans`.
///
/// Each keeps what it found and the first thing wrong with it (as its ``ProtocolError``, the message
/// naming the field), and goes on validating the JSON to its end whatever it found.
extension RequestDecoder {
    /// A place object's members as met (`null` members are skipped: a later `null` keeps an earlier value).
    ///
    /// Plain data, no references (the fault is kept as what it is, its message written when it is thrown), so
    /// the decoder's fields are cleared and dropped without reference counting.
    struct PlaceFields {
        var postal: Span?
        var country: Span?
        var region: Span?
        var id: Span?
        /// The first member that is not a string, or a country that is not two letters.
        var fault: Fault?

        /// What is wrong with a place.
        enum Fault: Equatable {
            case notString(Member)
            case countryNotTwoLetters
        }

        /// Whether the place decodes without error.
        var isValid: Bool { fault == nil }

        enum Member {
            case postal, country, region, id

            var name: String {
                switch self {
                case .postal: "postal"
                case .country: "country"
                case .region: "region"
                case .id: "id"
                }
            }

            /// The member a key names (the names' bytes as little-endian words, as in ``RequestDecoder/Field``).
            static func named(_ key: RequestDecoder.KeyWords) -> Member? {
                switch (key.count, key.w0) {
                case (6, 0x6C61_7473_6F70): .postal
                case (7, 0x79_7274_6E75_6F63): .country
                case (6, 0x6E6F_6967_6572): .region
                case (2, 0x6469): .id
                default: nil
                }
            }

            /// Reads a member's key and the colon after it, and returns the member it names (nil: none), as
            /// ``RequestDecoder/Field/key(_:)`` does for a top-level key.
            @inline(__always)
            static func key(_ s: inout RequestScanner) throws(JSONParseError) -> Member? {
                let words = s.wordsAfterQuote()
                if let (w0, _) = words, let (member, count) = quoted(w0) {
                    try s.knownKey(count)
                    return member
                }
                return named(try s.keyWords(after: words))
            }

            /// The member whose name and closing quote begin `w0` (the bytes after a key's opening quote), and
            /// the name's length, as ``RequestDecoder/Field/quoted(_:_:)`` matches a top-level key.
            @inline(__always)
            static func quoted(_ w0: UInt64) -> (Member, Int)? {
                let low = RequestDecoder.KeyWords.mask
                switch w0 & 0xFF {
                case 0x70: return w0 & low(7) == 0x22_6C61_7473_6F70 ? (.postal, 6) : nil
                case 0x63: return w0 == 0x2279_7274_6E75_6F63 ? (.country, 7) : nil
                case 0x72: return w0 & low(7) == 0x22_6E6F_6967_6572 ? (.region, 6) : nil
                case 0x69: return w0 & low(3) == 0x22_6469 ? (.id, 2) : nil
                default: return nil
                }
            }
        }

        /// Reads the object at the scanner's position (a member of the top level).
        mutating func read(_ s: inout RequestScanner, in b: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
            guard try s.beginObject(depth: 2) else { return }
            repeat {
                let member = try Member.key(&s)
                let item = try s.item(depth: 2)
                guard let member, item.kind != .null, fault == nil else { continue }
                guard item.kind == .string else {
                    fault = .notString(member)
                    continue
                }
                switch member {
                case .postal: postal = item.span
                case .country:
                    let twoLetters = RequestDecoder.withContent(of: item.span, in: b) { c in
                        c.count == 2 && (c[0] | 0x20) &- 97 < 26 && (c[1] | 0x20) &- 97 < 26
                    }
                    guard twoLetters else {
                        fault = .countryNotTwoLetters
                        continue
                    }
                    country = item.span
                case .region: region = item.span
                case .id: id = item.span
                }
            } while try s.nextMember()
        }

        /// The place (`country` upper-cased, default `US`; `region` upper-cased), `name` being its field.
        func place(in b: UnsafeBufferPointer<UInt8>, name: String) throws(ProtocolError) -> Place {
            switch fault {
            case .notString(let member): throw .invalidRequest("\(name).\(member.name) must be a string")
            case .countryNotTwoLetters: throw .invalidRequest("\(name).country must be a two-letter ISO 3166-1 code")
            case nil: break
            }
            return Place(
                country: country.map { RequestDecoder.string($0, in: b, case: .upper) } ?? "US",
                postal: postal.map { RequestDecoder.string($0, in: b) } ?? "",
                region: region.map { RequestDecoder.string($0, in: b, case: .upper) },
                id: id.map { RequestDecoder.string($0, in: b) })
        }
    }

    /// `quantiles` as met: the levels, each kept once (the first time it is given), compared as numbers.
    struct QuantileFields {
        var levels: [Double] = []
        var count = 0
        /// The first entry that is not a number in (0,1), by index (its message written when it is thrown).
        var invalidEntry: Int?

        /// Forgets what an earlier `quantiles` member gave (a field given twice counts as its last value),
        /// keeping the levels' storage.
        mutating func reset() {
            Self.empty(&levels)
            count = 0
            invalidEntry = nil
        }

        /// Empties `levels` keeping its storage. `removeAll(keepingCapacity: true)` goes through
        /// `replaceSubrange`, about 100 instructions; a `removeLast()` costs a few, and there are at most
        /// ``RequestDecoder/maximumQuantiles`` levels.
        @inline(__always)
        static func empty(_ levels: inout [Double]) {
            while !levels.isEmpty { levels.removeLast() }
        }

        mutating func read(_ s: inout RequestScanner, in b: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
            guard try s.beginArray(depth: 2) else { return }
            repeat {
                let item = try s.item(depth: 2)
                let k = count
                count += 1
                guard invalidEntry == nil, count <= RequestDecoder.maximumQuantiles else { continue }
                guard item.kind == .number, case let v = RequestDecoder.number(item, in: b), v > 0, v < 1 else {
                    invalidEntry = k
                    continue
                }
                if levels.isEmpty {
                    // One allocation for the usual handful of levels instead of growing 1, 2, 4 (none when the
                    // memo's spare storage already has room: then the capacity check alone).
                    if levels.capacity < 8 { levels.reserveCapacity(8) }
                } else if levels.contains(v) {
                    continue
                }
                levels.append(v)
            } while try s.nextElement()
        }

        func value() throws(ProtocolError) -> [Double] {
            guard count <= RequestDecoder.maximumQuantiles else {
                throw .invalidRequest("quantiles must have at most \(RequestDecoder.maximumQuantiles) levels")
            }
            if let k = invalidEntry { throw .invalidRequest("quantiles[\(k)] must be a number in (0,1)") }
            return levels
        }
    }

    /// `options` as met.
    struct OptionFields {
        var list: [ShippingOption] = []
        var count = 0
        var error: ProtocolError?

        mutating func read(_ s: inout RequestScanner, in b: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
            guard try s.beginArray(depth: 2) else { return }
            repeat {
                let k = count
                count += 1
                var carrier: Item?
                var service: Item?
                let isObject = try s.valueStart() == UInt8(ascii: "{")
                if isObject {
                    if try s.beginObject(depth: 3) {
                        repeat {
                            let name = try s.keyWords()
                            let item = try s.item(depth: 3)
                            if name.equals("carrier") {
                                carrier = item
                            } else if name.equals("service") {
                                service = item
                            }
                        } while try s.nextMember()
                    }
                } else {
                    try s.skipValue(depth: 2)
                }
                guard error == nil, count <= RequestDecoder.maximumOptions else { continue }
                do throws(ProtocolError) {
                    guard isObject else { throw .invalidRequest("options[\(k)] must be an object") }
                    let c = try RequestDecoder.string(carrier, in: b, "options[\(k)].carrier", case: .lower)
                    guard let c else { throw .invalidRequest("options[\(k)].carrier is required") }
                    guard !c.isEmpty else { throw .invalidRequest("options[\(k)].carrier must not be empty") }
                    let v = try RequestDecoder.string(service, in: b, "options[\(k)].service", case: .lower)
                    list.append(ShippingOption(carrier: c, service: v))
                } catch {
                    self.error = error
                }
            } while try s.nextElement()
        }

        func value() throws(ProtocolError) -> [ShippingOption] {
            guard count <= RequestDecoder.maximumOptions else {
                throw .invalidRequest("options must have at most \(RequestDecoder.maximumOptions) entries")
            }
            if let error { throw error }
            return list
        }
    }

    /// `scans` as met.
    struct ScanFields {
        var list: [ScanInput] = []
        var count = 0
        var error: ProtocolError?

        mutating func read(_ s: inout RequestScanner, in b: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
            guard try s.beginArray(depth: 2) else { return }
            repeat {
                let k = count
                count += 1
                var code: Item?
                var time: Item?
                var postal: Item?
                let isObject = try s.valueStart() == UInt8(ascii: "{")
                if isObject {
                    if try s.beginObject(depth: 3) {
                        repeat {
                            let name = try s.keyWords()
                            let item = try s.item(depth: 3)
                            if name.equals("code") {
                                code = item
                            } else if name.equals("time") {
                                time = item
                            } else if name.equals("postal") {
                                postal = item
                            }
                        } while try s.nextMember()
                    }
                } else {
                    try s.skipValue(depth: 2)
                }
                guard error == nil, count <= RequestDecoder.maximumScans else { continue }
                do throws(ProtocolError) {
                    guard isObject else { throw .invalidRequest("scans[\(k)] must be an object") }
                    guard let codeText = try RequestDecoder.string(code, in: b, "scans[\(k)].code") else {
                        throw .invalidRequest("scans[\(k)].code is required")
                    }
                    guard let event = EventCode(code: codeText) else {
                        let known = EventCode.allCases.map(\.code).joined(separator: ", ")
                        throw .invalidRequest("scans[\(k)].code must be one of \(known)")
                    }
                    guard let at = try RequestDecoder.timestamp(time, in: b, "scans[\(k)].time") else {
                        throw .invalidRequest("scans[\(k)].time is required")
                    }
                    let where_ = try RequestDecoder.string(postal, in: b, "scans[\(k)].postal")
                    list.append(ScanInput(code: event, time: at, postal: where_))
                } catch {
                    self.error = error
                }
            } while try s.nextElement()
        }

        func value() throws(ProtocolError) -> [ScanInput] {
            guard count <= RequestDecoder.maximumScans else {
                throw .invalidRequest("scans must have at most \(RequestDecoder.maximumScans) entries")
            }
            if let error { throw error }
            return list
        }
    }
}
