/// Little-endian binary writing for the model file.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
}

/// Bounds-checked little-endian reading; every read past the end throws instead of trapping.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    struct Truncated: Error {}

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw Truncated() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u8() throws -> UInt8 { try take(1).first! }

    /// Reads `count` little-endian u16 values in one bounds check.
    mutating func u16s(_ count: Int) throws -> [UInt16] {
        guard count >= 0, offset + 2 * count <= bytes.count else { throw Truncated() }
        defer { offset += 2 * count }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { i in
                UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self))
            }
        }
    }
    mutating func u16() throws -> UInt16 { try little(2) }
    mutating func u32() throws -> UInt32 { try little(4) }
    mutating func u64() throws -> UInt64 { try little(8) }
    mutating func f64() throws -> Double { Double(bitPattern: try u64()) }
    mutating func string() throws -> String {
        let n = Int(try u32())
        return String(decoding: try take(n), as: UTF8.self)
    }

    private mutating func little<T: FixedWidthInteger>(_ n: Int) throws -> T {
        var v: T = 0
        for (i, b) in try take(n).enumerated() { v |= T(b) << (8 * i) }
        return v
    }
}

/// The model file's integrity check and the basis of its id: FNV-1a over 64-bit little-endian words (the
/// tail bytes padded with zeros), with a final avalanche. Word-wise, it checks a 17 MB model in a few ms.
func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBytes { fnv1a64($0) }
}

/// ``fnv1a64(_:)`` over raw bytes (no copy).
func fnv1a64(_ raw: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    do {
        let words = raw.count / 8
        for i in 0..<words {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) &* 0x100_0000_01b3
        }
        var tail: UInt64 = 0
        for (j, i) in ((8 * words)..<raw.count).enumerated() { tail |= UInt64(raw[i]) << (8 * UInt64(j)) }
        h = (h ^ tail ^ UInt64(raw.count)) &* 0x100_0000_01b3
    }
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    return h
}
