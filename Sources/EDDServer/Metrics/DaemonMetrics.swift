import EDDCore
import EDDProtocol

/// The daemon's metrics in Prometheus form, assembled at scrape time from the counters `stats` already keeps.
///
/// Nothing here runs on the query path: the workers keep counting into their own shards as they always have
/// (the service's per-worker statistics, the server's per-worker byte counters and shared atomics), and a
/// scrape adds the shards up on the metrics thread.
package enum DaemonMetrics {
    /// The latency histogram's finite upper bounds are 2^k nanoseconds for these k (256 ns to about 1.07 s):
    /// edges of the service's own log-scale buckets, so each cumulative count is exact, not interpolated.
    package static let latencyBoundExponents = 8...30

    /// The ops' names, looked up once (`String(describing:)` per scrape would be most of its cost).
    static let opNames = ServiceStatistics.Op.allCases.map(\.name)

    /// The stated confidences whose out-of-time coverage the model's calibration window records.
    package static let coverageLevels = [0.5, 0.8, 0.9, 0.95]

    /// The exposition of every metric, as UTF-8 bytes.
    package static func render(state: OperationsState, responses: [(code: Int, count: Int)]) -> [UInt8] {
        var out = PrometheusText()
        let ready = state.readiness.ready
        out.family("edd_ready", .gauge, help: "1 while the daemon serves a valid model and accepts queries, else 0.")
        out.sample("edd_ready", ready ? 1 : 0)
        out.family(
            "edd_start_time_seconds", .gauge, help: "When the daemon process started, in seconds since the epoch.")
        out.sample("edd_start_time_seconds", state.startTime)
        out.family("edd_http_responses_total", .counter, help: "Answers of the metrics listener, by status code.")
        for (code, count) in responses { out.sample("edd_http_responses_total", [("code", String(code))], count) }
        if let daemon = state.daemon {
            service(daemon.service, into: &out, server: daemon.server.counters.snapshot())
            model(daemon.service, into: &out)
        }
        return out.bytes
    }

    private static func service(_ service: QueryService, into out: inout PrometheusText, server: ServerStats) {
        let stats = service.statisticsSnapshot()
        out.family(
            "edd_requests_total", .counter,
            help: "Request lines answered by the service, by op (undecoded: not valid JSON or no known op) and outcome."
        )
        for op in ServiceStatistics.Op.allCases {
            let failed = stats.failures[op.rawValue]
            let name = opNames[op.rawValue]
            if op != .invalid {  // a line that did not decode is always an error
                out.sample(
                    "edd_requests_total", [("op", name), ("outcome", "ok")], stats.requests[op.rawValue] - failed)
            }
            out.sample("edd_requests_total", [("op", name), ("outcome", "error")], failed)
        }
        // The socket layer answers these two before a line reaches the service (as the `stats` op counts them).
        let socketErrors: [ErrorCode: Int] = [.lineTooLong: server.lineTooLong, .overloaded: server.overloaded]
        out.family("edd_errors_total", .counter, help: "Error answers by protocol error code.")
        for (i, code) in ErrorCode.allCases.enumerated() {
            out.sample("edd_errors_total", [("code", code.rawValue)], stats.errors[i] + socketErrors[code, default: 0])
        }
        out.family(
            "edd_request_duration_seconds", .histogram,
            help: "Time the service took to answer a request line (decode, predict, encode), in seconds.")
        var cumulative = 0
        var bucket = 0
        for k in latencyBoundExponents {
            while bucket < 4 * k && bucket < stats.latency.count {
                cumulative += stats.latency[bucket]
                bucket += 1
            }
            let bound = PrometheusText.number(Double(UInt64(1) << UInt64(k)) / 1e9)
            out.sample("edd_request_duration_seconds_bucket", [("le", bound)], cumulative)
        }
        let total = stats.latency.reduce(0, +)
        out.sample("edd_request_duration_seconds_bucket", [("le", "+Inf")], total)
        out.sample("edd_request_duration_seconds_sum", stats.totalNanos / 1e9)
        out.sample("edd_request_duration_seconds_count", total)

        out.family("edd_connections_open", .gauge, help: "Query connections open now.")
        out.sample("edd_connections_open", server.connectionsOpen)
        out.family("edd_connections_accepted_total", .counter, help: "Query connections accepted.")
        out.sample("edd_connections_accepted_total", server.connectionsAccepted)
        out.family(
            "edd_connections_refused_total", .counter,
            help: "Query connections refused (answered overloaded) at the connection limit.")
        out.sample("edd_connections_refused_total", server.connectionsRefused)
        out.family("edd_connections_closed_total", .counter, help: "Query connections closed by a timeout, by reason.")
        out.sample("edd_connections_closed_total", [("reason", "idle_timeout")], server.connectionsIdleClosed)
        out.sample("edd_connections_closed_total", [("reason", "line_timeout")], server.connectionsLineTimedOut)
        out.family("edd_received_bytes_total", .counter, help: "Bytes read from query clients.")
        out.sample("edd_received_bytes_total", server.bytesIn)
        out.family("edd_sent_bytes_total", .counter, help: "Bytes written to query clients.")
        out.sample("edd_sent_bytes_total", server.bytesOut)
        out.family("edd_output_buffered_bytes", .gauge, help: "Answer bytes waiting for slow clients to read them.")
        out.sample("edd_output_buffered_bytes", server.outputBuffered)
        let reloads = service.reloadCounts
        out.family(
            "edd_reloads_total", .counter,
            help: "Model reloads (SIGHUP or the reload op) by result; failed ones kept the old model serving.")
        out.sample("edd_reloads_total", [("result", "ok")], reloads.ok)
        out.sample("edd_reloads_total", [("result", "failed")], reloads.failed)
    }

    private static func model(_ service: QueryService, into out: inout PrometheusText) {
        let (model, loadedAt) = service.modelAndLoadTime
        let m = model.metadata
        out.family("edd_model_info", .gauge, help: "The model being served (always 1; the labels carry its identity).")
        out.sample("edd_model_info", [("id", m.id), ("path", service.modelPath ?? "")], 1)
        out.family(
            "edd_model_as_of_timestamp_seconds", .gauge,
            help: "The served model's training cut-off (nothing at or after it was seen), in seconds since the epoch.")
        out.sample("edd_model_as_of_timestamp_seconds", Double(m.asOf.seconds))
        out.family(
            "edd_model_trained_timestamp_seconds", .gauge,
            help: "The served model's recorded training time, in seconds since the epoch (its as-of time: a fit "
                + "records no wall clock, so refitting the same data gives the same file).")
        out.sample("edd_model_trained_timestamp_seconds", Double(m.asOf.seconds))
        out.family(
            "edd_model_loaded_timestamp_seconds", .gauge,
            help: "When this daemon loaded the served model, in seconds since the epoch.")
        out.sample("edd_model_loaded_timestamp_seconds", loadedAt)
        out.family(
            "edd_model_shipments", .gauge, help: "Shipments the served model was fitted on, by state at the cut-off.")
        out.sample("edd_model_shipments", [("state", "completed")], m.shipments - m.censored)
        out.sample("edd_model_shipments", [("state", "censored")], m.censored)
        let maps = [("total", model.totalCalibration), ("transit", model.transitCalibration)]
        out.family(
            "edd_model_calibration_shipments", .gauge,
            help: "Recent shipments held out of time to validate and calibrate the model, by stage and state.")
        for (stage, map) in maps {
            out.sample("edd_model_calibration_shipments", [("stage", stage), ("state", "completed")], map.completed)
            out.sample("edd_model_calibration_shipments", [("stage", stage), ("state", "censored")], map.censored)
        }
        out.family(
            "edd_model_uncalibrated_coverage_ratio", .gauge,
            help: "Share of the held-out shipments that arrived by the uncalibrated fit's quantile at each stated "
                + "confidence (Kaplan-Meier, censoring-aware); answers are recalibrated to the stated level. "
                + "Absent for a stage without enough held-out shipments.")
        for (stage, map) in maps where map.completed > 0 {
            for level in coverageLevels {
                out.sample(
                    "edd_model_uncalibrated_coverage_ratio",
                    [("stage", stage), ("stated", PrometheusText.number(level))],
                    map.apply(level))
            }
        }
        let risk = model.riskCalibration.figures
        guard risk.questions > 0 else { return }
        out.family(
            "edd_model_validation_risk_brier", .gauge,
            help: "Brier score of p_late on the later half of the fit's out-of-time risk questions: as the model "
                + "stated it, as calibrated by lines fitted on the earlier half, and always answering the earlier "
                + "half's late rate. Absent where the fit had too few questions.")
        out.sample("edd_model_validation_risk_brier", [("answer", "stated")], risk.brierStated)
        out.sample("edd_model_validation_risk_brier", [("answer", "calibrated")], risk.brierCalibrated)
        out.sample("edd_model_validation_risk_brier", [("answer", "base_rate")], risk.brierBase)
        out.family(
            "edd_model_validation_risk_questions", .gauge,
            help: "Out-of-time risk questions behind the served model's risk calibration.")
        out.sample("edd_model_validation_risk_questions", risk.questions)
    }
}
