package dev.sluice.tests.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.ValidatorThreads;
import dev.sluice.tests.fuzz.AnswerCheck.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds {@value #REQUESTS} generated malformed or mutated scripts (and the extremes of
 * {@link RequestGenerator#landmarks}) to {@code POST /api/v1/statements:validate} from several clients at once. Every
 * answer must be a 200 with the validation body, positions inside the script, or a 4xx with the error body, within
 * the validation timeout plus a margin; afterwards the gateway must still validate and run, with no validator or
 * session thread left behind.
 *
 * <p>Reproduce a run with {@code -Dsluice.fuzz.seed=N}; the report names the seed and each failing request's index.
 */
class ValidationFuzzIT {

    private static final int REQUESTS = 10_000;
    private static final long SEED = Long.getLong("sluice.fuzz.seed", 20261123L);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    // Room for queueing at the HTTP layer, reading a 1 MiB body and a GC pause on a busy 2-core machine.
    private static final Duration ANSWER_BOUND = VALIDATION_TIMEOUT.plusSeconds(3);
    private static final int CLIENTS = 4;
    // Catches a gateway that stops answering, not a slow one (each answer has its own bound; speed is measured by
    // benchmarks/run validation): the run takes about 100 s on a quiet 2-core machine and over 270 s while other builds
    // run, so what fails it is a stretch without any answer, several times the longest an answer may take.
    private static final Duration STALL_BOUND = ANSWER_BOUND.multipliedBy(4);
    private static final int VALIDATION_PARALLELISM = 4;
    private static final List<String> WATCHED_THREADS = List.of("sluice-validator", "sql-gateway-operation-pool");

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.VALIDATION_TIMEOUT, VALIDATION_TIMEOUT);
        options.set(SluiceOptions.VALIDATION_PARALLELISM, VALIDATION_PARALLELISM);
    });

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void everyMalformedScriptGetsAClearAnswerInTimeAndTheGatewayStaysHealthy() throws Exception {
        warmUp();
        assertHealthy();
        Map<String, Long> threadsBefore = watchedThreads();

        RequestGenerator generator = new RequestGenerator(SEED);
        List<FuzzRequest> landmarks = RequestGenerator.landmarks(REQUESTS);
        FuzzTally tally = new FuzzTally();
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger answered = new AtomicInteger();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int index = 0; index < REQUESTS + landmarks.size(); index++) {
                int number = index;
                sent.add(clients.submit(() -> {
                    FuzzRequest request =
                            number < REQUESTS ? generator.request(number) : landmarks.get(number - REQUESTS);
                    Answer answer = send(request);
                    tally.record(request, answer, AnswerCheck.problems(request, answer, ANSWER_BOUND));
                    answered.incrementAndGet();
                    return null;
                }));
            }
            clients.shutdown();
            int before = -1;
            while (!clients.awaitTermination(STALL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                if (answered.get() == before) {
                    tally.unanswered("no answer for " + STALL_BOUND + " after " + before + " answers");
                    break;
                }
                before = answered.get();
            }
            for (Future<?> request : sent) {
                if (request.isDone()) {
                    request.get();
                }
            }
        } finally {
            clients.shutdownNow();
            System.out.println(tally.report(SEED, (System.nanoTime() - start) / 1_000_000));
        }

        assertThat(tally.problems()).as("answers that break the contract").isEmpty();
        assertThat(tally.distinctDiagnosticCodes())
                .as("distinct diagnostic codes")
                .isGreaterThanOrEqualTo(2);
        assertThat(tally.distinctErrorCodes()).as("distinct error codes").isGreaterThanOrEqualTo(3);
        assertThat(ValidatorThreads.busyAfter(ANSWER_BOUND))
                .as("validator threads still working")
                .isEmpty();
        assertHealthy();
        Map<String, Long> threadsAfter = watchedThreads();
        System.out.println("Threads before " + threadsBefore + ", after " + threadsAfter);
        assertThat(threadsAfter.getOrDefault("sluice-validator", 0L)).isLessThanOrEqualTo(VALIDATION_PARALLELISM);
        // Validation never runs an operation, so Flink's operation pool must not have grown.
        assertThat(threadsAfter.getOrDefault("sql-gateway-operation-pool", 0L))
                .isLessThanOrEqualTo(threadsBefore.getOrDefault("sql-gateway-operation-pool", 0L) + 1);
    }

    private Answer send(FuzzRequest request) throws IOException, InterruptedException {
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(GATEWAY.apiUrl() + "/api/v1/statements:validate"))
                .header("Authorization", "Bearer " + GATEWAY.adminToken())
                .header("Content-Type", "application/json")
                // Far beyond the bound: a hung request fails the check instead of the whole run.
                .timeout(ANSWER_BOUND.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        JsonNode body;
        try {
            body = MAPPER.readTree(response.body());
        } catch (IOException notJson) {
            body = null;
        }
        return new Answer(response.statusCode(), body, elapsed);
    }

    /** The first validation loads the planner's classes, which on a busy machine takes longer than the timeout. */
    private static void warmUp() {
        GATEWAY.api().awaitValid("SELECT 1", Duration.ofSeconds(120));
    }

    /** A normal script validates as valid, and a normal query runs and returns its row. */
    private static void assertHealthy() {
        Response validation = GATEWAY.api()
                .post(
                        "/api/v1/statements:validate",
                        MAPPER.createObjectNode().put("sql", StreamingSqlCorpus.SCRIPTS.get(0)));
        assertThat(validation.status()).isEqualTo(200);
        assertThat(validation.body().get("valid").asBoolean())
                .as(validation.body().toString())
                .isTrue();

        JsonNode query = GATEWAY.api()
                .run(null, "SELECT 40 + 2 AS answer")
                .get("statements")
                .get(0);
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("fields").get(0).asInt()).isEqualTo(42);
    }

    private static Map<String, Long> watchedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .flatMap(name -> WATCHED_THREADS.stream().filter(name::startsWith))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
