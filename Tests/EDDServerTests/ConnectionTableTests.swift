import Testing

@testable import EDDServer

@Suite struct ConnectionTableTests {
    func connection(_ fd: Int32) -> Connection {
        let context = ConnectionContext(
            adminAllowed: false, isUnixSocket: false, connectionID: UInt64(fd), counters: ServerCounters(shards: 1))
        return Connection(fd: fd, context: context, now: 0, maxLineBytes: 64)
    }

    @Test func findsWhatWasInsertedByDescriptorUntilRemoved() {
        var table = ConnectionTable()
        #expect(table.isEmpty)
        #expect(table[5] == nil)
        let a = connection(5)
        let b = connection(40)
        let c = connection(7)
        table.insert(a)
        table.insert(b)
        table.insert(c)
        #expect(table.count == 3)
        #expect(table[5] === a)
        #expect(table[40] === b)
        #expect(table[7] === c)
        // Descriptors never opened, beyond the end or negative, find nothing.
        #expect(table[6] == nil)
        #expect(table[41] == nil)
        #expect(table[-1] == nil)
        #expect(Set(table.all.map(\.fd)) == [5, 7, 40])

        let removed1 = table.remove(fd: 40)
        #expect(removed1)
        let removed2 = table.remove(fd: 40)
        #expect(!removed2)
        let removed3 = table.remove(fd: 6)
        #expect(!removed3)
        let removed4 = table.remove(fd: 1000)
        #expect(!removed4)
        #expect(table.count == 2)
        #expect(table[40] == nil)
        #expect(Set(table.all.map(\.fd)) == [5, 7])

        // A descriptor is reused after its close: the new connection is found, not the old one.
        let again = connection(40)
        table.insert(again)
        #expect(table[40] === again)
        let removed5 = table.remove(fd: 5)
        #expect(removed5)
        let removed6 = table.remove(fd: 7)
        #expect(removed6)
        let removed7 = table.remove(fd: 40)
        #expect(removed7)
        #expect(table.isEmpty)
        #expect(table.all.isEmpty)
    }
}
