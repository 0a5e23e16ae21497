import EDDCore
import EDDProtocol
import Foundation
import Glibc

/// Answers protocol lines with a ``QueryService``: the handler `eddd` gives its ``LineServer``.
///
/// Admin operations (`reload`) are allowed per connection, as the server decided when it accepted it
/// (``ConnectionContext/adminAllowed``). Reloads asked for over a socket are logged like SIGHUP reloads;
/// everything else goes straight to the service.
public struct EDDLineHandler: LineHandler {
    /// The engine answering the requests.
    public let service: QueryService
    private let logger: Logger

    /// Creates a handler.
    /// - Parameters:
    ///   - service: the engine answering the requests.
    ///   - logger: where socket-initiated reloads are logged.
    public init(service: QueryService, logger: Logger = Logger()) {
        self.service = service
        self.logger = logger
    }

    public func handle(line: UnsafeRawBufferPointer, context: ConnectionContext, output: inout [UInt8]) {
        let before = output.count
        service.respond(line: line, adminAllowed: context.adminAllowed, shard: context.worker, into: &output)
        // A cheap substring test keeps the hot path free of a second decode; only lines that mention
        // `reload` are decoded again to see whether they were one.
        guard EDDLineHandler.mentionsReload(line), case .reload? = try? RequestDecoder.decode(line).request
        else { return }
        let response = output.withUnsafeBytes { Data($0[before...]) }
        logReload(response: response, context: context)
    }

    /// Whether `reload` occurs in the line (memchr finds each candidate `r`, then six bytes are compared).
    static func mentionsReload(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress, line.count >= 6 else { return false }
        var pos = 0
        while pos <= line.count - 6, let hit = memchr(base + pos, 0x72, line.count - 5 - pos) {
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, "reload", 6) == 0 { return true }
            pos = at + 1
        }
        return false
    }

    private func logReload(response: Data, context: ConnectionContext) {
        let object = (try? JSONSerialization.jsonObject(with: response)) as? [String: Any]
        let source = context.isUnixSocket ? "unix" : "tcp"
        let connection = String(context.connectionID)
        if object?["ok"] as? Bool == true {
            logger.info(
                "reload",
                [
                    "result": "ok", "source": source, "conn": connection, "model": service.model.metadata.id,
                    "path": service.modelPath ?? "",
                ])
            return
        }
        let error = object?["error"] as? [String: Any]
        let code = error?["code"] as? String ?? "unknown"
        let message = error?["message"] as? String ?? ""
        if code == ErrorCode.notAllowed.rawValue {
            logger.warning("reload_refused", ["source": source, "conn": connection, "reason": message])
        } else {
            logger.error(
                "reload",
                [
                    "result": "failed", "source": source, "conn": connection, "reason": message,
                    "model": service.model.metadata.id,
                ])
        }
    }
}
