import Foundation

/// Reads and writes model files (DATA.md "Model file").
///
/// Layout: the magic `EDDMODEL`, a format version (u32), a JSON header describing the model (u32 length,
/// then UTF-8; keys sorted), the binary body (u64 length, then the tables), and an FNV-1a-64 checksum of
/// everything before it. The model id is derived from the checksum of the body, so the same input and
/// options give the same id and a byte-identical file. Files are written to a temporary name and renamed,
/// so a daemon reloading during a retrain never reads half a file.
public enum ModelFile {
    /// The format version this build writes. Version 2 sizes each table's day range from the data and adds
    /// the order → delivery table of shipments without a hand-off scan; version 3 adds the risk calibration
    /// lines with their validation figures, and to the calendars the closures and worked holidays learned
    /// from the data and the carriers that keep each destination's holidays, which a version-2 reader would
    /// silently ignore; version 4 adds the fit's out-of-time check of its order-time answers, the way of
    /// answering it chose and, when that is the plain lane-empirical model, its table; version 5 adds to the
    /// header the late-in-day cut-off learned from the feed (`late_in_day`), which a version-4 reader would
    /// silently ignore, judging late orders at 14:00 against coefficients fitted with another hour; version 6
    /// adds the risk model's same-day shares per milestone and hour (``SameDayShares``), version 7 its pickup
    /// shares per origin and hour (``PickupShares``), version 8 its handling hazards per origin and side of
    /// the cut-off (``HandlingHazards``), version 9 the risk bends after the lines (``RiskCalibration/Bend``),
    /// version 10 the service level of the milestone hierarchy (``Milestone/levels``). Version 2 to 9 files
    /// still load (they have none of these: risk as stated, nothing learned, staged answers, late from 14:00,
    /// risk in whole days, handling in whole days, handling moved by the order's timing alone, risk on its
    /// lines alone, milestones per carrier); a version-1 file is refused with a message asking for a refit.
    public static let formatVersion: UInt32 = 10
    static let magic = Array("EDDMODEL".utf8)

    /// Encodes a model; `metadata.id` in the result's header is the content id.
    public static func encode(_ model: EDDModel) -> [UInt8] { encodeWithID(model).bytes }

    static func encodeWithID(_ model: EDDModel) -> (bytes: [UInt8], id: String) {
        var body = ByteWriter()
        ModelCodec.write(model, to: &body)
        let id = String(fnv1a64(body.bytes), radix: 16)
        var header = ModelCodec.header(model, id: id)
        header["format_version"] = Int(formatVersion)
        let headerBytes =
            (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        var out = ByteWriter()
        out.bytes.append(contentsOf: magic)
        out.u32(formatVersion)
        out.u32(UInt32(headerBytes.count))
        out.bytes.append(contentsOf: headerBytes)
        out.u64(UInt64(body.bytes.count))
        out.bytes.append(contentsOf: body.bytes)
        out.u64(fnv1a64(out.bytes))
        return (out.bytes, id)
    }

    /// Decodes a model, refusing anything that is not a complete, intact file of a known version.
    /// - Throws: ``ModelFileError`` saying what is wrong: not a model, newer version, truncated, corrupted.
    public static func decode(_ bytes: [UInt8], source: String = "model file") throws -> EDDModel {
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else {
            throw ModelFileError.badMagic(source)
        }
        var r = ByteReader(bytes, offset: magic.count)
        do {
            let version = try r.u32()
            guard version != 1 else {
                throw ModelFileError(
                    .unsupportedVersion,
                    "\(source) has model format version 1 (64-day tables, no order-to-delivery table); "
                        + "this build reads version \(formatVersion): refit it with edd-train fit")
            }
            guard version <= formatVersion, version >= 1 else {
                throw ModelFileError.newerVersion(source, version)
            }
            let headerLength = Int(try r.u32())
            let headerBytes = try r.take(headerLength)
            let bodyLength = Int(try r.u64())
            let bodyStart = r.offset
            _ = try r.take(bodyLength)
            let stored = try r.u64()
            guard r.offset == bytes.count else {
                throw ModelFileError.trailingBytes(source)
            }
            let computed = bytes.withUnsafeBytes { fnv1a64(UnsafeRawBufferPointer(rebasing: $0[0..<(r.offset - 8)])) }
            guard computed == stored else {
                throw ModelFileError(.corrupted, "\(source) is corrupted (checksum mismatch)")
            }
            guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any] else {
                throw ModelFileError.malformed("\(source) has an unreadable header")
            }
            var body = ByteReader(bytes, offset: bodyStart)
            var model = try ModelCodec.read(&body, header: header)
            guard body.offset == bodyStart + bodyLength else {
                throw ModelFileError.malformed("\(source) has a body of unexpected length")
            }
            // The id is the body's hash, recorded in the header (which the checksum above covers).
            model.metadata.id = header["model_id"] as? String ?? ""
            return model
        } catch is ByteReader.Truncated {
            throw ModelFileError.truncated(source, bytes.count)
        }
    }

    /// Reads a model file, checking its header and size before reading it whole (at most ``maxFileBytes``).
    /// - Throws: ``InputFileError`` when missing, ``ModelFileError`` when unusable.
    public static func load(path: String) throws -> EDDModel {
        try decode(readChecked(path: path), source: "model file '\(path)'")
    }

    /// Writes a model file atomically (temporary file in the same folder, then rename) and returns its id.
    @discardableResult
    public static func save(_ model: EDDModel, path: String) throws -> String {
        let (bytes, id) = encodeWithID(model)
        try AtomicFile.write(bytes, to: path)
        return id
    }
}

/// Atomic file replacement: write a sibling temporary file, flush it, rename it over the target.
public enum AtomicFile {
    /// Writes `bytes` to `path` so that readers see either the old file or the new one, never a mix.
    ///
    /// A symbolic link is resolved and its target replaced; a device or FIFO is written in place (see
    /// ``OutputFile``).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try OutputFile.write(bytes, to: path)
    }
}
