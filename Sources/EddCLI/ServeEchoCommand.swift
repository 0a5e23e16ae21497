import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining

/// `edd serve-echo` (hidden, a development aid): serves the socket layer with a trivial echo handler.
///
/// Used to benchmark and debug the server without a model: `edd serve-echo --listen 127.0.0.1:7500` in one
/// terminal, `edd bench --connect 127.0.0.1:7500` in another. Stops on SIGINT or SIGTERM.
enum ServeEchoCommand {
    static let help = """
        usage: edd serve-echo [--listen ADDR] [--unix PATH] [--workers N]

        Development aid: runs the daemon's socket layer with a handler that answers each line with
        {"ok":true,"echo":<line>}. Stops on SIGINT or SIGTERM.

          --listen ADDR   TCP HOST:PORT (default 127.0.0.1:7500)
          --unix PATH     also listen on a Unix socket
          --workers N     worker threads (default: active processors)
        """

    static func run(_ args: inout ArgumentList) throws {
        let listen = try args.value("--listen") ?? "127.0.0.1:7500"
        let unix = try args.value("--unix")
        let workers = try args.integer("--workers", in: 1...1024)
        try args.rejectUnknown()
        var configuration = ServerConfiguration(unixSocketPath: unix)
        do {
            configuration.tcpAddress = try SocketAddress(parsing: listen)
        } catch let error as SystemError {
            throw UsageError(error.description)
        }
        if let workers { configuration.workers = workers }
        let server = LineServer(configuration: configuration, handler: EchoLineHandler())
        do {
            try server.start()
            let watcher = try SignalWatcher.install(
                onShutdown: { _ in server.shutdown(deadline: .seconds(5)) }, onReload: {})
            server.wait()
            watcher.stop()
        } catch let error as SystemError {
            throw CommandError.failure(error.description)
        }
    }
}
