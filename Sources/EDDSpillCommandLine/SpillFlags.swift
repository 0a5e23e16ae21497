import Dispatch
import EDDCommandLine
import EDDCore
import EDDTraining
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `--memory` and `--tmp-dir`: when a read spills to temporary files, and where they go. One type for
/// `edd-train`'s commands and `edd sweep`, so the flags, defaults, cleanup and reports are the same.
package struct SpillFlags {
    /// The default budget: 1 GiB (plus the model).
    package static let defaultMemory = 1 << 30

    /// The flags' lines in edd-train's usage texts.
    package static let help = """
          --memory BYTES        memory budget for the scans (default 1g; suffixes k, m, g): an input larger
                                than half of it, or standard input, is spilled to temporary files
                                partitioned by shipment and reduced one partition at a time
          --tmp-dir DIR         where the temporary files go (default $TMPDIR or /tmp); removed on exit
        """

    package var memory: Int
    package var directory: String

    /// Reads both flags.
    package static func read(_ args: inout ArgumentList) throws -> SpillFlags {
        let memory =
            try args.value("--memory", "a size in bytes of at least 1m, such as 536870912, 512m or 2g") {
                parseSize($0).flatMap { $0 >= 1 << 20 ? $0 : nil }
            } ?? defaultMemory
        let directory = try args.value("--tmp-dir") ?? SpillDirectory.systemDefault
        return SpillFlags(memory: memory, directory: directory)
    }

    /// Bytes from `N`, `Nk`, `Nm` or `Ng` (powers of 1024).
    package static func parseSize(_ text: String) -> Int? {
        let lower = text.lowercased()
        var shift = 0
        var digits = Substring(lower)
        if let last = lower.last, let s = ["k": 10, "m": 20, "g": 30][String(last)] {
            shift = s
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0, n <= Int.max >> (shift + 1) else { return nil }
        return n << shift
    }

    /// Whether `path` must be spilled: standard input (its size is unknown), or a file over half the budget.
    package func spills(_ path: String) -> Bool {
        guard path != "-" else { return true }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return true }
        return Int(st.st_size) > memory / 2
    }

    /// Runs `body` with a fresh temporary directory that is removed when it returns or throws, and on
    /// SIGINT, SIGTERM or SIGHUP (the run then exits 130, 143 or 129).
    package func withDirectory<T>(_ body: (SpillDirectory) throws -> T) throws -> T {
        let spill = try SpillDirectory(parent: directory)
        let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
        let sources = signals.map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                spill.remove()
                _exit(128 + number)
            }
            source.resume()
            return source
        }
        defer {
            for (number, source) in zip(signals, sources) {
                source.cancel()
                signal(number, SIG_DFL)
            }
            spill.remove()
        }
        return try body(spill)
    }

    /// The line reporting a spilled read's temporary files.
    package static func report(_ read: SpilledIngest, _ spill: SpillDirectory) -> String {
        report(peak: read.peakTemporaryBytes, partitions: read.partitions, spill)
    }

    package static func report(peak: Int, partitions: Int, _ spill: SpillDirectory) -> String {
        "temporary files: at most \(megabytes(peak)) in \(spill.parent), \(partitions) partitions reduced; removed"
    }

    package static func megabytes(_ n: Int) -> String {
        // `>>` binds tighter than `*` in Swift: the tenths are (n · 10) >> 20.
        n >= 10 << 20 ? "\(n >> 20) MiB" : "\(((n * 10) >> 20) / 10).\(((n * 10) >> 20) % 10) MiB"
    }
}
