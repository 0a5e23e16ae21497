import EDDCore
import EDDProtocol

/// One client connection's state, owned by exactly one worker thread.
///
/// `input` holds bytes read but not yet answered: a partial line, or complete lines held back while the
/// output backlog is full. `output[outputSent...]` is the unsent response data.
final class Connection {
    let fd: Int32
    let context: ConnectionContext
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputSent = 0
    /// Splits the input into lines (and remembers an over-long line being skipped).
    var framer: LineFramer
    /// Line processing stopped because the backlog was full; `input` may hold complete lines.
    var holdingLines = false
    /// EOF was read (or the server is draining): no more reads, close once everything is answered.
    var readClosed = false
    /// The server has shut down its sending side (draining): input is now read only to be discarded, so that
    /// the final close is a FIN and never a reset that could destroy answers the client has not read yet.
    var writeClosed = false
    /// The epoll interest currently registered.
    var interest: UInt32 = 0
    /// The backlog last reported to the shard's `outputBuffered` gauge.
    var reportedBacklog = 0
    var lastActivity: UInt64
    /// When the first byte of the line still incomplete arrived (nil between lines): later bytes of the same
    /// line do not move it, so a client trickling one byte at a time still meets the line deadline.
    var lineStarted: UInt64?
    /// Frames (lines and over-long lines) taken from the input so far: when a read yields one, the partial
    /// line it leaves behind is a new line, whose deadline starts with that read.
    var frames = 0

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
