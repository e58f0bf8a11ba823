package dev.sluice.gateway.metrics;

import dev.sluice.gateway.metrics.PipelineMetrics.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The names and labels of the events' meters as Prometheus reads them: a request by its route's template with its
 * bucket, a pipeline step by how it ended (a throw counts as refused and is rethrown), a function's calls with its
 * errors and stops, and function names past the bound under one label.
 */
class EventMetricsTest {

    @Test
    void requestsStepsAndCallsAreCountedUnderBoundedLabels() {
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            new RequestMetrics(metrics.registry()).served("GET", "/api/v1/jobs/{id}", 404, Duration.ofMillis(7));
            PipelineMetrics pipeline = new PipelineMetrics(metrics.registry());
            pipeline.time(Step.PLAN, () -> "planned");
            assertThatThrownBy(() -> pipeline.time(Step.POLICY, () -> {
                        throw new IllegalStateException("denied");
                    }))
                    .hasMessage("denied");
            FunctionMetrics functions =
                    new FunctionMetrics(metrics.registry(), new BoundedLabels(5), new BoundedLabels(1));
            functions.called("acme", "shout", FunctionMetrics.Outcome.STOPPED);
            functions.called("acme", "whisper", FunctionMetrics.Outcome.RETURNED);

            assertThat(metrics.scrape())
                    .contains(
                            "sluice_http_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/jobs/{id}\",status=\"404\",le=\"0.01\"} 1",
                            "sluice_pipeline_step_seconds_count{outcome=\"ok\",step=\"plan\"} 1",
                            "sluice_pipeline_step_seconds_count{outcome=\"refused\",step=\"policy\"} 1",
                            "sluice_function_calls_total{function=\"shout\",tenant=\"acme\"} 1",
                            "sluice_function_errors_total{function=\"shout\",tenant=\"acme\"} 1",
                            "sluice_function_sandbox_stops_total{function=\"shout\",tenant=\"acme\"} 1",
                            "sluice_function_calls_total{function=\"_other\",tenant=\"acme\"} 1",
                            "sluice_function_errors_total{function=\"_other\",tenant=\"acme\"} 0")
                    .doesNotContain("whisper");
        }
    }

    @Test
    void aScrapeTokenIsLongAndMatchesOnlyItself() {
        assertThatThrownBy(() -> ScrapeToken.of("short", "sluice.metrics.scrape-token-file"))
                .hasMessageContaining("sluice.metrics.scrape-token-file")
                .hasMessageContaining("at least 32");
        ScrapeToken token = ScrapeToken.of("a".repeat(40), "option");
        assertThat(token.matches("a".repeat(40))).isTrue();
        assertThat(token.matches("a".repeat(39))).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(ScrapeToken.none().matches("a".repeat(40))).isFalse();
    }
}
