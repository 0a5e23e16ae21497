import CEDDSystem
import EDDCore
import EDDProtocol
import Glibc
import Synchronization

/// State shared by every worker of one server: configuration, handler, listeners and lifecycle flags.
final class ServerCore: Sendable {
    /// A listening socket and whether it is the Unix one.
    struct Listener: Sendable {
        let fd: Int32
        let isUnix: Bool
    }

    /// Accepted connections handed from the accepting worker to their assigned worker.
    final class Inbox: Sendable {
        let wakeFD: Int32
        let pending = Mutex<[(fd: Int32, isUnix: Bool)]>([])

        init(wakeFD: Int32) { self.wakeFD = wakeFD }

        func push(fd: Int32, isUnix: Bool) {
            pending.withLock { $0.append((fd, isUnix)) }
            cedd_eventfd_signal(wakeFD)
        }

        func wake() { cedd_eventfd_signal(wakeFD) }

        func take() -> [(fd: Int32, isUnix: Bool)] {
            pending.withLock {
                let all = $0
                $0.removeAll()
                return all
            }
        }
    }

    let configuration: ServerConfiguration
    let handler: any LineHandler
    let counters: ServerCounters
    let listeners: [Listener]
    let inboxes: [Inbox]
    /// 0 serving, 1 draining (no accepts; answer what was received, then close).
    let draining = Atomic<Bool>(false)
    /// Monotonic nanoseconds after which workers close everything and exit.
    let deadline = Atomic<UInt64>(UInt64.max)
    /// Workers that have unregistered the listeners; the last one closes them.
    let listenersReleased = Atomic<Int>(0)
    /// Set (after the last accept) once the listeners are closed: no connection is handed off after it.
    let listenersClosed = Atomic<Bool>(false)
    /// Connections still open when the shutdown deadline passed (closed unanswered).
    let closedAtDeadline = Atomic<Int>(0)
    /// The spare descriptor given up to refuse clients when descriptors run out (`Worker+Overload`).
    let reserve = Mutex<Int32>(ServerCore.openReserve())
    /// When an accept failure was last logged, how many since were not, and the clients refused meanwhile.
    let acceptFailures = Mutex<(lastLogged: UInt64, suppressed: Int, refused: Int)>((0, 0, 0))
    let nextConnectionID = Atomic<UInt64>(1)
    let acceptSequence = Atomic<Int>(0)
    /// The `line_too_long` response, built once from the configured limit.
    let lineTooLongResponse: [UInt8]

    init(
        configuration: ServerConfiguration, handler: any LineHandler, counters: ServerCounters,
        listeners: [Listener], inboxes: [Inbox]
    ) {
        self.configuration = configuration
        self.handler = handler
        self.counters = counters
        self.listeners = listeners
        self.inboxes = inboxes
        self.lineTooLongResponse =
            Array(
                #"{"ok":false,"error":{"code":"line_too_long","message":"line exceeds \#(configuration.maxLineBytes) bytes"}}"#
                    .utf8) + [0x0A]
    }

    /// Called by each worker once it no longer watches the listeners.
    /// - Returns: true for the last one, which accepts what is still queued and then calls
    ///   ``closeListeners()``.
    func releaseListeners() -> Bool {
        listenersReleased.add(1, ordering: .acquiringAndReleasing).newValue == inboxes.count
    }

    /// Closes the listeners and the reserve descriptor, and tells every worker no more hand-offs will come.
    func closeListeners() {
        for listener in listeners { close(listener.fd) }
        if let path = configuration.unixSocketPath { unlink(path) }
        reserve.withLock {
            if $0 >= 0 { close($0) }
            $0 = -1
        }
        listenersClosed.store(true, ordering: .releasing)
        for inbox in inboxes { inbox.wake() }
    }

    static let overloadedResponse =
        Array(
            #"{"ok":false,"error":{"code":"overloaded","message":"too many connections; try again later"}}"#.utf8)
        + [0x0A]
}
