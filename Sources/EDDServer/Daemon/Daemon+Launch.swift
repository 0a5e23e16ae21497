import EDDCore
import EDDProtocol

extension Daemon {
    /// Runs a daemon as `eddd` does, until SIGTERM/SIGINT has drained it.
    ///
    /// The operations listener comes first, so that while the model loads `/healthz` already answers and
    /// `/readyz` says 503 "starting"; a start that fails leaves `/readyz` at 503 with the reason until the
    /// error is thrown and the listener closed. `/readyz` turns 200 only once the query listeners accept.
    /// - Throws: what ``init(configuration:)`` and ``start()`` throw, or ``SystemError`` when the metrics
    ///   address cannot be bound.
    public static func run(configuration: DaemonConfiguration) throws {
        let state = OperationsState()
        let metrics = configuration.metrics.map {
            MetricsServer(configuration: $0, state: state, logger: configuration.server.logger)
        }
        try metrics?.start()
        defer { metrics?.stop() }
        do {
            let daemon = try Daemon(configuration: configuration)
            state.attach(daemon)
            try daemon.start()
            state.enter(.serving)
            daemon.wait()
        } catch {
            state.enter(.failed((error as? any EDDError)?.message ?? "\(error)"))
            throw error
        }
    }
}
