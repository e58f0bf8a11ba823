package dev.sluice.gateway.track;

import dev.sluice.gateway.testing.ApiClient;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose output shows whether its state carried over: a sequence of numbers, ten per second of event time,
 * counted per one-second tumbling window into committed CSV files. Continued state gives every window exactly once
 * with 10 (the first, partial window has 9); a job that started over writes early windows again, a lost window
 * leaves a gap, and a window whose count restarted has less than 10.
 */
public final class WindowedCounts {

    private final Path output;

    public WindowedCounts(Path output) {
        this.output = output;
    }

    /** The script that creates the source and sink tables named with {@code suffix}. */
    public String tables(String suffix) {
        return "CREATE TABLE ticks_" + suffix
                + " (n BIGINT, ts AS TO_TIMESTAMP_LTZ(n * 100, 3), WATERMARK FOR ts AS ts)"
                + " WITH ('connector' = 'datagen', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',"
                + " 'fields.n.end' = '200000', 'rows-per-second' = '50');"
                + "CREATE TABLE counts_" + suffix + " (w STRING, n BIGINT) WITH ('connector' = 'filesystem',"
                + " 'path' = '" + output.toUri() + "', 'format' = 'csv',"
                + " 'sink.rolling-policy.rollover-interval' = '1 s', 'sink.rolling-policy.check-interval' = '1 s')";
    }

    public String insert(String suffix) {
        return "INSERT INTO counts_" + suffix + " SELECT CAST(window_start AS STRING), COUNT(*)"
                + " FROM TABLE(TUMBLE(TABLE ticks_" + suffix + ", DESCRIPTOR(ts), INTERVAL '1' SECOND))"
                + " GROUP BY window_start, window_end";
    }

    /** Creates the tables named with {@code suffix} in a new session of the gateway and starts the INSERT; returns the job's id. */
    public String start(ApiClient api, String suffix) {
        String session = api.openSession();
        api.run(session, tables(suffix));
        return api.run(session, insert(suffix))
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
    }

    /** Every committed output row as (window, count) lines, in file order; in-progress files are hidden. */
    public List<String> rows() {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(output)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(".")
                            && !file.getFileName().toString().startsWith("_"))
                    .sorted()
                    .flatMap(WindowedCounts::lines)
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times each window was written, by window. */
    public NavigableMap<String, Long> timesWritten() {
        return rows().stream()
                .collect(Collectors.groupingBy(WindowedCounts::window, TreeMap::new, Collectors.counting()));
    }

    /** The counts written, by window; a window written twice keeps its last count. */
    public NavigableMap<String, Long> counts() {
        return rows().stream()
                .collect(Collectors.toMap(
                        WindowedCounts::window,
                        line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1)),
                        (a, b) -> b,
                        TreeMap::new));
    }

    /** Every window from the first to the last is there, and all but the first (partial) one counted 10 numbers. */
    public void assertEveryWindowThereAndComplete() {
        NavigableMap<String, Long> counts = counts();
        List<String> windows = new ArrayList<>(counts.keySet());
        LocalDateTime first = LocalDateTime.parse(windows.get(0).replace(' ', 'T'));
        for (int i = 0; i < windows.size(); i++) {
            assertThat(LocalDateTime.parse(windows.get(i).replace(' ', 'T')))
                    .as("window %d of %s", i, windows)
                    .isEqualTo(first.plusSeconds(i));
        }
        assertThat(counts.entrySet().stream().skip(1))
                .allSatisfy(
                        entry -> assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(10L));
    }

    /** Waits until the committed output satisfies {@code condition}. */
    public void await(String what, Predicate<WindowedCounts> condition, Duration timeout) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    if (!condition.test(this)) {
                        throw new AssertionError("output so far: " + rows());
                    }
                });
    }

    private static String window(String line) {
        // The CSV format quotes a window start, which holds a space.
        return line.substring(0, line.lastIndexOf(',')).replace("\"", "");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
