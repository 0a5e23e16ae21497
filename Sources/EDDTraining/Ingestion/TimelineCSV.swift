import EDDCore

/// The per-shipment CSV written by `edd-train timelines`: one row per shipment with its milestones.
public enum TimelineCSV {
    /// The column names, in order.
    public static let columns = [
        "shipment_id", "carrier", "service", "origin_country", "origin_postal", "origin_region", "origin_id",
        "destination_country", "destination_postal", "destination_region", "promised_date", "order_time",
        "ship_time", "delivery_time", "return_time", "cancel_time", "exceptions", "attempts", "censored_at", "state",
    ]

    /// Writes the header and one row per timeline, with `state` taken at `stateAt`; times are UTC RFC 3339.
    ///
    /// - Throws: ``OutputFileError`` when the output cannot be written.
    public static func write(_ timelines: [ShipmentTimeline], stateAt: Instant?, to output: CSVOutput) throws {
        try output.writeRow(columns)
        for t in timelines { try output.writeRow(fields(t, stateAt: stateAt)) }
    }

    /// One timeline's row, in ``columns`` order.
    static func fields(_ t: ShipmentTimeline, stateAt: Instant?) -> [String] {
        func time(_ t: Instant?) -> String { t.map(\.description) ?? "" }
        let state = stateAt.map { t.state(at: $0).rawValue } ?? ""
        return [
            t.id, t.carrier, t.service, t.origin.country, t.origin.postal, t.origin.region ?? "",
            t.origin.id ?? "", t.destination.country, t.destination.postal, t.destination.region ?? "",
            t.promisedDate?.description ?? "", time(t.orderTime), time(t.shipTime), time(t.deliveryTime),
            time(t.returnTime), time(t.cancelTime), String(t.exceptionCount), String(t.attemptCount),
            time(t.censoredAt), state,
        ]
    }
}
