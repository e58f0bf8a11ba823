package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submit to first row: from sending a query to holding its first row, through Sluice's API (POST the statement,
 * then read result pages as fast as they can be asked for) and on plain Flink ({@code executeSql(...).collect()}).
 * Each query is cancelled after its first row, and the next one starts only once its job has ended.
 */
final class FirstRow {

    /** One query: milliseconds from submitting until the submit call returned, and until the first row. */
    record Timing(double submittedMillis, double firstRowMillis) {
        @Override
        public String toString() {
            return String.format("submitted %.0f ms, first row %.0f ms", submittedMillis, firstRowMillis);
        }
    }

    /** Per side, the submit call's return and the first row, in milliseconds. */
    record Result(Stats sluiceSubmitted, Stats sluiceFirstRow, Stats plainFlinkSubmitted, Stats plainFlinkFirstRow) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // Often enough to see a row within 10 ms, rarely enough that the polling (an HTTP request and a fetch each)
    // does not take CPU from the job starting on the same 2 cores: at 1 ms it slowed the first row by ~0.5 s.
    private static final Duration PAGE_POLL_INTERVAL = Duration.ofMillis(10);

    private final SideBySide sides;

    FirstRow(SideBySide sides) {
        this.sides = sides;
    }

    /** One unreported warm-up query per side, then {@code repeats} rounds, the two sides taking turns. */
    Result run(int repeats) throws Exception {
        throughSluice();
        onPlainFlink();
        List<Timing> sluice = new ArrayList<>();
        List<Timing> plainFlink = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            sluice.add(throughSluice());
            plainFlink.add(onPlainFlink());
            Progress.say(
                    "first row %d/%d: Sluice %s, plain Flink %s", i + 1, repeats, sluice.get(i), plainFlink.get(i));
        }
        return new Result(submitted(sluice), firstRow(sluice), submitted(plainFlink), firstRow(plainFlink));
    }

    private static Stats submitted(List<Timing> timings) {
        return Stats.of(timings.stream().map(Timing::submittedMillis).toList());
    }

    private static Stats firstRow(List<Timing> timings) {
        return Stats.of(timings.stream().map(Timing::firstRowMillis).toList());
    }

    private Timing throughSluice() throws Exception {
        ApiClient api = sides.api();
        long start = System.nanoTime();
        String statement = api.run(sides.sessionId(), Workload.FIRST_ROW_QUERY)
                .get("statements")
                .get(0)
                .get("id")
                .asText();
        long submitted = System.nanoTime();
        String pages = "/api/v1/statements/" + statement + "/results?token=";
        AtomicLong token = new AtomicLong();
        AtomicReference<String> jobId = new AtomicReference<>();
        long firstRow;
        try {
            firstRow = Timeouts.poll("The first row through Sluice", TIMEOUT, PAGE_POLL_INTERVAL, () -> {
                ApiClient.Response page = api.get(pages + token.get());
                if (page.status() != 200) {
                    throw new IllegalStateException(
                            "Reading results failed with " + page.status() + ": " + page.body());
                }
                jobId.compareAndSet(null, page.body().path("jobId").textValue());
                if (!page.body().get("rows").isEmpty()) {
                    return System.nanoTime();
                }
                JsonNode next = page.body().get("nextToken");
                if (next == null || next.isNull()) {
                    throw new IllegalStateException("The results ended without a row.");
                }
                token.set(next.asLong());
                return null;
            });
        } finally {
            api.delete("/api/v1/statements/" + statement);
        }
        awaitCancelled(jobId.get());
        return new Timing(millis(start, submitted), millis(start, firstRow));
    }

    private Timing onPlainFlink() throws Exception {
        long start = System.nanoTime();
        TableResult result = sides.plainFlink().executeSql(Workload.FIRST_ROW_QUERY);
        long submitted = System.nanoTime();
        long firstRow;
        // Closing the iterator cancels the job, as DELETE does on the Sluice side.
        try (CloseableIterator<Row> rows = result.collect()) {
            if (!Timeouts.call("The first row on plain Flink", TIMEOUT, rows::hasNext)) {
                throw new IllegalStateException("The results ended without a row.");
            }
            firstRow = System.nanoTime();
        }
        awaitCancelled(result.getJobClient().orElseThrow().getJobID().toHexString());
        return new Timing(millis(start, submitted), millis(start, firstRow));
    }

    private void awaitCancelled(String jobId) throws InterruptedException {
        if (jobId == null) {
            throw new IllegalStateException("The results never named their Flink job.");
        }
        sides.jobs().awaitEnd(jobId, TIMEOUT);
    }

    private static double millis(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e6;
    }
}
