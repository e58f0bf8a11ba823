package dev.sluice.gateway.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Reads a job's measured figures from Flink's REST API: per vertex busy time and record rates (subtask metrics,
 * aggregated), and the last completed checkpoint's sizes and duration.
 */
public final class FlinkMetricsReader {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkMetricsReader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String VERTEX_METRICS = "busyTimeMsPerSecond,numRecordsInPerSecond,numRecordsOutPerSecond";

    private final Supplier<String> restUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param restUrl the cluster's REST address, e.g. {@code http://localhost:8081} */
    public FlinkMetricsReader(Supplier<String> restUrl) {
        this.restUrl = requireNonNull(restUrl, "restUrl is null");
    }

    /** Empty when the cluster does not answer: measured figures are a view, never a reason to fail a request. */
    public Optional<JobMetrics> read(String flinkJobId) {
        try {
            JsonNode job = get("/jobs/" + flinkJobId);
            List<JobMetrics.Vertex> vertices = new ArrayList<>();
            for (JsonNode vertex : job.path("vertices")) {
                JsonNode metrics = get("/jobs/" + flinkJobId + "/vertices/" + vertex.path("id").asText()
                        + "/subtasks/metrics?get=" + VERTEX_METRICS);
                vertices.add(new JobMetrics.Vertex(
                        vertex.path("name").asText(),
                        vertex.path("parallelism").asInt(),
                        aggregate(metrics, "busyTimeMsPerSecond", "avg"),
                        aggregate(metrics, "numRecordsInPerSecond", "sum"),
                        aggregate(metrics, "numRecordsOutPerSecond", "sum")));
            }
            JsonNode completed = get("/jobs/" + flinkJobId + "/checkpoints").path("latest").path("completed");
            return Optional.of(new JobMetrics(vertices, longOrNull(completed.path("state_size")),
                    longOrNull(completed.path("checkpointed_size")), longOrNull(completed.path("end_to_end_duration"))));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the metrics of Flink job {}", flinkJobId, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(restUrl.get() + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink answered " + response.statusCode() + " to " + path);
        }
        return mapper.readTree(response.body());
    }

    @Nullable
    private static Double aggregate(JsonNode metrics, String id, String how) {
        for (JsonNode metric : metrics) {
            if (id.equals(metric.path("id").asText()) && metric.has(how)) {
                return metric.path(how).asDouble();
            }
        }
        return null;
    }

    @Nullable
    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
