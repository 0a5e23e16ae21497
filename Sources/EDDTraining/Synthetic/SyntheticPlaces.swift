import EDDCore

/// The geography of the synthetic world: US states (centroid, IANA zone) and the destination ZIP codes.
///
/// Distances (and so the carriers' distance zones) are measured between state centroids. Scan times use the
/// zone ``Geography`` gives the ZIP code; destination ZIPs were chosen in their state's main zone (Nashville,
/// not Knoxville), which `zoneIdentifier` records.
public enum SyntheticPlaces {
    /// A US state (or DC) as the generator sees it.
    public struct State: Sendable {
        /// Two-letter USPS code.
        public let code: String
        public let latitude: Double
        public let longitude: Double
        /// The IANA zone every place of this state uses.
        public let zoneIdentifier: String
    }

    /// A real ZIP code used as a destination.
    public struct Destination: Sendable {
        public let postal: String
        public let state: String

        init(_ postal: String, _ state: String) {
            self.postal = postal
            self.state = state
        }
    }

    private static let eastern = "America/New_York"
    private static let central = "America/Chicago"
    private static let mountain = "America/Denver"
    private static let pacific = "America/Los_Angeles"

    /// State centroids (approximate, degrees) and main time zones.
    public static let states: [State] = [
        State(code: "AL", latitude: 32.8, longitude: -86.8, zoneIdentifier: central),
        State(code: "AK", latitude: 61.2, longitude: -149.9, zoneIdentifier: "America/Anchorage"),
        State(code: "AZ", latitude: 34.2, longitude: -111.7, zoneIdentifier: "America/Phoenix"),
        State(code: "AR", latitude: 34.9, longitude: -92.4, zoneIdentifier: central),
        State(code: "CA", latitude: 37.2, longitude: -119.5, zoneIdentifier: pacific),
        State(code: "CO", latitude: 39.0, longitude: -105.5, zoneIdentifier: mountain),
        State(code: "CT", latitude: 41.6, longitude: -72.7, zoneIdentifier: eastern),
        State(code: "DE", latitude: 39.0, longitude: -75.5, zoneIdentifier: eastern),
        State(code: "DC", latitude: 38.9, longitude: -77.0, zoneIdentifier: eastern),
        State(code: "FL", latitude: 28.6, longitude: -82.4, zoneIdentifier: eastern),
        State(code: "GA", latitude: 32.7, longitude: -83.4, zoneIdentifier: eastern),
        State(code: "HI", latitude: 21.3, longitude: -157.8, zoneIdentifier: "Pacific/Honolulu"),
        State(code: "ID", latitude: 44.4, longitude: -114.6, zoneIdentifier: "America/Boise"),
        State(code: "IL", latitude: 40.0, longitude: -89.2, zoneIdentifier: central),
        State(code: "IN", latitude: 39.9, longitude: -86.3, zoneIdentifier: "America/Indiana/Indianapolis"),
        State(code: "IA", latitude: 42.1, longitude: -93.5, zoneIdentifier: central),
        State(code: "KS", latitude: 38.5, longitude: -98.4, zoneIdentifier: central),
        State(code: "KY", latitude: 37.5, longitude: -85.3, zoneIdentifier: "America/Kentucky/Louisville"),
        State(code: "LA", latitude: 31.1, longitude: -92.0, zoneIdentifier: central),
        State(code: "ME", latitude: 45.4, longitude: -69.2, zoneIdentifier: eastern),
        State(code: "MD", latitude: 39.0, longitude: -76.8, zoneIdentifier: eastern),
        State(code: "MA", latitude: 42.3, longitude: -71.8, zoneIdentifier: eastern),
        State(code: "MI", latitude: 44.3, longitude: -85.4, zoneIdentifier: "America/Detroit"),
        State(code: "MN", latitude: 46.3, longitude: -94.3, zoneIdentifier: central),
        State(code: "MS", latitude: 32.7, longitude: -89.7, zoneIdentifier: central),
        State(code: "MO", latitude: 38.4, longitude: -92.5, zoneIdentifier: central),
        State(code: "MT", latitude: 47.0, longitude: -109.6, zoneIdentifier: mountain),
        State(code: "NE", latitude: 41.5, longitude: -99.8, zoneIdentifier: central),
        State(code: "NV", latitude: 39.3, longitude: -116.6, zoneIdentifier: pacific),
        State(code: "NH", latitude: 43.7, longitude: -71.6, zoneIdentifier: eastern),
        State(code: "NJ", latitude: 40.2, longitude: -74.7, zoneIdentifier: eastern),
        State(code: "NM", latitude: 34.4, longitude: -106.1, zoneIdentifier: mountain),
        State(code: "NY", latitude: 42.9, longitude: -75.5, zoneIdentifier: eastern),
        State(code: "NC", latitude: 35.6, longitude: -79.4, zoneIdentifier: eastern),
        State(code: "ND", latitude: 47.5, longitude: -100.5, zoneIdentifier: central),
        State(code: "OH", latitude: 40.3, longitude: -82.8, zoneIdentifier: eastern),
        State(code: "OK", latitude: 35.6, longitude: -97.5, zoneIdentifier: central),
        State(code: "OR", latitude: 43.9, longitude: -120.6, zoneIdentifier: pacific),
        State(code: "PA", latitude: 40.9, longitude: -77.8, zoneIdentifier: eastern),
        State(code: "RI", latitude: 41.7, longitude: -71.5, zoneIdentifier: eastern),
        State(code: "SC", latitude: 33.9, longitude: -80.9, zoneIdentifier: eastern),
        State(code: "SD", latitude: 44.4, longitude: -100.2, zoneIdentifier: central),
        State(code: "TN", latitude: 35.9, longitude: -86.4, zoneIdentifier: central),
        State(code: "TX", latitude: 31.5, longitude: -99.3, zoneIdentifier: central),
        State(code: "UT", latitude: 39.3, longitude: -111.7, zoneIdentifier: mountain),
        State(code: "VT", latitude: 44.1, longitude: -72.7, zoneIdentifier: eastern),
        State(code: "VA", latitude: 37.5, longitude: -78.9, zoneIdentifier: eastern),
        State(code: "WA", latitude: 47.4, longitude: -120.5, zoneIdentifier: pacific),
        State(code: "WV", latitude: 38.6, longitude: -80.6, zoneIdentifier: eastern),
        State(code: "WI", latitude: 44.6, longitude: -89.9, zoneIdentifier: central),
        State(code: "WY", latitude: 43.0, longitude: -107.6, zoneIdentifier: mountain),
    ]

    /// The state with this code, or nil.
    public static func state(_ code: String) -> State? { stateIndex[code].map { states[$0] } }

    private static let stateIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: states.enumerated().map { ($0.element.code, $0.offset) })

    /// Great-circle distance in miles between two states' centroids (0 within a state).
    public static func miles(_ a: String, _ b: String) -> Double {
        guard a != b, let p = state(a), let q = state(b) else { return 0 }
        let rad = Double.pi / 180
        let dLat = (q.latitude - p.latitude) * rad
        let dLon = (q.longitude - p.longitude) * rad
        let h = sin2(dLat / 2) + cosine(p.latitude * rad) * cosine(q.latitude * rad) * sin2(dLon / 2)
        return 2 * 3958.8 * arcsine(h.squareRoot())
    }

    // Small series keep the library free of Foundation here; the error is far below a mile.
    private static func sin2(_ x: Double) -> Double {
        let s = sine(x)
        return s * s
    }
    private static func sine(_ x: Double) -> Double { cosine(x - Double.pi / 2) }
    private static func cosine(_ x: Double) -> Double {
        var y = x.truncatingRemainder(dividingBy: 2 * Double.pi)
        if y > Double.pi { y -= 2 * Double.pi }
        if y < -Double.pi { y += 2 * Double.pi }
        var term = 1.0
        var sum = 1.0
        for n in 1...14 {
            term *= -y * y / Double((2 * n - 1) * (2 * n))
            sum += term
        }
        return sum
    }
    private static func arcsine(_ x: Double) -> Double {
        // Newton on sin(y) = x; x is in [0, 1] here.
        var y = x
        for _ in 0..<40 {
            let c = cosine(y)
            if c < 1e-12 { break }
            y -= (sine(y) - x) / c
        }
        return y
    }
}
