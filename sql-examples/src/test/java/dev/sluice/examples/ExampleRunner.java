package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs an example's SQL file through the gateway's REST API as a user would (placeholders filled in for the test's
 * broker and database) and follows the jobs it starts. One per test class, next to that class's broker and gateway.
 */
final class ExampleRunner {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBrokerExtension kafka;
    private final SluiceServerExtension gateway;

    @Nullable
    private final TestPostgres postgres;

    ExampleRunner(KafkaBrokerExtension kafka, SluiceServerExtension gateway) {
        this(kafka, gateway, null);
    }

    /** With a database: the files' {@code ${POSTGRES_*}} and {@code ${SCHEMA}} placeholders name it. */
    ExampleRunner(KafkaBrokerExtension kafka, SluiceServerExtension gateway, @Nullable TestPostgres postgres) {
        this.kafka = kafka;
        this.gateway = gateway;
        this.postgres = postgres;
    }

    ApiClient api() {
        return gateway.api();
    }

    /** Sends the file as one script in a new session; returns the id of the last job it started. */
    String runExample(String file) throws IOException {
        return jobOf(api().run(api().openSession(), example(file)));
    }

    /** The example's SQL with its placeholders filled in. */
    String example(String file) throws IOException {
        return example(file, Map.of());
    }

    /** The example's SQL with its placeholders and these further ones (name to value) filled in. */
    String example(String file, Map<String, String> placeholders) throws IOException {
        String text = Files.readString(Path.of(System.getProperty("sluice.examplesDir"), file));
        Map<String, String> values = new LinkedHashMap<>(placeholders);
        values.put("KAFKA_BOOTSTRAP", kafka.broker().bootstrapServers());
        if (postgres != null) {
            values.put("POSTGRES_URL", postgres.url());
            values.put("POSTGRES_USER", postgres.user());
            values.put("POSTGRES_PASSWORD", postgres.password());
            values.put("SCHEMA", postgres.schema());
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        assertThat(text).doesNotContain("${");
        return text;
    }

    /** The id of the last job a script's answer reports. */
    static String jobOf(JsonNode response) {
        JsonNode statements = response.get("statements");
        return statements.get(statements.size() - 1).get("job").get("id").asText();
    }

    JsonNode job(String jobId) {
        return api().get("/api/v1/jobs/" + jobId).body();
    }

    String status(String jobId) {
        return job(jobId).path("status").asText();
    }

    /** Waits until the job has this status; returns the job as the API shows it. */
    JsonNode awaitStatus(String jobId, String status) {
        return api().awaitJobStatus(jobId, status, JOB_TIMEOUT);
    }

    void stop(String jobId) {
        api().post("/api/v1/jobs/" + jobId + ":stop", "{}");
    }

    /** Every record of a topic a finished job wrote: reads until {@code expected + 1} came or 3 s passed. */
    List<String> allRecords(String topic, int expected) {
        return kafka.broker().consume(topic, expected + 1, Duration.ofSeconds(3));
    }

    /** Waits until a trusted query of the test's database returns exactly these rows, in order. */
    void awaitRows(String query, List<String> expected) {
        assertThat(postgres).as("this runner has no database").isNotNull();
        await("the rows of " + query)
                .atMost(ROWS_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(postgres.rows(query)).containsExactlyElementsOf(expected));
    }

    /** A JSON record of fields in this order; values that are numbers stay numbers. */
    @SafeVarargs
    static String json(Map.Entry<String, ?>... fields) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> field : fields) {
            if (out.length() > 1) {
                out.append(',');
            }
            Object value = field.getValue();
            out.append('"')
                    .append(field.getKey())
                    .append("\":")
                    .append(value instanceof Number ? value.toString() : "\"" + value + "\"");
        }
        return out.append('}').toString();
    }
}
