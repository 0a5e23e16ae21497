import EDDCore
import EDDProtocol

/// One client connection's state, owned by exactly one worker thread.
///
/// `input` holds bytes read but not yet answered: a partial line, or complete lines held back while the
/// output backlog is full. `output[outputSent...]` is the unsent response data.
///
/// The mutable state is `@exclusivity(unchecked)`: only the owning worker's thread touches it, one access at
/// a time, so the runtime's check of every `inout` access (about 80 instructions each, several a request) would
/// never find a conflict.
final class Connection {
    let fd: Int32
    let context: ConnectionContext
    @exclusivity(unchecked) var input: [UInt8] = []
    @exclusivity(unchecked) var inputStart = 0
    @exclusivity(unchecked) var output: [UInt8] = []
    @exclusivity(unchecked) var outputSent = 0
    /// Splits the input into lines (and remembers an over-long line being skipped).
    @exclusivity(unchecked) var framer: LineFramer
    /// Line processing stopped because the backlog was full; `input` may hold complete lines.
    @exclusivity(unchecked) var holdingLines = false
    /// EOF was read (or the server is draining): no more reads, close once everything is answered.
    @exclusivity(unchecked) var readClosed = false
    /// The server has shut down its sending side (draining): input is now read only to be discarded, so that
    /// the final close is a FIN and never a reset that could destroy answers the client has not read yet.
    @exclusivity(unchecked) var writeClosed = false
    /// The epoll interest currently registered.
    @exclusivity(unchecked) var interest: UInt32 = 0
    /// The backlog last reported to the shard's `outputBuffered` gauge.
    @exclusivity(unchecked) var reportedBacklog = 0
    @exclusivity(unchecked) var lastActivity: UInt64
    /// When the first byte of the line still incomplete arrived (nil between lines): later bytes of the same
    /// line do not move it, so a client trickling one byte at a time still meets the line deadline.
    @exclusivity(unchecked) var lineStarted: UInt64?
    /// Frames (lines and over-long lines) taken from the input so far: when a read yields one, the partial
    /// line it leaves behind is a new line, whose deadline starts with that read.
    @exclusivity(unchecked) var frames = 0

    init(fd: Int32, context: ConnectionContext, now: UInt64, maxLineBytes: Int) {
        self.fd = fd
        self.framer = LineFramer(maxLineBytes: maxLineBytes)
        self.context = context
        self.lastActivity = now
    }

    /// Unsent output bytes.
    var backlog: Int { output.count - outputSent }
    /// Unprocessed input bytes.
    var pendingInput: Int { input.count - inputStart }
}
