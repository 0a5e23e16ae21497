import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// What the operations endpoints know about the daemon: its phase and, once the model is loaded, the daemon.
///
/// `/readyz` is 200 only once the query listeners are bound and until a drain begins; starting (the model
/// still loading), a failed start and draining are all 503, each with its reason in the body.
public final class OperationsState: Sendable {
    /// Where the daemon is in its life.
    public enum Phase: Sendable, Equatable {
        /// The model is being loaded or the listeners bound.
        case starting
        /// The query listeners accept and a valid model is loaded.
        case serving
        /// Start failed (the process is about to exit with the reason logged).
        case failed(String)
    }

    private let state = Mutex<(phase: Phase, daemon: Daemon?)>((.starting, nil))
    /// Wall-clock seconds since the epoch when the process began (`edd_start_time_seconds`).
    package let startTime: Double

    /// Creates the state of a daemon that is starting.
    public init() {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        startTime = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The daemon whose counters `/metrics` shows (set once its model is loaded).
    package var daemon: Daemon? { state.withLock { $0.daemon } }

    /// Records the loaded daemon.
    public func attach(_ daemon: Daemon) { state.withLock { $0.daemon = daemon } }

    /// Moves to `phase`.
    public func enter(_ phase: Phase) { state.withLock { $0.phase = phase } }

    /// Whether the daemon should receive traffic, and if not, why.
    package var readiness: (ready: Bool, reason: String) {
        let (phase, daemon) = state.withLock { ($0.phase, $0.daemon) }
        if case .failed(let reason) = phase { return (false, "start failed: \(reason)") }
        // Read from the server itself rather than waiting for `.serving`: a client that has seen the `start`
        // line (logged once the listeners are bound) must find the daemon ready.
        guard let daemon, daemon.server.isListening || daemon.isShuttingDown else {
            return (false, "starting: the model is loading or the listeners are not bound yet")
        }
        if daemon.isShuttingDown { return (false, "draining: the daemon is shutting down") }
        return (true, "ready: serving model \(daemon.service.model.metadata.id)")
    }
}
