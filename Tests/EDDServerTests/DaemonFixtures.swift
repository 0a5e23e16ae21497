import EDDCore
import EDDProtocol
import EDDTraining
import Foundation
import Synchronization

/// Synthetic models whose answers can be worked out by hand.
///
/// Every parcel of a fixture is ordered on a weekday between 2026-03-02 and 2026-04-24 (no US federal
/// holiday falls in that span or on the query dates), picked up 30 minutes after the order (zero working days
/// of handling) and delivered exactly `transitDays` working days (Mon–Fri) after pickup. So an order on
/// Tuesday 2026-05-05 (`date -d 2026-05-05 +%A`) arrives Thursday 2026-05-07 when `transitDays` is 2, and
/// Friday 2026-05-08 when it is 3.
enum DaemonFixtures {
    static let carrier = "testship"
    static let tuesday = "2026-05-05"
    static let thursday = "2026-05-07"
    static let friday = "2026-05-08"

    /// A scan CSV (DATA.md columns) of `orders` shipments taking `transitDays` working days.
    static func scanCSV(transitDays: Int, orders: Int = 240) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2026, month: 3, day: 2))!
        var days: [Date] = []
        var day = start
        while days.count < 40 {
            let weekday = calendar.component(.weekday, from: day)  // 1 Sunday ... 7 Saturday
            if weekday >= 2 && weekday <= 6 { days.append(day) }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        func adding(_ n: Int, workingDaysTo date: Date) -> Date {
            var d = date
            var left = n
            while left > 0 {
                d = calendar.date(byAdding: .day, value: 1, to: d)!
                let weekday = calendar.component(.weekday, from: d)
                if weekday >= 2 && weekday <= 6 { left -= 1 }
            }
            return d
        }
        func ymd(_ d: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: d)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }
        var csv =
            "shipment_id,carrier,service,origin_country,origin_postal,origin_id,destination_country,destination_postal,event,event_time\n"
        for i in 0..<orders {
            let orderDay = days[i % days.count]
            let delivered = adding(transitDays, workingDaysTo: orderDay)
            let lane = "\(carrier),ground,US,94107,wh-1,US,10001"
            csv += "s\(i),\(lane),ORDER_PLACED,\(ymd(orderDay))T15:00:00Z\n"
            csv += "s\(i),\(lane),PICKED_UP,\(ymd(orderDay))T15:30:00Z\n"
            csv += "s\(i),\(lane),DELIVERED,\(ymd(delivered))T18:00:00Z\n"
        }
        return csv
    }

    /// Fits a model from ``scanCSV(transitDays:orders:)`` and writes it to `path`; returns the saved id.
    static func writeModel(transitDays: Int, to path: String) throws -> String {
        let ingested = try ScanIngestion.read(text: scanCSV(transitDays: transitDays))
        var options = FitOptions()
        options.calendars = options.calendars.completed(from: ingested.timelines)
        let (model, _) = ModelFitter.fit(timelines: ingested.timelines, options: options)
        return try ModelFile.save(model, path: path)
    }

    private static let cache = Mutex<[Int: (bytes: [UInt8], id: String)]>([:])

    /// A model file in a fresh temporary folder, and the id `ModelFile.save` returned for it (fitted once per
    /// `transitDays`, then copied).
    static func modelFile(transitDays: Int = 2) throws -> (path: String, id: String) {
        let path = temporaryFolder() + "/edd.model"
        if let cached = cache.withLock({ $0[transitDays] }) {
            try Data(cached.bytes).write(to: URL(fileURLWithPath: path))
            return (path, cached.id)
        }
        let id = try writeModel(transitDays: transitDays, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        cache.withLock { $0[transitDays] = (bytes, id) }
        return (path, id)
    }

    /// Creates an empty folder under the temporary directory.
    static func temporaryFolder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "eddd-test-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}
