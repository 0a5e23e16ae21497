import EDDCore
import EDDProtocol

/// Answers protocol lines with a ``QueryService``: the handler `eddd` gives its ``LineServer``.
///
/// Admin operations (`reload`) are allowed per connection, as the server decided when it accepted it
/// (``ConnectionContext/adminAllowed``). Reloads asked for over a socket are logged like SIGHUP reloads, from
/// the outcome the service returns; everything else goes straight to the service.
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
        let outcome = service.respond(
            line: line, adminAllowed: context.adminAllowed, shard: context.worker, into: &output)
        if let reload = outcome.reload { log(reload, context: context) }
    }

    private func log(_ reload: ReloadOutcome, context: ConnectionContext) {
        let source = context.isUnixSocket ? "unix" : "tcp"
        let connection = String(context.connectionID)
        switch reload {
        case .loaded(let model, let path):
            logger.info(
                "reload", ["result": "ok", "source": source, "conn": connection, "model": model, "path": path ?? ""])
        case .refused(let reason):
            logger.warning("reload_refused", ["source": source, "conn": connection, "reason": reason])
        case .failed(let reason):
            logger.error(
                "reload",
                [
                    "result": "failed", "source": source, "conn": connection, "reason": reason,
                    "model": service.model.metadata.id,
                ])
        }
    }
}
