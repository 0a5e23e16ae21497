@testable import EDDBenchmark
@testable import EDDCommandLine
@testable import EDDCore
@testable import EDDProtocol
@testable import EDDTraining
import Testing

/// Header rows: a column the reader uses may appear once only; other columns are ignored, even twice.
@Suite struct ScanHeaderTests {
    static let columns =
        "shipment_id,carrier,service,origin_country,origin_postal,destination_country,destination_postal,event,event_time"

    static func message(_ header: String) -> String? {
        do {
            _ = try ScanIngestion.read(text: header + "\n")
            return nil
        } catch let error as IngestionError {
            #expect(ExitCode(for: error) == .badInput)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aUsedColumnNamedTwiceIsRefusedNamingItAndBothPositions() {
        #expect(
            Self.message(Self.columns + ",Carrier ")
                == "input: the header names column 'carrier' twice (columns 2 and 10)")
        #expect(
            Self.message(Self.columns + ",promised_date,promised_date")
                == "input: the header names column 'promised_date' twice (columns 10 and 11)")
    }

    @Test func anIgnoredColumnNamedTwiceIsStillIgnored() {
        #expect(Self.message(Self.columns + ",notes,notes") == nil)
    }
}
