import Foundation
import Glibc

@testable import EDDServer

/// One HTTP exchange with the metrics listener over a raw socket (tests only): the request is sent as
/// given, byte for byte, and the answer read to the end of the stream (the listener always closes).
struct HTTPExchange {
    var status: Int
    var headers: [String: String]
    var body: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `raw` to 127.0.0.1:`port` and reads the whole answer (20-second receive timeout: a hang fails
    /// the test rather than the suite).
    static func send(_ raw: [UInt8], port: UInt16, head: Bool = false) throws -> HTTPExchange {
        let fd = try Socket.connect(to: .tcp(host: "127.0.0.1", port: port))
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try raw.withUnsafeBytes { try Socket.writeAll(fd, $0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += buffer[0..<n]
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && received.isEmpty {
                throw Failure(description: "no answer: \(String(cString: strerror(errno)))")
            }
            break
        }
        return try parse(received, head: head)
    }

    /// `GET path` (or another method) with a Host header, as curl or Prometheus sends it.
    static func get(_ path: String, port: UInt16, method: String = "GET") throws -> HTTPExchange {
        try send(
            Array(
                "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8
            ), port: port)
    }

    static func parse(_ bytes: [UInt8], head isHead: Bool = false) throws -> HTTPExchange {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no end of head in \(text.prefix(200).debugDescription)")
        }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line \(head[0].debugDescription)")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header \(line)") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let body = String(text[split.upperBound...])
        if !isHead, let length = headers["content-length"].flatMap(Int.init), length != body.utf8.count {
            throw Failure(description: "Content-Length \(length) but \(body.utf8.count) body bytes")
        }
        return HTTPExchange(status: status, headers: headers, body: body)
    }
}

extension DaemonProcess {
    /// The port of the `metrics_listen addr=127.0.0.1:PORT` log line.
    var metricsPort: UInt16? {
        events("metrics_listen").first.flatMap { DaemonProcess.field("addr", in: $0) }
            .flatMap { $0.split(separator: ":").last.flatMap { UInt16($0) } }
    }

    /// One scrape of `/metrics`, parsed and checked by ``PrometheusExposition``.
    func scrape() throws -> PrometheusExposition {
        guard let port = metricsPort else { throw DaemonFailure("no metrics_listen line in:\n\(log)") }
        let answer = try HTTPExchange.get("/metrics", port: port)
        guard answer.status == 200 else { throw DaemonFailure("/metrics answered \(answer.status)") }
        return try PrometheusExposition(answer.body)
    }
}
