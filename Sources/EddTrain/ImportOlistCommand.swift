import EDDCommandLine
import EDDCore
import EDDTraining
import Foundation

/// `edd-train import olist`: converts the Olist public data set into a scan file.
enum ImportOlistCommand {
    static let help = """
        usage: edd-train import olist --dir DIR --out FILE|-

        Reads the four Olist tables in DIR (orders, customers, order_items, sellers) and writes them as scan
        CSV (DATA.md): ORDER_PLACED, PICKED_UP, DELIVERED and CANCELED scans, carrier olist, service standard,
        Sao Paulo times with their real UTC offset, the estimated delivery date as promised_date.
        """

    static func run(_ args: inout ArgumentList) throws {
        let dir = try args.required("--dir")
        let out = try args.required("--out")
        try args.rejectUnknown()
        try FileIdentity.requireDistinct(
            outputs: [("--out", out)], inputs: OlistImporter.tableFiles.map { ("--dir", dir + "/" + $0) })
        try OutputFile.preflight(out)
        let summary = try OlistImporter.run(directory: dir, outPath: out)
        FileHandle.standardError.write(Data((summary.description + "\n").utf8))
    }
}
