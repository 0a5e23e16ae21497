import EDDBenchmark
import EDDCommandLine
import EDDCore
import EDDProtocol
import EDDServer
import EDDTraining
import Foundation

/// `edd query`: sends request lines to a running daemon and prints the answers.
enum QueryCommand {
    static let help = """
        usage: edd query [--connect ADDR] [JSON ...]

        Sends each JSON argument as one request line (or, with no arguments, every non-empty line of
        stdin) to the daemon and prints one response line per request, in order.

          --connect ADDR   HOST:PORT, unix:/path or /path (default 127.0.0.1:7433)
        """

    static func run(_ args: inout ArgumentList) throws {
        let address = try args.value("--connect") ?? "127.0.0.1:7433"
        try args.rejectUnknown(allowingPositionals: true)
        let requests = args.positionals
        let client: EDDClient
        do {
            client = try EDDClient(address: address)
        } catch let error as SystemError {
            throw CommandError.failure("cannot connect to \(address): \(error.description)")
        }
        if !requests.isEmpty {
            try exchange(client, requests.map { Array($0.utf8) })
            return
        }
        // Pipelined in bounded batches: enough to hide round trips, small enough that neither side's
        // buffers can fill while the other waits.
        var batch: [[UInt8]] = []
        var batchBytes = 0
        while let line = readLine(strippingNewline: true) {
            let bytes = Array(line.utf8)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            batch.append(bytes)
            batchBytes += bytes.count
            if batch.count >= 256 || batchBytes >= 32768 {
                try exchange(client, batch)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
        }
        if !batch.isEmpty { try exchange(client, batch) }
    }

    private static func exchange(_ client: EDDClient, _ lines: [[UInt8]]) throws {
        var out: [UInt8] = []
        for line in lines {
            out.append(contentsOf: line)
            out.append(0x0A)
        }
        do {
            try client.send(raw: out)
            var printed: [UInt8] = []
            for _ in lines {
                guard let answer = try client.readLine() else {
                    throw CommandError.failure("the daemon closed the connection before answering every request")
                }
                printed.append(contentsOf: answer)
                printed.append(0x0A)
            }
            FileHandle.standardOutput.write(Data(printed))
        } catch let error as SystemError {
            throw CommandError.failure("query failed: \(error.description)")
        }
    }
}
