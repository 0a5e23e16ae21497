import EDDCore

extension EventCode {
    /// The canonical spellings as bytes, indexed by raw value.
    private static let spellings: [[UInt8]] = EventCode.allCases.map { Array($0.code.utf8) }

    /// Parses a code from raw bytes, case-insensitively, without allocating (the ingestion hot path).
    ///
    /// - Parameter bytes: the field's bytes, already trimmed.
    /// - Returns: the code, or nil when the bytes are not one of DATA.md's event codes.
    @inline(__always)
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n >= 7, n <= 19 else { return nil }
        for (index, spelling) in EventCode.spellings.enumerated() where spelling.count == n {
            var i = 0
            while i < n {
                var c = bytes[i]
                if c &- 97 < 26 { c &-= 32 }
                if c != spelling[i] { break }
                i += 1
            }
            if i == n {
                self.init(rawValue: UInt8(index))
                return
            }
        }
        return nil
    }
}
