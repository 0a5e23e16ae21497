import EDDCore
import Foundation

/// Progress lines on standard error for long runs.
public enum Progress {
    /// Prints "… N rows" every million rows (a progress callback for ingestion).
    public static let rows: @Sendable (Int) -> Void = { n in
        if n > 0, n % 1_000_000 == 0 { CommandLineTool.printError("… \(n / 1_000_000)M rows") }
    }
}
