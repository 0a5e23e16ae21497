import Synchronization

extension BusinessCalendar {
    /// Counts the days business-day arithmetic looks at one by one, so tests can bound the work of a request
    /// by a count instead of a clock.
    ///
    /// Counted: each step of ``addingWorkingDays(_:to:)``'s scan of the table, each day walked outside the
    /// table, and each year whose holidays are worked out by rule on the request path. A meter is installed
    /// for the current task with `BusinessCalendar.WorkMeter.$current.withValue(meter) { … }`. Only debug
    /// builds count (the tests); release builds compile ``record(_:)`` to nothing, so the request path pays
    /// no task-local lookup.
    final class WorkMeter: Sendable {
        /// The meter of the current task, if any.
        @TaskLocal static var current: WorkMeter?

        private let counted = Atomic<Int>(0)

        /// Days (and holiday years) counted so far.
        var days: Int { counted.load(ordering: .relaxed) }

        /// Adds `days` to the current task's meter, if one is installed (debug builds only).
        @inline(__always)
        static func record(_ days: Int) {
            #if DEBUG
                current?.counted.add(days, ordering: .relaxed)
            #endif
        }
    }
}
