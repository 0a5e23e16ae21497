import EDDCore
import EDDProtocol
import Synchronization

/// Live counters of a ``LineServer``, readable from any thread without locks.
///
/// Hot counters (lines, bytes) live in one shard per worker so workers never contend on a cache line;
/// ``snapshot()`` sums the shards. Rare events use shared atomics.
public final class ServerCounters: Sendable {
    final class Shard: Sendable {
        let lines = Atomic<Int>(0)
        let bytesIn = Atomic<Int>(0)
        let bytesOut = Atomic<Int>(0)
        /// Unsent output bytes currently held for this worker's connections.
        let outputBuffered = Atomic<Int>(0)
        /// The largest unsent output ever held for one connection.
        let peakBacklog = Atomic<Int>(0)
        let readPauses = Atomic<Int>(0)
    }

    let shards: [Shard]
    let connectionsOpen = Atomic<Int>(0)
    let connectionsAccepted = Atomic<Int>(0)
    let connectionsRefused = Atomic<Int>(0)
    let idleClosed = Atomic<Int>(0)
    let lineTimeouts = Atomic<Int>(0)
    let lineTooLong = Atomic<Int>(0)

    /// Creates counters with one shard per worker.
    init(shards: Int) {
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// The counters' values at one moment (each read individually; the sum is not one atomic snapshot).
    public func snapshot() -> ServerStats {
        var stats = ServerStats()
        stats.connectionsOpen = connectionsOpen.load(ordering: .relaxed)
        stats.connectionsAccepted = connectionsAccepted.load(ordering: .relaxed)
        stats.connectionsRefused = connectionsRefused.load(ordering: .relaxed)
        stats.connectionsIdleClosed = idleClosed.load(ordering: .relaxed)
        stats.connectionsLineTimedOut = lineTimeouts.load(ordering: .relaxed)
        stats.lineTooLong = lineTooLong.load(ordering: .relaxed)
        stats.overloaded = stats.connectionsRefused
        for shard in shards {
            stats.lines += shard.lines.load(ordering: .relaxed)
            stats.bytesIn += shard.bytesIn.load(ordering: .relaxed)
            stats.bytesOut += shard.bytesOut.load(ordering: .relaxed)
            stats.outputBuffered += shard.outputBuffered.load(ordering: .relaxed)
            stats.peakConnectionBacklog = max(stats.peakConnectionBacklog, shard.peakBacklog.load(ordering: .relaxed))
            stats.readPauses += shard.readPauses.load(ordering: .relaxed)
        }
        return stats
    }
}

/// A copy of the server counters for `stats` and tests.
public struct ServerStats: Sendable, Equatable {
    /// Connections currently open.
    public var connectionsOpen = 0
    /// Connections accepted since start (refused ones excluded).
    public var connectionsAccepted = 0
    /// Connections refused because ``ServerConfiguration/maxConnections`` was reached.
    public var connectionsRefused = 0
    /// Connections closed by the idle timeout.
    public var connectionsIdleClosed = 0
    /// Connections closed because a line did not complete within ``ServerConfiguration/lineTimeout``.
    public var connectionsLineTimedOut = 0
    /// Request lines handed to the handler.
    public var lines = 0
    /// Bytes read from clients.
    public var bytesIn = 0
    /// Bytes written to clients.
    public var bytesOut = 0
    /// Errors answered `line_too_long`.
    public var lineTooLong = 0
    /// Errors answered `overloaded` (one per refused connection).
    public var overloaded = 0
    /// Unsent output bytes held across all connections right now.
    public var outputBuffered = 0
    /// The largest unsent output held for one connection since start.
    public var peakConnectionBacklog = 0
    /// How often a connection stopped being read because its output backlog was full.
    public var readPauses = 0

    public init() {}
}
