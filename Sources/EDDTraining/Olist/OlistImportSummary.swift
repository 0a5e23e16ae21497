import EDDCore

/// What the Olist import read and wrote.
public struct OlistImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// Orders read from the orders table.
    public var orders = 0
    /// Orders written as shipments.
    public var shipments = 0
    /// Written orders with a DELIVERED scan (a customer delivery date that parses), whatever their status:
    /// the shipments ingestion counts as delivered.
    public var deliveredWithTime = 0
    /// Written orders with status `canceled` or `unavailable` (a CANCELED scan) and no DELIVERED scan: the
    /// shipments ingestion counts as canceled.
    public var canceled = 0
    /// Scan rows written.
    public var rowsWritten = 0
    /// Orders not written, by reason (`no_customer`, `no_items`, `unknown_seller`, `bad_purchase_time`).
    public var skipped: [String: Int] = [:]
    /// Carrier or customer delivery dates that did not parse (that scan alone is left out).
    public var badTimestamps = 0
    /// Estimated delivery dates that did not parse (the order is written without a promise).
    public var badPromisedDates = 0
    /// Malformed rows in any of the four tables (wrong field count, unterminated quote).
    public var malformedRows = 0

    public init() {}

    /// A multi-line human summary.
    public var description: String {
        var lines = [
            "orders read: \(orders)",
            "shipments written: \(shipments) (delivered with a delivery time \(deliveredWithTime), "
                + "canceled \(canceled))",
            "scan rows written: \(rowsWritten)",
        ]
        for (reason, n) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("  orders skipped, \(reason): \(n)") }
        if badTimestamps > 0 { lines.append("unparseable carrier/delivery dates left out: \(badTimestamps)") }
        if badPromisedDates > 0 { lines.append("unparseable estimated delivery dates: \(badPromisedDates)") }
        if malformedRows > 0 { lines.append("malformed rows in the tables: \(malformedRows)") }
        return lines.joined(separator: "\n")
    }
}
