import EDDCore

/// What ingestion did with the input, for the run summary and the model's metadata.
public struct IngestSummary: Sendable, Equatable, CustomStringConvertible {
    /// Data rows read (the header and blank lines excluded).
    public var rowsRead = 0
    /// Rows that became events (before duplicates and the as-of cut-off).
    public var accepted = 0
    /// Rejected rows by reason.
    public var rejected: [RejectReason: Int] = [:]
    /// Blank lines skipped.
    public var blankLines = 0
    /// Exact duplicate scans (same shipment, code, time and postal) dropped.
    public var duplicatesDropped = 0
    /// Events at or after the as-of instant (invisible).
    public var afterAsOf = 0
    /// Rows whose carrier, service, origin or destination disagree with the shipment's first row.
    public var conflictingRows = 0
    /// Shipments with at least one visible event.
    public var shipments = 0
    /// Shipments delivered (before the cut-off).
    public var delivered = 0
    /// Shipments neither delivered, returned nor canceled at the cut-off.
    public var censored = 0
    /// Shipments returned to sender (and not delivered).
    public var returned = 0
    /// Shipments canceled (and neither delivered nor returned).
    public var canceled = 0
    /// The cut-off: the as-of instant, or one second after the latest accepted event when none was given.
    public var cutoff: Instant?

    public init() {}

    /// All rejected rows.
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// A multi-line human summary.
    public var description: String {
        var lines = [
            "rows read: \(rowsRead) (accepted \(accepted), rejected \(rejectedTotal), blank lines \(blankLines))"
        ]
        for reason in RejectReason.allCases {
            if let n = rejected[reason], n > 0 { lines.append("  rejected \(reason.rawValue): \(n)") }
        }
        lines.append("exact duplicates dropped: \(duplicatesDropped)")
        if afterAsOf > 0 { lines.append("events at or after the as-of cut-off (invisible): \(afterAsOf)") }
        lines.append("rows with conflicting shipment fields (first row kept): \(conflictingRows)")
        lines.append(
            "shipments: \(shipments) (delivered \(delivered), returned \(returned), canceled \(canceled), "
                + "censored \(censored))")
        if let cutoff { lines.append("cut-off: \(cutoff)") }
        return lines.joined(separator: "\n")
    }
}
