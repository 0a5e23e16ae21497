// libFuzzer target: the daemon's line framing (Sources/EDDServer/Server/LineFramer.swift) on arbitrary
// byte streams cut into arbitrary chunks.
//
// Input layout: byte 0 picks the line limit (1...64), byte 1 seeds the chunk sizes, the rest is the stream.
// The chunks are fed the way a connection feeds them (keep the unconsumed tail, append the next chunk) and
// the frames must equal those of a reference splitter that sees the whole stream at once: every
// `\n`-terminated segment, minus one trailing `\r`, is a line when it fits the limit, `tooLong` otherwise;
// an unterminated tail longer than limit + 1 is one `tooLong`. The kept tail must stay bounded by the limit.
// Build and run: see Tests/Fuzz/README.md.

enum Out: Equatable {
    case line([UInt8])
    case tooLong
}

func reference(_ stream: ArraySlice<UInt8>, limit: Int) -> [Out] {
    var out: [Out] = []
    var segments = stream.split(separator: 0x0A, omittingEmptySubsequences: false)
    let tail = segments.removeLast()
    for var segment in segments {
        if segment.last == 0x0D { segment = segment.dropLast() }
        out.append(segment.count > limit ? .tooLong : .line(Array(segment)))
    }
    if tail.count > limit + 1 { out.append(.tooLong) }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = Int(input[0] % 64) + 1
    var seed = UInt32(input[1]) | 0x100
    let stream = input[2...]
    var framer = LineFramer(maxLineBytes: limit)
    var pending: [UInt8] = []
    var frames: [Out] = []
    var offset = stream.startIndex
    while offset < stream.endIndex {
        seed = seed &* 1_103_515_245 &+ 12345
        let chunk = Int((seed >> 16) % 97) + 1
        let end = min(stream.endIndex, offset + chunk)
        pending.append(contentsOf: stream[offset..<end])
        offset = end
        var pos = 0
        pending.withUnsafeBytes { bytes in
            while let frame = framer.next(in: bytes, at: &pos) {
                switch frame {
                case .tooLong: frames.append(.tooLong)
                case .line(let r):
                    precondition(r.lowerBound >= 0 && r.upperBound <= bytes.count, "range outside the buffer")
                    frames.append(.line(Array(bytes[r])))
                }
            }
        }
        precondition(pos >= 0 && pos <= pending.count, "position outside the buffer")
        pending.removeFirst(pos)
        precondition(pending.count <= limit + 1, "kept \(pending.count) bytes for a limit of \(limit)")
    }
    let expected = reference(stream, limit: limit)
    precondition(frames == expected, "frames \(frames) differ from the reference \(expected)")
    return 0
}
