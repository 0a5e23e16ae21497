/// A worker's open connections, found by descriptor.
///
/// A slot per descriptor number rather than a dictionary: the lookup for every epoll event is an index, not
/// a hash. Descriptors are small and reused lowest-first, so the table is about as long as the most
/// connections ever open at once.
struct ConnectionTable {
    private var slots: [Connection?] = []
    /// How many connections are open.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The connection on `fd`, or nil if none is open on it.
    subscript(fd: Int32) -> Connection? {
        let i = Int(fd)
        return i >= 0 && i < slots.count ? slots[i] : nil
    }

    /// Adds a connection (its descriptor must not be in the table).
    mutating func insert(_ conn: Connection) {
        let i = Int(conn.fd)
        if i >= slots.count { slots.append(contentsOf: repeatElement(nil, count: i + 1 - slots.count)) }
        precondition(slots[i] == nil, "descriptor \(i) is already open")
        slots[i] = conn
        count += 1
    }

    /// Removes the connection on `fd`; false when none was open on it.
    mutating func remove(fd: Int32) -> Bool {
        let i = Int(fd)
        guard i >= 0 && i < slots.count, slots[i] != nil else { return false }
        slots[i] = nil
        count -= 1
        return true
    }

    /// Every open connection (a copy: the table may change while the caller walks it).
    var all: [Connection] { slots.compactMap { $0 } }
}
