import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import Foundation

/// `eddd`: parses its arguments into a ``DaemonConfiguration`` and runs a ``Daemon`` until SIGTERM/SIGINT.
enum Eddd {
    static let help = """
        eddd: the edd prediction daemon (line-delimited JSON, PROTOCOL.md)

        Usage: eddd [options]

          --model PATH           model file to serve (default \(DaemonConfiguration.defaultModelPath), relative to the
                                 working directory; the start line shows the absolute path)
          --listen HOST:PORT     TCP address (default 127.0.0.1:7433; port 0 picks a free port)
          --unix PATH            also listen on a Unix socket (admin ops such as reload are allowed there)
          --workers N            worker threads (default: online processors)
          --max-line BYTES       longest request line, 128 to 67108864 (default 65536)
          --max-connections N    connections open at once; more are answered 'overloaded' (default 1024,
                                 lowered to fit the open-file limit minus a reserve; the start line says)
          --idle-timeout S       close connections idle this many seconds (default 300)
          --line-timeout S       close a connection whose line is not complete S seconds after its first
                                 byte (default 10)
          --unix-mode MODE       permissions of the --unix socket, octal (default 600: owner only)
          --shutdown-timeout S   on SIGTERM, close what is still open after S seconds and exit (default 10)
          --allow-admin          allow admin ops (reload) on TCP too
          --reuse-port           set SO_REUSEPORT, so a new daemon can bind the port while this one drains
          --metrics HOST:PORT    serve GET /metrics (Prometheus), /healthz and /readyz over HTTP (default off)
          --log-level LEVEL      debug, info, warn or error, as in the lines' level field (default info)
          --log-format FORMAT    text (key=value, the default) or json (one object per line)

        Signals: SIGHUP reloads the model file (a bad file is refused, the old model keeps serving);
        SIGTERM/SIGINT stop accepting, answer what was received and exit 0.
        Logs: one line per event on stderr; the first is 'event=start addr=HOST:PORT ... model=ID' (with
        --metrics, a 'metrics_listen' line precedes it). Under systemd ($NOTIFY_SOCKET), READY=1 is sent once
        the listeners accept and STOPPING=1 when a drain begins.
        """

    static func configuration(_ arguments: [String]) throws -> DaemonConfiguration {
        var args = ArgumentList(arguments)
        var server = ServerConfiguration()
        // Resolved once against the working directory, so the start line shows which file is served and a
        // SIGHUP reloads that same file.
        let model = FileIdentity.absolute(try args.value("--model") ?? DaemonConfiguration.defaultModelPath)
        if let listen = try args.value("--listen") {
            do {
                server.tcpAddress = try SocketAddress(parsing: listen)
            } catch {
                throw UsageError("--listen: \(error)")
            }
            if case .unix = server.tcpAddress { throw UsageError("--listen takes HOST:PORT; use --unix PATH") }
        }
        server.unixSocketPath = try args.value("--unix")
        if let n = try args.integer("--workers", in: 1...1024) { server.workers = n }
        if let n = try args.integer(
            "--max-line", in: 128...67_108_864, "bytes", why: "a typical request is 200 to 400 bytes")
        {
            server.maxLineBytes = n
        }
        let maxConnections = try args.integer("--max-connections", in: 1...1_000_000)
        if let n = maxConnections { server.maxConnections = n }
        if let s = try args.number("--idle-timeout", in: 0...1_000_000, above: true, "seconds") {
            server.idleTimeout = .milliseconds(Int(s * 1000))
        }
        if let s = try args.number("--line-timeout", in: 0...1_000_000, above: true, "seconds") {
            server.lineTimeout = .milliseconds(Int(s * 1000))
        }
        if let mode = try args.value("--unix-mode", "an octal mode between 600 and 777, such as 660", octalMode) {
            server.unixSocketMode = mode
        }
        let shutdown = try args.number("--shutdown-timeout", in: 0...1_000_000, above: true, "seconds")
        server.adminOnTCP = try args.flag("--allow-admin")
        server.reusePort = try args.flag("--reuse-port")
        var metrics: MetricsConfiguration?
        if let address = try args.value("--metrics") {
            guard case .tcp = try? SocketAddress(parsing: address) else {
                throw UsageError("--metrics takes HOST:PORT (such as 127.0.0.1:9433), not '\(address)'")
            }
            metrics = MetricsConfiguration(address: try SocketAddress(parsing: address))
            metrics?.reusePort = server.reusePort
        }
        // The names the log lines use (level=warn); 'warning' is accepted too.
        let level = try args.value("--log-level", "debug, info, warn or error") { text -> Logger.Level? in
            ["debug": .debug, "info": .info, "warn": .warning, "warning": .warning, "error": .error][text]
        }
        let format = try args.value("--log-format", "text or json") { Logger.Format(rawValue: $0) }
        server.logger = Logger(minimumLevel: level ?? .info, format: format ?? .text)
        try args.rejectUnknown()
        var configuration = DaemonConfiguration(modelPath: model, server: server)
        configuration.metrics = metrics
        configuration.notifier = SystemdNotifier(path: ProcessInfo.processInfo.environment["NOTIFY_SOCKET"])
        if let shutdown { configuration.shutdownDeadline = .milliseconds(Int(shutdown * 1000)) }
        configuration.fitConnectionsToFileLimit = maxConnections == nil
        return configuration
    }

    /// An octal permission mode that keeps the owner's read and write (the daemon's own tools need them).
    static func octalMode(_ text: String) -> UInt32? {
        guard let mode = UInt32(text, radix: 8), mode <= 0o777, mode & 0o600 == 0o600 else { return nil }
        return mode
    }

    static func run(_ arguments: [String]) -> Int32 {
        if ArgumentList(arguments).wantsHelp {
            print(help)
            return 0
        }
        do {
            try Daemon.run(configuration: configuration(arguments))
            return 0
        } catch {
            CommandLineTool.printError("eddd: \(error)")
            return ExitCode(for: error).rawValue
        }
    }
}

exit(Eddd.run(Array(CommandLine.arguments.dropFirst())))
