import EDDCore
import EDDProtocol

/// A response of the operations endpoints; every one closes the connection (`Connection: close`), so no
/// request can hold the listener beyond its own time bound.
package struct HTTPResponse: Sendable {
    /// The status code.
    package var status: Int
    /// The `Content-Type` header.
    package var contentType: String
    /// The body (not sent for `HEAD`, though `Content-Length` still says its size, RFC 9110 section 9.3.2).
    package var body: [UInt8]
    /// Headers beyond the fixed ones (`Allow` on a 405).
    package var headers: [(name: String, value: String)]

    /// Creates a response.
    package init(
        status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8],
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// A plain-text response whose body is `text` and a newline.
    package static func text(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> Self {
        HTTPResponse(status: status, body: Array((text + "\n").utf8), headers: headers)
    }

    /// The reason phrase of the status codes these endpoints use.
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }

    /// The bytes on the wire: status line, headers, blank line, and the body unless `includeBody` is false.
    package func serialized(includeBody: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\nContent-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var bytes = Array((head + "\r\n").utf8)
        if includeBody { bytes += body }
        return bytes
    }
}
