import CEDDSystem
import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// Turns SIGTERM/SIGINT into a shutdown callback and SIGHUP into a reload callback.
///
/// Uses the self-pipe trick: a C signal handler writes the signal number to a pipe and a dedicated thread
/// reads it and calls back in ordinary thread context, where locks and allocation are fine. This works
/// whatever signal masks other threads (Dispatch, the workers) have, unlike sigwait or signalfd, which need
/// the signals blocked in every thread. Only one watcher should exist per process.
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
        let watcher = SignalWatcher()
        OSThread.detach {
            // The watcher takes the signals even when the process inherited them blocked (Foundation's
            // Process spawns children with its thread's mask, for one) or the caller blocked them so that
            // only this thread receives them (see ``blockInCallingThread()``).
            var unblock = SignalWatcher.signalSet()
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
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

    /// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and in threads it creates afterwards.
    ///
    /// A daemon calls this before starting its workers so that the watcher thread is the only one the
    /// signals are delivered to: a thread parked in a futex wait (`DispatchGroup.wait`) then never has to
    /// run the handler, which matters under ThreadSanitizer, whose deferred signal delivery would otherwise
    /// wait for that thread to wake up.
    public static func blockInCallingThread() {
        var block = signalSet()
        pthread_sigmask(SIG_BLOCK, &block, nil)
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    /// Stops the watching thread and restores the default signal dispositions.
    public func stop() {
        SignalWatcher.signals.withUnsafeBufferPointer { cedd_signal_restore($0.baseAddress, Int32($0.count)) }
        stopped.store(true, ordering: .releasing)
        cedd_signal_pipe_poke(0)
    }
}
