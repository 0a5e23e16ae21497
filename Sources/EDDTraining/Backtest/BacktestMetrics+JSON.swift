import EDDCore
import Foundation

extension BacktestMetrics {
    /// Every figure as a JSON object for `metrics.json`, keyed by BACKTEST.md's metric names.
    ///
    /// Undefined figures are `null` rather than absent, so a reader sees every key. Per-confidence figures
    /// are keyed by the level written as in the grid (`"0.93"`, `"0.995"`).
    public func jsonObject() -> [String: Any] {
        var o: [String: Any] = [
            "n": n,
            "malformed": malformed,
            "mae_p50": Self.json(maeP50),
            "pinball_mean": Self.json(pinballMean),
            "cov80": Self.json(cov80),
            "width80": Self.json(width80),
            "cov90": Self.json(cov90),
            "width90": Self.json(width90),
            "cov80_quantiles": Self.json(cov80Quantiles),
            "cov90_quantiles": Self.json(cov90Quantiles),
            "cov80_pit": Self.json(cov80PIT),
            "cov90_pit": Self.json(cov90PIT),
            "crossing": crossing,
            "olist_count": olistCount,
            "olist_ontime": Self.json(olistOntime),
            "olist_days": Self.json(olistDays),
            "days_at_olist_ontime": Self.json(daysAtOlistOntime?.days),
            "confidence_at_olist_ontime": Self.json(daysAtOlistOntime?.confidence),
            "days_at_olist_ontime_status": daysAtOlistOntime.map { $0.status.rawValue as Any } ?? NSNull(),
            "ontime@0.93": Self.json(ontime(at: Self.headlineConfidence)),
            "days@0.93": Self.json(days(at: Self.headlineConfidence)),
            "risk_count": riskCount,
            "risk_auc": Self.json(riskAUC),
            "risk_brier": Self.json(riskBrier),
            "risk_late_rate": Self.json(riskLateRate),
            "risk_brier_base": Self.json(riskBrierBase),
            "risk_order_count": orderRisk.count,
            "risk_order_auc": Self.json(orderRisk.auc),
            "risk_order_brier": Self.json(orderRisk.brier),
            "risk_order_late_rate": Self.json(orderRisk.lateRate),
            "risk_order_brier_base": Self.json(orderRisk.brierBase),
            "pit_count": pitCount,
            "pit_histogram": pitHistogram,
        ]
        o["pinball_by_level"] = Dictionary(
            uniqueKeysWithValues: zip(Self.pinballLevels.map(Self.levelKey), pinballByLevel.map { Self.json($0) }))
        o["ontime"] = Dictionary(
            uniqueKeysWithValues: confidence.map { (Self.levelKey($0.confidence), Self.json($0.ontime)) })
        o["days"] = Dictionary(
            uniqueKeysWithValues: confidence.map { (Self.levelKey($0.confidence), Self.json($0.meanDays)) })
        o["quantile_calibration"] = Dictionary(
            uniqueKeysWithValues: quantileCalibration.map { (Self.levelKey($0.level), Self.json($0.share)) })
        func bins(_ reliability: [RiskBin]) -> [[String: Any]] {
            reliability.map { bin in
                [
                    "lower_p": Self.json(bin.lowerProbability), "upper_p": Self.json(bin.upperProbability),
                    "mean_predicted": Self.json(bin.meanPredicted), "observed_rate": Self.json(bin.observedRate),
                    "count": bin.count,
                ]
            }
        }
        o["risk_reliability"] = bins(riskReliability)
        o["risk_order_reliability"] = bins(orderRisk.reliability)
        o["by_fold"] = byFold.mapValues { $0.jsonObject() }
        o["by_lane_group"] = byLaneGroup.mapValues { $0.jsonObject() }
        return o
    }

    /// `metrics.json`'s bytes: pretty-printed with sorted keys, so runs diff cleanly.
    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject(), options: [.prettyPrinted, .sortedKeys])
    }

    /// A level as a short decimal key: 0.5 → "0.50", 0.93 → "0.93", 0.995 → "0.995", 0.05 → "0.05".
    static func levelKey(_ level: Double) -> String {
        let thousandths = Int((level * 1000).rounded())
        let whole = thousandths / 1000
        let fraction = thousandths % 1000
        let digits = String(1000 + fraction).dropFirst()  // three digits, zero-padded
        return "\(whole)." + (digits.hasSuffix("0") ? String(digits.dropLast()) : String(digits))
    }

    /// A number JSONSerialization accepts: NaN and infinities (which it cannot write) become null.
    static func json(_ value: Double?) -> Any {
        guard let value, value.isFinite else { return NSNull() }
        return value
    }
}

extension BacktestSummary {
    /// The summary as a JSON object, with the pooled metrics' key names.
    public func jsonObject() -> [String: Any] {
        let j = BacktestMetrics.json
        return [
            "n": n, "mae_p50": j(maeP50), "pinball_mean": j(pinballMean), "cov80": j(cov80), "width80": j(width80),
            "cov90": j(cov90), "crossing": crossing, "ontime@0.93": j(ontimeAt93), "days@0.93": j(daysAt93),
            "olist_ontime": j(olistOntime), "days_at_olist_ontime": j(daysAtOlistOntime), "risk_auc": j(riskAUC),
        ]
    }
}
