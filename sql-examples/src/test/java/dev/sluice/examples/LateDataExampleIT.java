package dev.sluice.examples;

import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.examples.SlidingWindowExampleIT.view;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Example 7 ({@code late-data/}): the hourly window sliding by a minute, without allowed lateness (late views routed
 * to their own topic and counted) and with 2 minutes of it (fired windows updated), on the same input. The README
 * explains each number.
 */
class LateDataExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY);

    @BeforeAll
    static void produceViews() {
        KAFKA.broker().createTopic("section-views", 1);
        KAFKA.broker()
                .produce(
                        "section-views",
                        List.of(
                                view("u1", "news", "10:00:10"),
                                view("u2", "news", "10:00:20"),
                                view(
                                        "u3",
                                        "news",
                                        "10:05:00"), // watermark 10:04:55: the windows ending 10:01-10:04 fire
                                view("u4", "news", "10:00:30"), // late: its windows ending 10:01-10:04 have fired
                                view(
                                        "u5",
                                        "news",
                                        "10:04:58"))); // out of order but on time: its first window ends 10:05
    }

    @Test
    void withoutAllowedLatenessFiredWindowsStayAndLateViewsAreRoutedAside() throws Exception {
        String job = runner.runExample("late-data/late-data-dropped.sql");
        runner.awaitStatus(job, "FINISHED");

        List<String> expected = new ArrayList<>();
        expected.addAll(windows("10:01", "10:04", 2)); // u1, u2: u4 came after these fired
        expected.addAll(windows("10:05", "10:05", 4)); // u1, u2, u4, u5 (u3 at 10:05:00 is past the end)
        expected.addAll(windows("10:06", "11:00", 5)); // all five
        expected.addAll(windows("11:01", "11:04", 2)); // u5, u3
        expected.addAll(windows("11:05", "11:05", 1)); // u3
        // One key: the windows fire in the order of their ends.
        assertThat(runner.allRecords("section-hours", expected.size())).containsExactlyElementsOf(expected);
        // The count of late views is the record count of their topic: one, u4.
        assertThat(runner.allRecords("late-section-views", 1))
                .containsExactly(ExampleRunner.json(
                        entry("user_id", "u4"),
                        entry("section", "news"),
                        entry("ts", "2026-11-23 10:00:30"),
                        entry("watermark_at_arrival", "2026-11-23 10:04:55")));
    }

    @Test
    void withTwoMinutesOfAllowedLatenessTheLateViewUpdatesTheWindowsStillKept() throws Exception {
        String job = runner.runExample("late-data/late-data-allowed-lateness.sql");
        runner.awaitStatus(job, "FINISHED");

        List<String> records = runner.allRecords("section-hours-updated", 69);
        assertThat(records).hasSize(69);
        // Fired by the watermark 10:04:55, before u4 arrives.
        assertThat(records.subList(0, 4)).containsExactlyElementsOf(windows("10:01", "10:04", 2));
        // u4 arrives: the windows ending 10:03 and 10:04 are within 2 minutes of the watermark and fire again with
        // it; those ending 10:01 and 10:02 are past the allowed lateness and keep 2. Each update reaches the topic
        // as a tombstone (null) for the window's key, then its new value.
        assertThat(records.get(4)).isNull();
        assertThat(records.get(6)).isNull();
        assertThat(List.of(records.get(5), records.get(7)))
                .containsExactlyInAnyOrderElementsOf(windows("10:03", "10:04", 3));
        List<String> rest = new ArrayList<>();
        rest.addAll(windows("10:05", "10:05", 4));
        rest.addAll(windows("10:06", "11:00", 5));
        rest.addAll(windows("11:01", "11:04", 2));
        rest.addAll(windows("11:05", "11:05", 1));
        assertThat(records.subList(8, records.size())).containsExactlyElementsOf(rest);
    }

    /** One record per window ending from {@code first} to {@code last}, each minute, all counting {@code users} views of as many users. */
    private static List<String> windows(String first, String last, int users) {
        List<String> windows = new ArrayList<>();
        for (LocalTime end = LocalTime.parse(first); !end.isAfter(LocalTime.parse(last)); end = end.plusMinutes(1)) {
            windows.add(ExampleRunner.json(
                    entry("section", "news"),
                    entry("window_end", "2026-11-23 " + end + ":00"),
                    entry("users", users),
                    entry("view_count", users)));
        }
        return windows;
    }
}
