import EDDCore
import EDDProtocol

/// The routes of the metrics listener: `/metrics`, `/healthz`, `/readyz` (GET or HEAD), 404 and 405 otherwise.
package struct OperationsEndpoints: Sendable {
    /// The daemon's phase and counters.
    package let state: OperationsState
    /// Set after the server exists (the server's own response counts appear in `/metrics`).
    package let responses: @Sendable () -> [(code: Int, count: Int)]

    package init(state: OperationsState, responses: @escaping @Sendable () -> [(code: Int, count: Int)]) {
        self.state = state
        self.responses = responses
    }

    /// Answers one request.
    package func respond(_ head: HTTPRequestHead) -> HTTPResponse {
        let known = ["/metrics", "/healthz", "/readyz"]
        guard known.contains(head.path) else {
            return .text(404, "not found: \(head.path.prefix(200)) (try /metrics, /healthz or /readyz)")
        }
        guard head.method == "GET" || head.method == "HEAD" else {
            return .text(405, "\(head.method) is not allowed here; use GET", headers: [("Allow", "GET, HEAD")])
        }
        switch head.path {
        case "/healthz":
            return .text(200, "ok")
        case "/readyz":
            let (ready, reason) = state.readiness
            return .text(ready ? 200 : 503, reason)
        default:
            let body = DaemonMetrics.render(state: state, responses: responses())
            return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: body)
        }
    }
}
