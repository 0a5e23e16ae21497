import Testing

@testable import EDDServer

/// The exposition writer against the test's own parser, and the parser against broken text (it must be
/// able to fail for the end-to-end checks to mean anything).
@Suite struct PrometheusTextTests {
    @Test func labelValuesRoundTripThroughEscaping() throws {
        var out = PrometheusText()
        out.family("edd_model_info", .gauge, help: "a help with \\ and\nnewline")
        let nasty = "a\"b\\c\nd é"
        out.sample("edd_model_info", [("id", nasty), ("path", "/x")], 1)
        out.sample("edd_other", 0.000131072)
        let parsed = try PrometheusExposition(out.text)
        #expect(parsed.value("edd_model_info", ["id": nasty, "path": "/x"]) == 1)
        #expect(parsed.value("edd_other") == 0.000131072)
        #expect(out.text.contains(#"# HELP edd_model_info a help with \\ and\nnewline"#))
    }

    @Test func numbersAreSpelledAsGoParsesThem() {
        #expect(PrometheusText.number(3) == "3")
        #expect(PrometheusText.number(-2) == "-2")
        #expect(PrometheusText.number(1.5) == "1.5")
        #expect(PrometheusText.number(2.56e-07) == "2.56e-07")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
        #expect(PrometheusText.number(1796132991.25) == "1796132991.25")
    }

    @Test(arguments: [
        "x_total 1",  // no trailing newline
        "# TYPE x counter\nx 1\n",  // counter without _total
        "# TYPE x_total counter\n# TYPE x_total counter\n",
        "bad-name 1\n",
        "x{a=\"b\\q\"} 1\n",
        "x{a=\"b} 1\n",
        "x{1a=\"b\"} 1\n",
        "x one\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 2\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n",
    ])
    func brokenExpositionIsRejected(text: String) {
        #expect(throws: PrometheusExposition.Invalid.self) { try PrometheusExposition(text) }
    }

    @Test func aWellFormedHistogramIsAccepted() throws {
        let text =
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 3\nh_bucket{le=\"+Inf\"} 3\nh_sum 4.5\nh_count 3\n"
        #expect(try PrometheusExposition(text).value("h_count") == 3)
    }
}
