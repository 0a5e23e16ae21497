import CEDDSystem
import Glibc
import Synchronization

/// Turns SIGTERM/SIGINT into a shutdown callback and SIGHUP into a reload callback.
///
/// Uses the self-pipe trick: a C signal handler writes the signal number to a pipe and a dedicated thread
/// reads it and calls back in ordinary thread context, where locks and allocation are fine. This works
/// whatever signal masks other threads (Dispatch, the workers) have, unlike sigwait or signalfd, which need
/// the signals blocked in every thread. Only one watcher should exist per process; install it from the thread
/// that later starts the server, so the workers inherit the unblocked mask.
public final class SignalWatcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    private static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    private init() {}

    /// Installs the handlers and starts the watching thread.
    /// - Parameters:
    ///   - onShutdown: called (on the watcher thread) for SIGTERM or SIGINT, with the signal number.
    ///   - onReload: called for SIGHUP.
    /// - Throws: ``SystemError`` when the pipe or handlers cannot be installed.
    public static func install(
        onShutdown: @escaping @Sendable (Int32) -> Void, onReload: @escaping @Sendable () -> Void
    ) throws -> SignalWatcher {
        let fd = SignalWatcher.signals.withUnsafeBufferPointer {
            cedd_signal_pipe_install($0.baseAddress, Int32($0.count))
        }
        guard fd >= 0 else { throw SystemError.last("install signal handlers") }
        // A process can inherit these signals blocked (Foundation's Process spawns children with its thread's
        // mask, for one), and then no handler ever runs. Unblock them in the calling thread; threads it
        // creates afterwards (the workers, the watcher) inherit the unblocked mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in SignalWatcher.signals { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let watcher = SignalWatcher()
        OSThread.detach {
            var byte: UInt8 = 0
            while true {
                let n = read(fd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 || watcher.stopped.load(ordering: .acquiring) { return }
                switch Int32(byte) {
                case SIGHUP: onReload()
                case SIGTERM, SIGINT: onShutdown(Int32(byte))
                default: continue
                }
            }
        }
        return watcher
    }

    /// Stops the watching thread and restores the default signal dispositions.
    public func stop() {
        SignalWatcher.signals.withUnsafeBufferPointer { cedd_signal_restore($0.baseAddress, Int32($0.count)) }
        stopped.store(true, ordering: .releasing)
        cedd_signal_pipe_poke(0)
    }
}
