import Testing

@testable import EDDServer

/// The metrics listener's request parsing (RFC 9112), case by case.
@Suite struct HTTPRequestHeadTests {
    func parse(_ text: String) throws(HTTPRequestHead.ParseError) -> HTTPRequestHead {
        try HTTPRequestHead(parsing: ArraySlice(Array(text.utf8)))
    }

    @Test func aPrometheusScrapeParsesWithItsHeadersLowercasedAndTrimmed() throws {
        let head = try parse(
            "GET /metrics HTTP/1.1\r\nHost: 10.0.0.1:9433\r\nUser-Agent: Prometheus/2.42.0\r\n"
                + "Accept: text/plain;version=0.0.4;q=1\r\nX-Prometheus-Scrape-Timeout-Seconds:  5 \r\n\r\n")
        #expect(head.method == "GET" && head.path == "/metrics" && head.version == "HTTP/1.1")
        #expect(head.headers.map(\.name) == ["host", "user-agent", "accept", "x-prometheus-scrape-timeout-seconds"])
        #expect(head.headers[3].value == "5")
    }

    @Test func theQueryIsDroppedAndAnAbsoluteTargetKeepsOnlyItsPath() throws {
        #expect(try parse("GET /readyz?verbose=1 HTTP/1.0\r\n\r\n").path == "/readyz")
        #expect(try parse("GET http://pod:9433/healthz HTTP/1.1\r\nHost: pod\r\n\r\n").path == "/healthz")
        #expect(try parse("GET /healthz HTTP/1.1\nHost: x\n\n").path == "/healthz")
    }

    @Test(arguments: [
        ("", "the request line is missing"),
        ("GET /metrics\r\n\r\n", "METHOD SP TARGET SP HTTP-VERSION"),
        ("GET /metrics HTTP/1.1 extra\r\n\r\n", "METHOD SP TARGET SP HTTP-VERSION"),
        ("G(T /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "the method is not a token"),
        ("GET /metrics HTTP/3\r\nHost: x\r\n\r\n", "unsupported HTTP version 'HTTP/3'"),
        ("GET /m\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", "the request target contains"),
        ("GET metrics HTTP/1.1\r\nHost: x\r\n\r\n", "must be a path starting with '/'"),
        ("GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 requires a Host header"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "more than one Host header"),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", "obsolete header line folding"),
        ("GET / HTTP/1.1\r\nHost a\r\n\r\n", "a header line without ':'"),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "not a token (or a space before the ':')"),
        ("GET / HTTP/1.1\r\nHost: a\u{01}b\r\n\r\n", "a header value with a control byte"),
        ("GET / HTTP/1.1\rX\r\nHost: a\r\n\r\n", "a stray CR or NUL byte"),
    ])
    func malformedHeadsAreRefusedWithTheReason(text: String, reason: String) {
        #expect {
            try parse(text)
        } throws: { error in
            (error as? HTTPRequestHead.ParseError)?.message.contains(reason) == true
        }
    }

    @Test func theEndOfTheHeadIsFoundAfterCRLFOrBareLFBlankLines() {
        #expect(HTTPRequestHead.endOfHead(Array("GET / HTTP/1.0\r\n\r\nbody".utf8)) == 18)
        #expect(HTTPRequestHead.endOfHead(Array("GET / HTTP/1.0\n\nbody".utf8)) == 16)
        #expect(HTTPRequestHead.endOfHead(Array("GET / HTTP/1.0\r\nHost: x\r\n".utf8)) == nil)
    }

    @Test func aResponseSaysItsLengthAndClosesAndHEADDropsOnlyTheBody() {
        let response = HTTPResponse.text(405, "no", headers: [("Allow", "GET, HEAD")])
        let full = String(decoding: response.serialized(), as: UTF8.self)
        #expect(
            full
                == "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\nAllow: GET, HEAD\r\n\r\nno\n")
        let head = String(decoding: response.serialized(includeBody: false), as: UTF8.self)
        #expect(full.hasPrefix(head) && full.dropFirst(head.count) == "no\n")
    }
}
