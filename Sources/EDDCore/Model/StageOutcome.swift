/// What one shipment tells a stage (handling or transit) of the model.
public enum StageOutcome: Sendable, Equatable {
    /// The stage finished after this many working days.
    case completed(Int)
    /// The stage was still under way at the cut-off, having lasted more than this many working days.
    case censored(Int)
    /// The parcel left the stage without finishing it: returned, or lost (under way past the cap).
    case competing
    /// The shipment says nothing about the stage (e.g. no order time for handling).
    case unknown
}
