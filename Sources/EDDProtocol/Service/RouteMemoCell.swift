import Synchronization

/// A shard's ``RouteMemo``, lent to one request at a time.
///
/// Invariant: the memo is read and written only through a pointer from ``take()``, and only until the matching
/// ``giveBack()``; `lent` lets one taker in at a time (a thread that finds it lent out decodes without a memo), with
/// acquire/release ordering so each taker sees the last one's writes. That is what makes it `Sendable`. Lending a
/// pointer instead of moving the memo in and out of a `Mutex` saves a lock and two copies of it per request.
final class RouteMemoCell: @unchecked Sendable {
    private let lent = Atomic<Bool>(false)
    private let memo: UnsafeMutablePointer<RouteMemo>

    init() {
        memo = .allocate(capacity: 1)
        memo.initialize(to: RouteMemo())
    }

    deinit {
        memo.deinitialize(count: 1)
        memo.deallocate()
    }

    /// The memo, when no other request has it (then ``giveBack()`` must follow), else nil.
    @inline(__always)
    func take() -> UnsafeMutablePointer<RouteMemo>? {
        lent.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged ? memo : nil
    }

    /// Ends the loan that ``take()`` began.
    @inline(__always)
    func giveBack() {
        lent.store(false, ordering: .releasing)
    }
}
