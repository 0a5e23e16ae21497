import EDDCore

/// A carrier and optionally one of its services (one entry of a request's `options`).
public struct ShippingOption: Hashable, Sendable {
    /// Carrier code, lower case (`ups`).
    public var carrier: String
    /// Service code, lower case (`ground`), or nil to pool all of the carrier's services.
    public var service: String?

    /// Creates an option.
    public init(carrier: String, service: String? = nil) {
        self.carrier = carrier
        self.service = service
    }
}

/// The fields of an `edd` request (also the shipment part of a `risk` request).
///
/// Decoding rules (see ``RequestDecoder``): `carrier` and `service` are lower-cased; `carrier` may be
/// omitted only when `options` is given, and then comes from `options[0]`. When both `order_time` and
/// `ship_time` are given, `ship_time` wins (the parcel is known to be with the carrier, so handling
/// time is skipped) and ``orderTime`` is nil.
public struct EDDQuery: Hashable, Sendable {
    /// Carrier code, lower case.
    public var carrier: String
    /// Service code, lower case, or nil (all services pooled).
    public var service: String?
    /// Where the parcel ships from (`country` defaults to `US`, `postal` to empty when absent).
    public var origin: Place
    /// Where it goes; dates are answered in its local time.
    public var destination: Place
    /// When the order was placed: handling time is predicted and added. Nil with ``shipTime`` or for "now".
    public var orderTime: RFC3339.Timestamp?
    /// When the parcel was handed to the carrier: handling is skipped.
    public var shipTime: RFC3339.Timestamp?
    /// The required P(delivered ≤ edd), in (0,1); nil for the model's default.
    public var confidence: Double?
    /// Levels in (0,1) to answer as dates, in request order, each once (at most
    /// ``RequestDecoder/maximumQuantiles``).
    public var quantiles: [Double]
    /// Whether to add the per-date probabilities.
    public var distribution: Bool
    /// Coverage of `range` in (0,1); nil for the default 10%–90%.
    public var range: Double?
    /// Several shipping options to answer at once; empty when the request had none.
    public var options: [ShippingOption]

    /// Creates a query; defaults match an omitted field.
    public init(
        carrier: String, service: String? = nil, origin: Place = Place(), destination: Place = Place(),
        orderTime: RFC3339.Timestamp? = nil, shipTime: RFC3339.Timestamp? = nil, confidence: Double? = nil,
        quantiles: [Double] = [], distribution: Bool = false, range: Double? = nil, options: [ShippingOption] = []
    ) {
        self.carrier = carrier
        self.service = service
        self.origin = origin
        self.destination = destination
        self.orderTime = orderTime
        self.shipTime = shipTime
        self.confidence = confidence
        self.quantiles = quantiles
        self.distribution = distribution
        self.range = range
        self.options = options
    }

    /// The options to answer, in order: ``options`` when given, else the single carrier/service.
    ///
    /// The response's top-level fields answer the first of these.
    public var shippingOptions: [ShippingOption] {
        options.isEmpty ? [ShippingOption(carrier: carrier, service: service)] : options
    }
}
