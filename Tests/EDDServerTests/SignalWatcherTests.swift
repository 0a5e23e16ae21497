import Glibc
import Synchronization
import Testing

@testable import EDDServer

@Suite struct SignalWatcherTests {
    @Test func hangupCallsTheReloadCallback() throws {
        let reloads = Atomic<Int>(0)
        let shutdowns = Atomic<Int>(0)
        let watcher = try SignalWatcher.install(
            onShutdown: { _ in shutdowns.add(1, ordering: .relaxed) },
            onReload: { reloads.add(1, ordering: .relaxed) })
        defer { watcher.stop() }
        kill(getpid(), SIGHUP)  // process-directed, as from `kill -HUP`
        #expect(eventually { reloads.load(ordering: .relaxed) == 1 })
        #expect(shutdowns.load(ordering: .relaxed) == 0)
    }
}
