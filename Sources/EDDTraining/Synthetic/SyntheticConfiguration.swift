import EDDCore

/// Options of a synthetic-data run (`edd-train synth`).
public struct SyntheticConfiguration: Sendable {
    /// Number of shipments (orders) to generate.
    public var shipments: Int
    /// The seed: the same seed and options always give the same bytes.
    public var seed: UInt64
    /// The first order date (warehouse local).
    public var start: CivilDate
    /// Orders are placed over this many days from `start`.
    public var days: Int
    /// Whether to write the dirt (duplicates, disorder, missing pickups, UTC offsets, malformed rows).
    /// The shipments themselves do not depend on it: dirt draws from a separate random stream.
    public var dirty: Bool
    /// Event and dirt rates.
    public var rates: SyntheticTruth.Rates
    /// The shape of the feed.
    public var profile: SyntheticProfile

    public init(
        shipments: Int = 10_000, seed: UInt64 = 1, start: CivilDate = CivilDate(year: 2026, month: 8, day: 1)!,
        days: Int = 120, dirty: Bool = true, rates: SyntheticTruth.Rates = SyntheticTruth.rates,
        profile: SyntheticProfile = .parcel
    ) {
        self.profile = profile
        self.shipments = shipments
        self.seed = seed
        self.start = start
        self.days = days
        self.dirty = dirty
        self.rates = rates
    }
}

/// What a synthetic run wrote, for the summary on stderr and for tests.
public struct SyntheticStats: Sendable, Equatable {
    /// Shipments generated (including canceled ones).
    public var shipments = 0
    /// Lines written after the header (scans, duplicates and malformed rows).
    public var rows = 0
    /// True scans before dirt (each shipment's events).
    public var scans = 0
    public var delivered = 0
    public var canceled = 0
    public var lost = 0
    public var returned = 0
    /// Shipments with an in-transit EXCEPTION delay.
    public var exceptions = 0
    /// Shipments held by a regional closure.
    public var weatherDelayed = 0
    /// Shipments with a failed first attempt.
    public var attempted = 0
    /// Peak-season pickups that took an extra working day.
    public var peakDelayed = 0
    public var duplicateRows = 0
    public var outOfOrderRows = 0
    public var missingPickups = 0
    public var extraDelivered = 0
    public var utcRows = 0
    /// Malformed rows by kind.
    public var badTimestamp = 0
    public var unknownEvent = 0
    public var missingField = 0
    public var wrongFieldCount = 0
    public var garbageBytes = 0

    public init() {}

    /// All malformed rows.
    public var malformedRows: Int { badTimestamp + unknownEvent + missingField + wrongFieldCount + garbageBytes }

    /// A few lines for stderr.
    public var summary: String {
        """
        shipments \(shipments), rows \(rows) (scans \(scans))
        outcomes: delivered \(delivered), canceled \(canceled), lost \(lost), returned \(returned); \
        exceptions \(exceptions), weather-delayed \(weatherDelayed), failed attempts \(attempted), \
        peak-delayed \(peakDelayed)
        dirt: duplicate rows \(duplicateRows), out-of-order rows \(outOfOrderRows), missing pickups \
        \(missingPickups), extra DELIVERED \(extraDelivered), UTC rows \(utcRows)
        malformed rows \(malformedRows): bad timestamp \(badTimestamp), unknown event \(unknownEvent), \
        missing field \(missingField), wrong field count \(wrongFieldCount), garbage bytes \(garbageBytes)
        """
    }
}

extension SyntheticConfiguration {
    /// Refuses order dates outside ``CivilDate/supportedDays`` (1900-01-01 … 2199-12-31), which the
    /// calendars, the model and the daemon would refuse or could not count in.
    ///
    /// - Throws: ``SyntheticError`` naming `--start` or `--days`.
    public func checkDates() throws(SyntheticError) {
        let range = "\(CivilDate.firstSupported) to \(CivilDate.lastSupported)"
        guard start.isSupported else {
            throw SyntheticError(.unsupportedDates, "--start \(start) is outside the supported dates, \(range)")
        }
        // Counted in day numbers, not with `adding(days:)`, so that no `days` can overflow.
        guard days <= 1 + Int(CivilDate.supportedDays.upperBound) - Int(start.dayNumber) else {
            throw SyntheticError(
                .unsupportedDates,
                "--days \(days) from --start \(start) goes past \(CivilDate.lastSupported), the last supported date")
        }
    }
}

extension SyntheticStats {
    /// Counts a clean delivered shipment written as `written` rows, one a scan.
    mutating func countDelivered(scans written: Int) {
        rows += written
        scans += written
        delivered += 1
    }
}
