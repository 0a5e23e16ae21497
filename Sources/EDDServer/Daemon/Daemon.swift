import EDDCore
import EDDProtocol
import Foundation
import Glibc
import Synchronization

/// The prediction daemon: a ``QueryService`` behind a ``LineServer``, with signal handling and logs.
///
/// Lifecycle: ``init(configuration:)`` loads and validates the model, ``start()`` binds and installs the
/// signal handlers, ``wait()`` returns once SIGTERM/SIGINT (or ``shutdown(reason:)``) has drained the
/// connections. SIGHUP re-reads the model file being served (the last one loaded, as `reload` without a
/// path does: an operator's switch by `reload` with a path is not undone by a routine SIGHUP); a file that
/// fails validation is refused, logged, and the old model keeps serving.
public final class Daemon: Sendable {
    /// The engine answering requests (and holding the current model).
    public let service: QueryService
    /// The socket layer.
    public let server: LineServer
    private let configuration: DaemonConfiguration
    private let watcher = Mutex<SignalWatcher?>(nil)
    /// Signalled when the server has stopped or a shutdown gave up waiting at its deadline.
    private let stopped = DispatchSemaphore(value: 0)
    /// The soft open-file limit in force (raised toward the hard limit at init).
    public let openFileLimit: Int
    private let shuttingDown = Atomic<Bool>(false)

    /// Whether a shutdown has begun (set before anything is logged, so `/readyz` is 503 from then on).
    public var isShuttingDown: Bool { shuttingDown.load(ordering: .acquiring) }

    /// Descriptors kept back from connections: stdio, listeners, each worker's epoll and eventfd, the signal
    /// pipe, the reserve descriptor, the model file during a reload, and some slack for the runtime.
    public static func reservedDescriptors(workers: Int) -> Int { 32 + 2 * workers }

    /// Loads the model and prepares the server; nothing is bound yet.
    /// - Throws: ``DaemonError`` when the model file is missing, ``ModelFileError`` when it is unusable.
    public init(configuration: DaemonConfiguration) throws {
        var configuration = configuration
        let path = configuration.modelPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw DaemonError.noModelFile(path)
        }
        let model = try ModelFile.load(path: path)
        let files = Daemon.raiseOpenFileLimit()
        openFileLimit = files
        var serverConfiguration = configuration.server
        let fitting = max(1, files - Daemon.reservedDescriptors(workers: serverConfiguration.workers))
        if configuration.fitConnectionsToFileLimit && serverConfiguration.maxConnections > fitting {
            serverConfiguration.maxConnections = fitting
        }
        // The service needs the server's counters for `stats`, and the server needs the service's handler:
        // the box breaks the cycle (it is filled before the first request can arrive).
        let serverBox = Mutex<LineServer?>(nil)
        let service = QueryService(
            model: model, path: path, shards: configuration.server.workers,
            extraStats: { serverBox.withLock { $0 }.map { Daemon.statsFields($0.counters.snapshot()) } ?? [] },
            extraErrors: {
                guard let stats = serverBox.withLock({ $0 })?.counters.snapshot() else { return [:] }
                return [.lineTooLong: stats.lineTooLong, .overloaded: stats.overloaded]
            })
        serverConfiguration.startLogFields += [
            ("open_files", String(files)), ("model", model.metadata.id), ("model_path", path),
        ]
        let server = LineServer(
            configuration: serverConfiguration,
            handler: EDDLineHandler(service: service, logger: configuration.server.logger))
        serverBox.withLock { $0 = server }
        self.service = service
        self.server = server
        configuration.server = serverConfiguration
        self.configuration = configuration
    }

    private var logger: Logger { configuration.server.logger }

    /// Binds the listeners, starts the workers and installs the signal handlers.
    /// - Throws: ``SystemError`` when an address cannot be bound or the handlers cannot be installed.
    public func start() throws {
        let reserved = Daemon.reservedDescriptors(workers: configuration.server.workers)
        if openFileLimit < configuration.server.maxConnections + reserved {
            // Only an explicit --max-connections gets here: it is honoured, and clients beyond what the
            // descriptors allow are refused through the reserve descriptor.
            logger.warning(
                "open_file_limit",
                ["limit": String(openFileLimit), "max_connections": String(configuration.server.maxConnections)])
        }
        // Only the watcher thread takes the signals; the workers created below inherit the blocked mask.
        SignalWatcher.blockInCallingThread()
        let installed = try SignalWatcher.install(
            onShutdown: { [self] signal in
                shutdown(reason: signal == SIGINT ? "SIGINT" : "SIGTERM")
            },
            onReload: { [self] in reload(trigger: "SIGHUP") })
        watcher.withLock { $0 = installed }
        do {
            try server.start()
        } catch {
            installed.stop()
            throw error
        }
        // A server that stops on its own (an epoll failure) ends the wait here. Once a shutdown has begun,
        // only ``shutdown(reason:)`` ends it, after the server's last log line: the workers finish before
        // `LineServer.shutdown` logs a cut at the deadline, and the process must not exit in between.
        OSThread.detach { [self] in
            server.wait()
            if !isShuttingDown { stopped.signal() }
        }
        configuration.notifier?.notify("READY=1\nSTATUS=serving model \(service.model.metadata.id)")
    }

    /// Blocks until the server has stopped, or a shutdown has reached its deadline (a worker stuck in a
    /// handler does not keep the process alive), then removes the signal handlers.
    public func wait() {
        stopped.wait()
        watcher.withLock { $0?.stop() }
    }

    /// Stops accepting, answers what was received (up to the configured deadline) and lets ``wait()`` return.
    /// - Returns: true when every connection was drained within the deadline.
    @discardableResult
    public func shutdown(reason: String) -> Bool {
        shuttingDown.store(true, ordering: .releasing)
        configuration.notifier?.notify("STOPPING=1\nSTATUS=draining (\(reason))")
        logger.info("signal", ["signal": reason, "action": "shutdown"])
        let clean = server.shutdown(deadline: configuration.shutdownDeadline)
        stopped.signal()
        return clean
    }

    /// Reads the model file again; on failure the old model keeps serving and the reason is logged.
    /// - Returns: true when a new model was swapped in.
    @discardableResult
    public func reload(trigger: String) -> Bool {
        do {
            let id = try service.reload()
            logger.info("reload", ["result": "ok", "source": trigger, "model": id, "path": service.modelPath ?? ""])
            return true
        } catch {
            let reason = (error as? any EDDError)?.message ?? "\(error)"
            logger.error(
                "reload",
                [
                    "result": "failed", "source": trigger, "reason": reason, "model": service.model.metadata.id,
                    "path": service.modelPath ?? "",
                ])
            return false
        }
    }

    /// The server counters as members of the `stats` response.
    static func statsFields(_ s: ServerStats) -> [(key: String, value: JSONFragment)] {
        [
            (
                "connections",
                .object([
                    ("open", .integer(s.connectionsOpen)), ("accepted", .integer(s.connectionsAccepted)),
                    ("refused", .integer(s.connectionsRefused)), ("idle_closed", .integer(s.connectionsIdleClosed)),
                    ("line_timeout", .integer(s.connectionsLineTimedOut)),
                ])
            ),
            (
                "server",
                .object([
                    ("lines", .integer(s.lines)), ("bytes_in", .integer(s.bytesIn)),
                    ("bytes_out", .integer(s.bytesOut)),
                    ("line_too_long", .integer(s.lineTooLong)), ("overloaded", .integer(s.overloaded)),
                    ("output_buffered", .integer(s.outputBuffered)), ("read_pauses", .integer(s.readPauses)),
                ])
            ),
        ]
    }

    /// Raises the soft RLIMIT_NOFILE toward the hard limit (the usual soft default, 1024, equals the default
    /// connection limit and would leave no descriptors for listeners and the model file).
    /// - Returns: the soft limit in force afterwards.
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        let target = min(limit.rlim_max, 1 << 20)
        if limit.rlim_cur < target {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
