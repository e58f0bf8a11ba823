package dev.sluice.gateway.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads what Flink's REST API says of a job: its measured figures (per vertex busy and back-pressured time and record
 * rates, subtask metrics aggregated; the sources' own output; the last completed checkpoint's sizes and duration)
 * and its plan (vertices and
 * the edges between them).
 */
public final class FlinkMetricsReader {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkMetricsReader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> VERTEX_METRICS = List.of(
            "busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "numRecordsInPerSecond", "numRecordsOutPerSecond");
    /** A source operator's own output rate, e.g. {@code Source__clicks[1].numRecordsOutPerSecond}. */
    private static final Pattern SOURCE_OUTPUT_RATE = Pattern.compile("Source__.*\\.numRecordsOutPerSecond");

    private final Supplier<String> restUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
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
            Double recordsRead = null;
            for (JsonNode vertex : job.path("vertices")) {
                String path =
                        "/jobs/" + flinkJobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
                String name = vertex.path("name").asText();
                // A source's task also runs the operators chained to it (a local window aggregation, a filter), so
                // the task's output is theirs: what the job reads is the source operator's own output.
                List<String> sourceRates = name.startsWith("Source:") ? ids(path, SOURCE_OUTPUT_RATE) : List.of();
                List<String> wanted = new ArrayList<>(VERTEX_METRICS);
                wanted.addAll(sourceRates);
                JsonNode metrics =
                        get(path + "?get=" + URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8));
                vertices.add(new JobMetrics.Vertex(
                        name,
                        vertex.path("parallelism").asInt(),
                        aggregate(metrics, "busyTimeMsPerSecond", "avg"),
                        aggregate(metrics, "backPressuredTimeMsPerSecond", "avg"),
                        aggregate(metrics, "numRecordsInPerSecond", "sum"),
                        aggregate(metrics, "numRecordsOutPerSecond", "sum")));
                for (String sourceRate : sourceRates) {
                    Double rate = aggregate(metrics, sourceRate, "sum");
                    if (rate != null) {
                        recordsRead = (recordsRead == null ? 0 : recordsRead) + rate;
                    }
                }
            }
            JsonNode completed =
                    get("/jobs/" + flinkJobId + "/checkpoints").path("latest").path("completed");
            return Optional.of(new JobMetrics(
                    vertices,
                    recordsRead,
                    longOrNull(completed.path("state_size")),
                    longOrNull(completed.path("checkpointed_size")),
                    longOrNull(completed.path("end_to_end_duration"))));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the metrics of Flink job {}", flinkJobId, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The job's metrics whose ids {@code wanted} accepts (the tasks' own and their functions', e.g.
     * {@code Calc[2].sluice_js_function.shout.calls}), each summed over the subtasks of its vertex and over the vertices.
     * Empty when the cluster does not answer: these figures are a view, never a reason to fail a request.
     */
    public Map<String, Long> counters(String flinkJobId, Predicate<String> wanted) {
        Map<String, Long> counters = new TreeMap<>();
        try {
            for (JsonNode vertex : get("/jobs/" + flinkJobId).path("vertices")) {
                String path =
                        "/jobs/" + flinkJobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
                List<String> ids = new ArrayList<>();
                for (JsonNode metric : get(path)) {
                    String id = metric.path("id").asText();
                    if (wanted.test(id)) {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                for (JsonNode metric : get(
                        path + "?agg=sum&get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                    if (metric.has("sum")) {
                        counters.merge(
                                metric.path("id").asText(), metric.path("sum").asLong(), Long::sum);
                    }
                }
            }
            return counters;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the counters of Flink job {}", flinkJobId, e);
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /**
     * The job's vertices and the edges between them (the inputs of its plan's nodes), from the job's details.
     *
     * @return empty when the cluster does not know the job (any more)
     * @throws IOException when the cluster does not answer, or answers with an error
     */
    public Optional<JobPlan> plan(String flinkJobId) throws IOException, InterruptedException {
        String path = "/jobs/" + flinkJobId;
        HttpResponse<String> response = send(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode job = body(response, path);
        List<JobPlan.Vertex> vertices = new ArrayList<>();
        for (JsonNode vertex : job.path("vertices")) {
            vertices.add(new JobPlan.Vertex(
                    vertex.path("id").asText(),
                    vertex.path("name").asText(),
                    vertex.path("parallelism").asInt()));
        }
        List<JobPlan.Edge> edges = new ArrayList<>();
        for (JsonNode node : job.path("plan").path("nodes")) {
            for (JsonNode input : node.path("inputs")) {
                edges.add(new JobPlan.Edge(
                        input.path("id").asText(),
                        node.path("id").asText(),
                        input.path("ship_strategy").asText("")));
            }
        }
        return Optional.of(new JobPlan(vertices, edges));
    }

    /** The ids of a vertex's subtask metrics that {@code pattern} matches: operators' metrics are named by them. */
    private List<String> ids(String metricsPath, Pattern pattern) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode metric : get(metricsPath)) {
            String id = metric.path("id").asText();
            if (pattern.matcher(id).matches()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return body(send(path), path);
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(restUrl.get() + path))
                        .timeout(TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response, String path) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("Flink answered " + response.statusCode() + " to " + path);
        }
        return mapper.readTree(response.body());
    }

    @Nullable
    private static Double aggregate(JsonNode metrics, String id, String how) {
        for (JsonNode metric : metrics) {
            if (id.equals(metric.path("id").asText()) && metric.has(how)) {
                // Flink reports NaN where it cannot measure, e.g. the busy time of a legacy source's task.
                double value = metric.path(how).asDouble();
                return Double.isFinite(value) ? value : null;
            }
        }
        return null;
    }

    @Nullable
    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
