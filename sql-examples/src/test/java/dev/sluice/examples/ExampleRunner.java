package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs an example's SQL file through the gateway's REST API as a user would (placeholders filled in for the test's
 * broker) and follows the jobs it starts. One per test class, next to that class's broker and gateway.
 */
final class ExampleRunner {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBrokerExtension kafka;
    private final SluiceServerExtension gateway;

    ExampleRunner(KafkaBrokerExtension kafka, SluiceServerExtension gateway) {
        this.kafka = kafka;
        this.gateway = gateway;
    }

    /** Sends the file as one script in a new session; returns the id of the last job it started. */
    String runExample(String file) throws IOException {
        JsonNode statements = gateway.api().run(gateway.api().openSession(), example(file)).get("statements");
        return statements.get(statements.size() - 1).get("job").get("id").asText();
    }

    /** The example's SQL with {@code ${KAFKA_BOOTSTRAP}} filled in. */
    String example(String file) throws IOException {
        String sql = Files.readString(Path.of(System.getProperty("sluice.examplesDir"), file))
                .replace("${KAFKA_BOOTSTRAP}", kafka.broker().bootstrapServers());
        assertThat(sql).doesNotContain("${");
        return sql;
    }

    JsonNode job(String jobId) {
        return gateway.api().get("/api/v1/jobs/" + jobId).body();
    }

    /** Waits until the job has one of these statuses; returns the job as the API shows it. */
    JsonNode awaitStatus(String jobId, String... expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        JsonNode job = job(jobId);
        while (!List.of(expected).contains(job.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            job = job(jobId);
        }
        assertThat(job.path("status").asText()).as("status of job " + jobId + ": " + job).isIn((Object[]) expected);
        return job;
    }

    void stop(String jobId) {
        gateway.api().post("/api/v1/jobs/" + jobId + ":stop", "{}");
    }

    /** Every record of a topic a finished job wrote: reads until {@code expected + 1} came or 3 s passed. */
    List<String> allRecords(String topic, int expected) {
        return kafka.broker().consume(topic, expected + 1, Duration.ofSeconds(3));
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
            out.append('"').append(field.getKey()).append("\":")
                    .append(value instanceof Number ? value.toString() : "\"" + value + "\"");
        }
        return out.append('}').toString();
    }
}
