import EDDCore
import EDDProtocol
import Glibc

/// A joinable POSIX thread running one closure.
///
/// The server and the load generator block in system calls, so they use real threads rather than the
/// cooperative pool, which must never block.
final class OSThread: @unchecked Sendable {
    // Invariant: `thread` is written once in `start` before the handle is shared, and `join` is called once.
    private var thread = pthread_t()
    private var joined = false

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private init() {}

    /// Starts `body` on a new thread.
    static func start(_ body: @escaping @Sendable () -> Void) -> OSThread {
        let handle = OSThread()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(
            &handle.thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return handle
    }

    /// Waits for the thread to finish.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    /// Starts `body` on a detached thread (completion is signalled by the body itself).
    static func detach(_ body: @escaping @Sendable () -> Void) {
        let handle = start(body)
        handle.joined = true
        pthread_detach(handle.thread)
    }
}

/// Monotonic nanoseconds, for timeouts and latencies (never wall-clock).
@inline(__always)
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (s, atto) = components
        if s < 0 { return 0 }
        return UInt64(s) &* 1_000_000_000 &+ UInt64(atto / 1_000_000_000)
    }
}
