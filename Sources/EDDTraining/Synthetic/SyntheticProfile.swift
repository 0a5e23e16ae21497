import EDDCore

/// The shape of a synthetic feed (`edd-train synth --profile`): each is a kind of data set a retailer may bring,
/// with its truth written down in `TrainingData/README.md`.
public enum SyntheticProfile: String, Sendable, CaseIterable {
    /// US parcels with every scan (the shipped sample's feed; byte-identical to the feed before profiles).
    case parcel
    /// Ocean, air and truck freight: 7-day operations, date-only timestamps, 5–300-day lead times.
    case freight
    /// The parcel feed with only ORDER_PLACED and DELIVERED rows (no carrier hand-off scan at all).
    case noHandoff = "no-handoff"
    /// European parcels: DE, FR, GB, NL and PL destinations, each country's (and region's) holidays,
    /// cross-border lanes, and planted closures for the detector (``SyntheticEurope``).
    case eu
}
