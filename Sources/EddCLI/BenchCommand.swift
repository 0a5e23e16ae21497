import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

/// `edd bench`: closed-loop load against a running daemon; prints throughput and latency percentiles.
enum BenchCommand {
    static let help = """
        usage: edd bench --connect ADDR [--connections N] [--pipeline P] [--duration S] [--queries FILE]
                         [--threads T]

        Opens N connections, keeps P requests in flight on each for S seconds, and prints responses per
        second and latency p50/p90/p99/max. Requests cycle through the lines of FILE, or a typical `edd`
        request when no file is given. The connections are shared by T event-loop threads (like
        redis-benchmark --threads), so the client costs little of the CPU it shares with a local daemon.

          --connect ADDR      HOST:PORT, unix:/path or /path (required)
          --connections N     concurrent connections (default 50)
          --pipeline P        requests in flight per connection (default 1)
          --duration S        seconds to run (default 10)
          --queries FILE      request lines to send
          --threads T         client event-loop threads (default: one per CPU, as eddd's workers)
        """

    /// A typical checkout request from PROTOCOL.md.
    static let defaultQuery =
        #"{"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107"},"#
        + #""destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00","#
        + #""confidence":0.9,"quantiles":[0.1,0.5,0.9]}"#

    static func run(_ args: inout ArgumentList) throws {
        let address = try args.required("--connect")
        let connections = try args.integer("--connections", in: 1...100_000) ?? 50
        let pipeline = try args.integer("--pipeline", in: 1...100_000) ?? 1
        let seconds = try args.number("--duration", in: 0...86_400, above: true, "seconds") ?? 10
        let queriesPath = try args.value("--queries")
        let threads = try args.integer("--threads", in: 1...1024) ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        try args.rejectUnknown()
        var queries = [Array(defaultQuery.utf8)]
        if let queriesPath {
            guard let data = FileManager.default.contents(atPath: queriesPath) else {
                throw InputFileError.cannotOpen(queriesPath)
            }
            queries = data.split(separator: 0x0A).map { Array($0) }.filter { !$0.isEmpty }
            guard !queries.isEmpty else { throw CommandError.badInput("'\(queriesPath)' holds no request lines") }
        }
        do {
            let report = try LoadGenerator.run(
                address: address, connections: connections, pipeline: pipeline,
                duration: .milliseconds(Int(seconds * 1000)), queries: queries, threads: threads)
            print(report.summary)
        } catch let error as SystemError {
            throw CommandError.failure("bench failed: \(error.description)")
        }
    }

}
