import EDDCore

/// Converts the Olist public e-commerce data set (four CSV tables) into a scan file (DATA.md).
///
/// Each order becomes one shipment: ORDER_PLACED at `order_purchase_timestamp`, PICKED_UP at
/// `order_delivered_carrier_date`, DELIVERED at `order_delivered_customer_date` (each when present), and
/// for `canceled`/`unavailable` orders a CANCELED scan at the purchase time: the data has no cancellation
/// time, the purchase time is the only one every order has (the approval time is often missing exactly on
/// canceled orders), and it never lands after a real scan. Origin = the seller of the order's first item
/// (lowest `order_item_id`), destination = the customer; country `BR`, carrier `olist`, service `standard`.
/// Timestamps are Sao Paulo wall-clock times and are written with the offset then in force (-02:00 in
/// Brazilian summer time, -03:00 otherwise). `order_estimated_delivery_date` becomes `promised_date`.
public enum OlistImporter {
    static let ordersFile = "olist_orders_dataset.csv"
    static let customersFile = "olist_customers_dataset.csv"
    static let itemsFile = "olist_order_items_dataset.csv"
    static let sellersFile = "olist_sellers_dataset.csv"
    /// The four tables read from the directory (so a caller can check that the output is none of them).
    public static let tableFiles = [ordersFile, customersFile, itemsFile, sellersFile]

    /// Reads the four tables in `directory` and writes the scans to `outPath` (`-` for standard output).
    ///
    /// - Returns: counts of orders read, written and skipped (with reasons) and rows written.
    /// - Throws: ``InputFileError`` for a missing table, ``OlistImportError`` for a table without a needed
    ///   column, ``OutputFileError`` when the output cannot be written.
    public static func run(directory: String, outPath: String) throws -> OlistImportSummary {
        var summary = OlistImportSummary()
        let zone = ZoneRules.named("America/Sao_Paulo")!

        var customers: [String: (postal: String, state: String)] = [:]
        var table = try OlistTable(
            directory: directory, file: customersFile,
            required: ["customer_id", "customer_zip_code_prefix", "customer_state"])
        while try table.next(malformed: &summary.malformedRows) {
            customers[table.text("customer_id")] = (
                table.text("customer_zip_code_prefix"), table.text("customer_state")
            )
        }

        var sellers: [String: (postal: String, state: String)] = [:]
        table = try OlistTable(
            directory: directory, file: sellersFile, required: ["seller_id", "seller_zip_code_prefix", "seller_state"])
        while try table.next(malformed: &summary.malformedRows) {
            sellers[table.text("seller_id")] = (table.text("seller_zip_code_prefix"), table.text("seller_state"))
        }

        // The seller of each order's first item (lowest order_item_id).
        var firstItem: [String: (item: Int, seller: String)] = [:]
        table = try OlistTable(
            directory: directory, file: itemsFile, required: ["order_id", "order_item_id", "seller_id"])
        while try table.next(malformed: &summary.malformedRows) {
            let order = table.text("order_id")
            let item = Int(table.text("order_item_id")) ?? Int.max
            if let known = firstItem[order], known.item <= item { continue }
            firstItem[order] = (item, table.text("seller_id"))
        }

        let writer = try ScanCSVWriter(path: outPath)
        table = try OlistTable(
            directory: directory, file: ordersFile,
            required: [
                "order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_delivered_carrier_date",
                "order_delivered_customer_date", "order_estimated_delivery_date",
            ])
        while try table.next(malformed: &summary.malformedRows) {
            summary.orders += 1
            let orderId = table.text("order_id")
            guard let customer = customers[table.text("customer_id")] else {
                summary.skipped["no_customer", default: 0] += 1
                continue
            }
            guard let item = firstItem[orderId] else {
                summary.skipped["no_items", default: 0] += 1
                continue
            }
            guard let seller = sellers[item.seller] else {
                summary.skipped["unknown_seller", default: 0] += 1
                continue
            }
            guard let placed = localTime(table.bytes("order_purchase_timestamp"), zone) else {
                summary.skipped["bad_purchase_time", default: 0] += 1
                continue
            }
            let status = table.text("order_status").lowercased()
            var promised: CivilDate?
            let estimate = table.bytes("order_estimated_delivery_date")
            if estimate.count >= 10 {
                promised = CivilDate.parse(UnsafeBufferPointer(rebasing: estimate[0..<10]))
            }
            if promised == nil && estimate.count > 0 { summary.badPromisedDates += 1 }

            var scans: [(EventCode, (Instant, Int))] = [(.orderPlaced, placed)]
            let canceled = status == "canceled" || status == "unavailable"
            if canceled { scans.append((.canceled, placed)) }
            for (column, code) in [
                ("order_delivered_carrier_date", EventCode.pickedUp), ("order_delivered_customer_date", .delivered),
            ] {
                let field = table.bytes(column)
                guard field.count > 0 else { continue }
                guard let when = localTime(field, zone) else {
                    summary.badTimestamps += 1
                    continue
                }
                scans.append((code, when))
            }
            // Counted as ingestion counts the scans written (DATA.md: the first DELIVERED is the delivery),
            // whatever the status says: six canceled orders in the data have a customer delivery date.
            if scans.contains(where: { $0.0 == .delivered }) {
                summary.deliveredWithTime += 1
            } else if canceled {
                summary.canceled += 1
            }
            let origin = Place(country: "BR", postal: seller.postal, region: seller.state, id: item.seller)
            let destination = Place(country: "BR", postal: customer.postal, region: customer.state)
            for (code, (instant, offset)) in scans {
                try writer.write(
                    ScanRow(
                        shipmentId: orderId, carrier: "olist", service: "standard", origin: origin,
                        destination: destination, event: code, time: instant, utcOffset: offset,
                        promisedDate: promised))
            }
            summary.shipments += 1
        }
        try writer.finish()
        summary.rowsWritten = writer.rowsWritten
        return summary
    }

    /// Reads `YYYY-MM-DD HH:MM:SS` as Sao Paulo wall-clock time.
    ///
    /// - Returns: the instant and the UTC offset in force then, or nil when the text is not such a time.
    static func localTime(_ b: UnsafeBufferPointer<UInt8>, _ zone: ZoneRules) -> (Instant, Int)? {
        guard b.count == 19, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            let date = CivilDate.parse(UnsafeBufferPointer(rebasing: b[0..<10])), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"), let hh = ASCII.digits(b, 11, 2), let mm = ASCII.digits(b, 14, 2),
            let ss = ASCII.digits(b, 17, 2), hh <= 23, mm <= 59, ss <= 59
        else { return nil }
        let instant = wallClock(date, hh * 3600 + mm * 60 + ss, zone)
        return (instant, zone.utcOffset(at: instant))
    }

    /// The earliest instant showing this wall-clock time, or (in a skipped hour) what
    /// `ZoneRules.instant(of:secondOfDay:)` gives.
    ///
    /// `ZoneRules.instant(of:)` returns an instant an hour early for times in the first hour after a
    /// backward transition (2018-02-18 00:30 in Sao Paulo came out as 02:30Z, which is 23:30 local), so each
    /// candidate offset is checked by mapping it back.
    static func wallClock(_ date: CivilDate, _ secondOfDay: Int, _ zone: ZoneRules) -> Instant {
        let wall = Instant(date: date, secondOfDay: secondOfDay)
        let offsets = [wall.adding(seconds: -86_400), wall.adding(seconds: 86_400)].map { zone.utcOffset(at: $0) }
        let valid = offsets.map { wall.adding(seconds: Int64(-$0)) }.filter {
            Int64(zone.utcOffset(at: $0)) == wall.seconds - $0.seconds
        }
        return valid.min() ?? zone.instant(of: date, secondOfDay: secondOfDay)
    }
}
