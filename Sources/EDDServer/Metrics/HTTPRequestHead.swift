import EDDCore
import EDDProtocol

/// The request line and headers of an HTTP/1.x request, as far as the operations endpoints need them.
///
/// Parsing follows RFC 9112 strictly where leniency would hide a broken client or a smuggling attempt:
/// exactly one space between the request line's parts, header names as tokens with no space before the
/// colon, no obsolete line folding, and `Host` required in HTTP/1.1. A bare LF is accepted as a line end
/// (RFC 9112 section 2.2 allows it).
package struct HTTPRequestHead: Sendable, Equatable {
    /// The method, case-sensitive (`GET`, `HEAD`, …).
    package var method: String
    /// The path of the request target, without its query.
    package var path: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    package var version: String
    /// Header fields in order, names lowercased.
    package var headers: [(name: String, value: String)]

    package static func == (a: HTTPRequestHead, b: HTTPRequestHead) -> Bool {
        a.method == b.method && a.path == b.path && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// Why a request head was refused; `message` goes into the 400 response body.
    package struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// Where the head ends in `bytes`: the index just past the blank line, or nil when it is not complete.
    package static func endOfHead(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { return i + 2 }
                if i + 2 < bytes.count && bytes[i + 1] == 0x0D && bytes[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    /// Parses a complete head (request line, header lines, the blank line).
    /// - Throws: ``ParseError`` naming the first thing that is malformed.
    package init(parsing head: ArraySlice<UInt8>) throws(ParseError) {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        for i in head.indices where head[i] == 0x0A {
            var end = i
            if end > start && head[end - 1] == 0x0D { end -= 1 }
            lines.append(head[start..<end])
            start = i + 1
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let requestLine = lines.first, !requestLine.isEmpty else {
            throw ParseError("the request line is missing")
        }
        guard !requestLine.contains(where: { $0 == 0x0D || $0 == 0x00 }) else {
            throw ParseError("the request line contains a stray CR or NUL byte")
        }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ParseError("the request line must be METHOD SP TARGET SP HTTP-VERSION")
        }
        guard parts[0].allSatisfy(HTTPRequestHead.isTokenByte) else { throw ParseError("the method is not a token") }
        method = String(decoding: parts[0], as: UTF8.self)
        version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw ParseError("unsupported HTTP version '\(version.prefix(16))' (HTTP/1.1 or HTTP/1.0)")
        }
        var target = String(decoding: parts[1], as: UTF8.self)
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ParseError("the request target contains a control, space or non-ASCII byte")
        }
        // Absolute form (RFC 9112 section 3.2.2) must be accepted; only its path matters here.
        if let scheme = target.range(of: "://"), target.lowercased().hasPrefix("http") {
            let rest = target[scheme.upperBound...]
            target = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        guard target.hasPrefix("/") || target == "*" else {
            throw ParseError("the request target must be a path starting with '/'")
        }
        path =
            target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        headers = []
        for line in lines.dropFirst() {
            guard let first = line.first, first != 0x20 && first != 0x09 else {
                throw ParseError(line.isEmpty ? "an empty line inside the headers" : "obsolete header line folding")
            }
            guard let colon = line.firstIndex(of: 0x3A) else {
                throw ParseError("a header line without ':'")
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(HTTPRequestHead.isTokenByte) else {
                throw ParseError("a header name that is not a token (or a space before the ':')")
            }
            let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
            guard !value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
                throw ParseError("a header value with a control byte")
            }
            var trimmed = Array(value)
            while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed.removeLast() }
            headers.append(
                (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: trimmed, as: UTF8.self)))
        }
        let hosts = headers.filter { $0.name == "host" }.count
        if version == "HTTP/1.1" && hosts != 1 {
            throw ParseError(hosts == 0 ? "HTTP/1.1 requires a Host header" : "more than one Host header")
        }
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }
}
