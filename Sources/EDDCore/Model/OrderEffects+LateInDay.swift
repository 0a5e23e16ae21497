extension OrderEffects {
    /// When an order counts as placed "late in the day" for the quantile layer: learned from the feed (the
    /// hour after which its orders stop leaving the same day), with cut-offs of their own for origins that
    /// step at another hour.
    ///
    /// A carrier's configured cut-off (`--calendars … ,14:00`) still decides where one is given; with nothing
    /// learned or configured the threshold is 14:00, a common cut-off, as before cut-offs were learned (and as
    /// a model written before then, which has none, still means).
    public struct LateInDay: Sendable, Equatable {
        /// Learned cut-offs by origin (`origin_id`), in seconds after local midnight.
        public var byOrigin: [String: Int]
        /// The cut-off learned from the whole feed, for origins without their own; nil when none was learned.
        public var feedWide: Int?

        /// Nothing learned: every order is judged against its calendar's cut-off, else 14:00.
        public static let none = LateInDay(byOrigin: [:], feedWide: nil)
        /// The threshold when nothing is learned or configured.
        public static let fallbackSecondOfDay = 14 * 3600
        /// A cut-off no order reaches: for feeds whose order stamps carry no time of day (every order at
        /// 12:00 UTC), where "late in the day" means nothing and the feature, never on, is left out of the layer.
        public static let never = 86_400

        public init(byOrigin: [String: Int], feedWide: Int?) {
            self.byOrigin = byOrigin
            self.feedWide = feedWide
        }

        /// The local time of day (seconds after midnight) from which an order of `origin` counts as late: the
        /// calendar's configured cut-off, else the origin's learned one, else the feed's, else 14:00.
        public func secondOfDay(origin: String?, calendar: BusinessCalendar) -> Int {
            if let configured = calendar.cutoffSecondOfDay { return configured }
            if let origin, let own = byOrigin[origin] { return own }
            return feedWide ?? LateInDay.fallbackSecondOfDay
        }

        /// The model header's `late_in_day` object: `{"feed_s": …, "origins_s": {origin: seconds}}`, without
        /// `feed_s` when nothing was learned.
        package var jsonObject: [String: Any] {
            var o: [String: Any] = ["origins_s": byOrigin]
            if let feedWide { o["feed_s"] = feedWide }
            return o
        }

        /// Reads the header's object; a model written before cut-offs were learned has none (nothing learned).
        /// - Throws: ``ModelFileError`` when the object is malformed or a cut-off is not a time of day.
        package init(jsonObject: Any?) throws {
            guard let jsonObject else {
                self = .none
                return
            }
            func malformed() -> ModelFileError {
                ModelFileError.malformed("model file's late-in-day cut-off is not a time of day")
            }
            guard let o = jsonObject as? [String: Any] else { throw malformed() }
            func second(_ v: Any?) throws -> Int? {
                guard let v else { return nil }
                guard let s = v as? Int, (0...LateInDay.never).contains(s) else { throw malformed() }
                return s
            }
            guard let origins = (o["origins_s"] ?? [String: Any]()) as? [String: Any] else { throw malformed() }
            var byOrigin: [String: Int] = [:]
            for (origin, v) in origins { byOrigin[origin] = try second(v) }
            self.init(byOrigin: byOrigin, feedWide: try second(o["feed_s"]))
        }
    }
}
