import EDDCore

extension ScanStore {
    /// Groups events by shipment (a counting sort, linear in rows), sorts each shipment's events by time
    /// then event code, drops exact duplicates and derives the milestones.
    ///
    /// - Parameters:
    ///   - cutoff: the censoring instant for open shipments.
    ///   - summary: receives duplicate and per-outcome counts.
    /// - Returns: timelines in order of each shipment's first row; shipments with no visible event are left out.
    mutating func build(cutoff: Instant?, summary: inout IngestSummary) -> [ShipmentTimeline] {
        var timelines: [ShipmentTimeline] = []
        timelines.reserveCapacity(lanes.count)
        forEachTimeline(cutoff: cutoff, summary: &summary) { _, t in timelines.append(t) }
        return timelines
    }

    /// ``build(cutoff:summary:)`` handing each timeline, with its shipment number, to `body` as it is made,
    /// so a caller that keeps less than the timeline (a spilled read) never holds them all.
    mutating func forEachTimeline(
        cutoff: Instant?, summary: inout IngestSummary, _ body: (Int, ShipmentTimeline) throws -> Void
    ) rethrows {
        let shipmentCount = lanes.count
        var starts = [Int](repeating: 0, count: shipmentCount + 1)
        for e in events { starts[Int(e.shipment) + 1] += 1 }
        for i in 0..<shipmentCount { starts[i + 1] += starts[i] }
        var fill = starts
        // Built in place: reserving first as well would hold a third copy of the events at the peak.
        var grouped = [Event](unsafeUninitializedCapacity: events.count) { buffer, count in
            for e in events {
                let s = Int(e.shipment)
                buffer[fill[s]] = e
                fill[s] += 1
            }
            count = events.count
        }
        events = []
        fill = []

        var postals = [String?](repeating: nil, count: values.count)
        try grouped.withUnsafeMutableBufferPointer { all in
            for s in 0..<shipmentCount where starts[s + 1] > starts[s] {
                let slice = UnsafeMutableBufferPointer(rebasing: all[starts[s]..<starts[s + 1]])
                ScanStore.sortEvents(slice)
                var list: [TimelineEvent] = []
                list.reserveCapacity(slice.count)
                var previous: Event?
                for e in slice {
                    if let p = previous, p.time == e.time, p.code == e.code, p.postal == e.postal {
                        summary.duplicatesDropped += 1
                        continue
                    }
                    previous = e
                    var postal: String?
                    if e.postal != 0 {
                        if let known = postals[Int(e.postal)] {
                            postal = known
                        } else {
                            let made = values.string(Int(e.postal))
                            postals[Int(e.postal)] = made
                            postal = made
                        }
                    }
                    list.append(
                        TimelineEvent(
                            code: EventCode(rawValue: e.code)!, time: Instant(seconds: e.time),
                            utcOffset: Int32(e.offsetMinutes) * 60, postal: postal))
                }
                var t = makeTimeline(s, events: list)
                t.deriveMilestones(cutoff: cutoff)
                summary.count(t)
                try body(s, t)
            }
        }
    }

    private mutating func makeTimeline(_ s: Int, events: [TimelineEvent]) -> ShipmentTimeline {
        let lane = lanes[s]
        func text(_ v: UInt32) -> String? { v == 0 ? nil : values.string(Int(v)) }
        return ShipmentTimeline(
            id: ids.makeString(s), carrier: values.string(Int(lane.carrier)), service: values.string(Int(lane.service)),
            origin: Place(
                country: values.string(Int(lane.originCountry)), postal: values.string(Int(lane.originPostal)),
                region: text(lane.originRegion), id: text(lane.originId)),
            destination: Place(
                country: values.string(Int(lane.destinationCountry)),
                postal: values.string(Int(lane.destinationPostal)), region: text(lane.destinationRegion)),
            promisedDate: lane.promisedDay == Int32.min ? nil : CivilDate(dayNumber: lane.promisedDay),
            events: events)
    }

    /// Orders by time, then event code (DATA.md's order), then postal id so duplicates sit side by side.
    private static func sortEvents(_ slice: UnsafeMutableBufferPointer<Event>) {
        var e = slice
        @inline(__always) func less(_ a: Event, _ b: Event) -> Bool {
            if a.time != b.time { return a.time < b.time }
            if a.code != b.code { return a.code < b.code }
            return a.postal < b.postal
        }
        if e.count > 24 {
            e.sort(by: less)
            return
        }
        // Shipments have a handful of scans: insertion sort beats the general sort here.
        var i = 1
        while i < e.count {
            let x = e[i]
            var j = i - 1
            while j >= 0 && less(x, e[j]) {
                e[j + 1] = e[j]
                j -= 1
            }
            e[j + 1] = x
            i += 1
        }
    }
}

extension IngestSummary {
    /// Counts a finished shipment by outcome: delivered, else returned, else canceled, else censored.
    mutating func count(_ t: ShipmentTimeline) {
        shipments += 1
        if t.deliveryTime != nil {
            delivered += 1
        } else if t.returnTime != nil {
            returned += 1
        } else if t.cancelTime != nil {
            canceled += 1
        } else {
            censored += 1
        }
    }
}
