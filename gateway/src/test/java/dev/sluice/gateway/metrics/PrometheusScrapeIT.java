package dev.sluice.gateway.metrics;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.PrometheusServer;
import dev.sluice.gateway.testing.ScrapeTokenFile;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.assertj.core.api.AbstractDoubleAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server scrapes a gateway's {@code GET /metrics} with the scrape token from a file, configured by
 * the example of docs/operations.md; after known activity (a statement validated, a query run, a policy refusal, a
 * JavaScript function called) PromQL over its HTTP API answers the expected series and values. The page's alert
 * rules pass {@code promtool check rules} and evaluate on that Prometheus.
 */
class PrometheusScrapeIT {

    private static final Duration SCRAPED = Duration.ofSeconds(60);
    private static final ScrapeTokenFile TOKEN = ScrapeTokenFile.create();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options ->
            options.set(SluiceOptions.METRICS_SCRAPE_TOKEN_FILE, TOKEN.path().toString()));

    private static PrometheusServer prometheus;

    @BeforeAll
    static void startPrometheus() throws IOException {
        URI api = URI.create(GATEWAY.apiUrl());
        String scrapeConfig = OperationsPage.yamlBlocks("Metrics")
                .get(0)
                .replace("/etc/prometheus/sluice-scrape.token", TOKEN.path().toString())
                .replace("sluice-gateway:8080", api.getHost() + ":" + api.getPort());
        prometheus = PrometheusServer.start(scrapeConfig);
    }

    @AfterAll
    static void stopPrometheus() throws IOException {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesTheGatewayAndAnswersForKnownActivity() {
        Analyst analyst = Analyst.of(GATEWAY, "metered", "metrics-analyst");
        await("Prometheus scrapes the gateway with the scrape token")
                .atMost(SCRAPED)
                .untilAsserted(() -> assertThat(prometheus.value("up{job=\"sluice\"}"))
                        .as("target %s", prometheus.target())
                        .hasValue(1.0));

        Response created = analyst.api().post("/api/v1/functions", """
                {"name": "shout", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "shout",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function shout(s) { return s.toUpperCase() + '!'; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Response tried = analyst.api().post("/api/v1/functions/shout:try", "{\"arguments\": [\"hi\"]}");
        assertThat(tried.body().get("result").asText()).isEqualTo("HI!");
        Response validated = analyst.api().post("/api/v1/statements:validate", "{\"sql\": \"SELECT 1\"}");
        assertThat(validated.body().get("valid").asBoolean())
                .as(validated.body().toString())
                .isTrue();
        String session = analyst.api().openSession();
        Response refused = analyst.api()
                .post("/api/v1/statements", "{\"sql\": \"STOP JOB 'nobody'\", \"sessionId\": \"" + session + "\"}");
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("POLICY_STATEMENT_FORBIDDEN");
        // The query runs the function in its task, where the JavaScript runtime counts the calls.
        String query = analyst.api()
                .run(
                        session,
                        "CREATE TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                                + " SELECT shout(CAST(id AS STRING)) FROM ticks")
                .get("statements")
                .get(1)
                .get("id")
                .asText();

        await("the activity's series in Prometheus").atMost(SCRAPED).untilAsserted(() -> {
            assertValue("sum(sluice_pipeline_step_seconds_count{step=\"validate\", outcome=\"ok\"})")
                    .isGreaterThanOrEqualTo(3.0);
            assertValue("sluice_pipeline_step_seconds_count{step=\"policy\", outcome=\"refused\"}")
                    .isEqualTo(1.0);
            assertValue("sluice_pipeline_step_seconds_count{step=\"admit\", outcome=\"ok\"}")
                    .isGreaterThanOrEqualTo(1.0);
            assertValue("sluice_pipeline_step_seconds_count{step=\"submit\", outcome=\"ok\"}")
                    .isGreaterThanOrEqualTo(2.0);
            assertValue("sluice_http_requests_seconds_count{method=\"POST\", route=\"/api/v1/statements:validate\","
                            + " status=\"200\"}")
                    .isEqualTo(1.0);
            assertValue("sluice_http_requests_seconds_count{method=\"POST\", route=\"/api/v1/statements\","
                            + " status=\"403\"}")
                    .isEqualTo(1.0);
            assertValue("sluice_http_requests_seconds_count{route=\"/api/v1/functions/{name}:try\"}")
                    .isEqualTo(1.0);
            assertValue("sluice_function_calls_total{tenant=\"metered\", function=\"shout\"}")
                    .isEqualTo(1.0);
            assertValue("sluice_function_errors_total{tenant=\"metered\", function=\"shout\"}")
                    .isEqualTo(0.0);
            assertValue("sluice_job_function_calls_total{tenant=\"metered\", function=\"shout\"}")
                    .isGreaterThanOrEqualTo(1.0);
            assertValue("sluice_job_function_errors_total{tenant=\"metered\", function=\"shout\"}")
                    .isEqualTo(0.0);
            assertValue("sluice_sessions{tenant=\"metered\"}").isEqualTo(1.0);
            assertValue("sluice_queries_running{tenant=\"metered\"}").isEqualTo(1.0);
            assertValue("sluice_quota_used{tenant=\"metered\", resource=\"task_slots\"}")
                    .isGreaterThanOrEqualTo(1.0);
            assertValue("sluice_quota_limit{tenant=\"metered\", resource=\"jobs\"}")
                    .isEqualTo(SluiceOptions.QUOTA_MAX_JOBS.defaultValue().doubleValue());
            assertValue("count(sluice_jobs{tenant=\"metered\"})").isEqualTo(8.0);
            assertValue("sum(jvm_memory_used_bytes{area=\"heap\"})").isPositive();
            assertValue("hikaricp_connections_usage_seconds_count{pool=\"sluice-metadata\"}")
                    .isPositive();
        });

        assertThat(analyst.api().delete("/api/v1/statements/" + query).status()).isEqualTo(204);
        await("the query's end in Prometheus")
                .atMost(SCRAPED)
                .untilAsserted(() -> assertValue("sluice_queries_running{tenant=\"metered\"}")
                        .isEqualTo(0.0));
    }

    /** The rules file of "Alerts worth setting" passes Prometheus's own checker, and each expression evaluates. */
    @Test
    void theOperationsPagesAlertRulesAreValidAndEvaluate() throws Exception {
        Path rules = Files.createTempFile("sluice-alerts-", ".yml");
        try {
            Files.writeString(
                    rules, OperationsPage.yamlBlocks("Alerts worth setting").get(0));
            Process check = new ProcessBuilder("promtool", "check", "rules", rules.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(check.getInputStream().readAllBytes());
            assertThat(check.exitValue()).as(output).isZero();
            List<String> expressions = OperationsPage.alertExpressions();
            assertThat(output).contains("SUCCESS: " + expressions.size() + " rules found");
            for (String expression : expressions) {
                assertThat(prometheus.parseError(expression)).as(expression).isEmpty();
            }
        } finally {
            Files.delete(rules);
        }
    }

    private static AbstractDoubleAssert<?> assertValue(String promql) {
        double value = prometheus.value(promql).orElseThrow(() -> new AssertionError("no sample yet for " + promql));
        return assertThat(value).as(promql);
    }
}
