import EDDCore
import EDDProtocol

/// Everything `eddd` needs to run: the model file, the socket layer's settings, and how long a shutdown may
/// take.
public struct DaemonConfiguration: Sendable {
    /// The model file served by default, relative to the current directory.
    public static let defaultModelPath = "Models/edd.model"
    /// The command that makes the default model, quoted when it is missing.
    public static let makeModelHint =
        "swift run edd-train fit --scans TrainingData/synthetic-scans.csv --out Models/edd.model"

    /// The model file served at start. SIGHUP and `reload` without a path re-read the file being served,
    /// which is this one until a `reload` with a path switches to another (until the next restart).
    public var modelPath: String
    /// Listeners, limits, workers and the logger.
    public var server: ServerConfiguration
    /// On SIGTERM/SIGINT, connections still open after this long are closed unanswered.
    public var shutdownDeadline: Duration
    /// Lowers ``ServerConfiguration/maxConnections`` at start to what the open-file limit can serve (true
    /// when the limit is the default rather than the operator's choice).
    public var fitConnectionsToFileLimit = false
    /// The operations endpoints (`/metrics`, `/healthz`, `/readyz`), off when nil.
    public var metrics: MetricsConfiguration?
    /// Where readiness is reported to systemd (`$NOTIFY_SOCKET`), if anywhere.
    public var notifier: SystemdNotifier?

    /// Creates a configuration; every parameter has the daemon's default.
    public init(
        modelPath: String = DaemonConfiguration.defaultModelPath, server: ServerConfiguration = ServerConfiguration(),
        shutdownDeadline: Duration = .seconds(10)
    ) {
        self.modelPath = modelPath
        self.server = server
        self.shutdownDeadline = shutdownDeadline
    }
}
