import EDDCore

/// How scans are read: carrier aliases, the as-of cut-off and where rejected rows go.
public struct IngestOptions: Sendable {
    /// Carriers' own event codes mapped to DATA.md codes.
    public var aliases: AliasTable
    /// When set, events at or after this instant are invisible and open shipments are censored here.
    public var asOf: Instant?
    /// When set, rejected rows are written there as `line,reason,detail,raw`.
    public var rejectsPath: String?
    /// Rows between progress callbacks.
    public var progressInterval: Int

    public init(
        aliases: AliasTable = AliasTable(), asOf: Instant? = nil, rejectsPath: String? = nil,
        progressInterval: Int = 1_000_000
    ) {
        self.aliases = aliases
        self.asOf = asOf
        self.rejectsPath = rejectsPath
        self.progressInterval = progressInterval
    }
}

/// The shipments read from a scan file and what happened to its rows.
public struct IngestResult: Sendable {
    /// One timeline per shipment, in order of first appearance in the input.
    public var timelines: [ShipmentTimeline]
    /// Counts for the run summary.
    public var summary: IngestSummary

    public init(timelines: [ShipmentTimeline], summary: IngestSummary) {
        self.timelines = timelines
        self.summary = summary
    }
}
