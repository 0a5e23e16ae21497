import EDDCore

/// A set of distinct byte strings, each numbered in order of first appearance.
///
/// Ingestion keys every row by its shipment id and stores lane fields and postal codes as small numbers;
/// interning the bytes once (one arena, one open-addressing table) keeps memory proportional to the number
/// of distinct strings and avoids creating a `String` per row. Id 0 is always the empty string.
struct ByteInterner {
    private var arena: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of string `i`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, power-of-two size; 0 is empty, otherwise id + 1.
    private var table: [UInt32]
    private var strings: [String?] = []

    init(expectedCount: Int = 1024) {
        var size = 16
        while size < expectedCount * 2 { size <<= 1 }
        table = Array(repeating: 0, count: size)
        _ = insertNew(UnsafeBufferPointer(start: nil, count: 0), hash: ByteInterner.hash(.init(start: nil, count: 0)))
    }

    /// The number of distinct strings (including the empty string).
    var count: Int { hashes.count }

    /// Bytes held by the arena and the tables, for memory reports.
    var footprint: Int { arena.capacity + offsets.capacity * 8 + hashes.capacity * 8 + table.count * 4 }

    /// The id of `bytes`, or nil when absent.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = ByteInterner.hash(bytes)
        return probe(bytes, hash: h).found
    }

    /// The id of `bytes`, adding them when new. Returns nil when new bytes are not valid UTF-8.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = ByteInterner.hash(bytes)
        let (found, slot) = probe(bytes, hash: h)
        if let found { return found }
        guard ByteInterner.isValidUTF8(bytes) else { return nil }
        let id = insertNew(bytes, hash: h, slot: slot)
        return id
    }

    /// Whether string `id` has exactly these bytes.
    @inline(__always)
    func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = offsets[id]
        let n = offsets[id + 1] - s
        guard n == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            n == 0 || memcmpEqual(a.baseAddress! + s, bytes.baseAddress!, n)
        }
    }

    /// How ASCII letters are folded when comparing.
    enum Fold {
        case none, lower, upper
    }

    /// Whether string `id` equals `bytes` with ASCII letters folded as `fold` says (the stored string was
    /// folded the same way when interned).
    @inline(__always)
    func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ fold: Fold) -> Bool {
        if fold == .none { return equals(id, bytes) }
        let s = offsets[id]
        let n = offsets[id + 1] - s
        guard n == bytes.count else { return false }
        let (from, to): (UInt8, UInt8) = fold == .lower ? (65, 97) : (97, 65)
        return arena.withUnsafeBufferPointer { a in
            for i in 0..<n {
                let c = bytes[i]
                if a[s + i] != (c &- from < 26 ? c &- from &+ to : c) { return false }
            }
            return true
        }
    }

    /// String `id`, created anew (for strings used once, like shipment ids).
    func makeString(_ id: Int) -> String {
        arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[offsets[id]..<offsets[id + 1]]), as: UTF8.self)
        }
    }

    /// String `id`, created once and shared afterwards.
    mutating func string(_ id: Int) -> String {
        if strings.count < hashes.count {
            strings.append(contentsOf: repeatElement(nil, count: hashes.count - strings.count))
        }
        if let s = strings[id] { return s }
        let s = arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[offsets[id]..<offsets[id + 1]]), as: UTF8.self)
        }
        strings[id] = s
        return s
    }

    @inline(__always)
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (found: Int?, slot: Int) {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = table[i]
            if e == 0 { return (nil, i) }
            let id = Int(e) - 1
            if hashes[id] == h && equals(id, bytes) { return (id, i) }
            i = (i + 1) & mask
        }
    }

    private mutating func insertNew(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64, slot: Int? = nil) -> Int {
        let id = hashes.count
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(h)
        if (hashes.count) * 2 > table.count {
            grow()
        } else {
            table[slot ?? probe(bytes, hash: h).slot] = UInt32(id + 1)
        }
        return id
    }

    private mutating func grow() {
        let size = table.count * 2
        var t = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for (id, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while t[i] != 0 { i = (i + 1) & mask }
            t[i] = UInt32(id + 1)
        }
        table = t
    }

    /// A fast 64-bit hash reading eight bytes at a time (ids are short; quality only needs to spread slots).
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        guard let base = b.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= b.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < b.count {
            tail |= UInt64(b[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for c in b where c >= 0x80 {
            ascii = false
            break
        }
        if ascii { return true }
        return String(validating: b, as: UTF8.self) != nil
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
