package dev.sluice.examples;

import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Example 6 ({@code sliding-window/}): every view enriched with the distinct users of its section over the hour that
 * ends at the next whole minute, through the gateway against a real broker. The README explains each number.
 */
class SlidingWindowExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY);

    @Test
    void everyViewIsEnrichedWithTheDistinctUsersOfItsHour() throws Exception {
        KAFKA.broker().createTopic("section-views", 1);
        KAFKA.broker()
                .produce(
                        "section-views",
                        List.of(
                                view("u1", "news", "10:00:10"),
                                view("u2", "news", "10:00:40"),
                                view(
                                        "u4",
                                        "news",
                                        "10:00:37"), // 3 s out of order: on time (the watermark is 5 s behind)
                                view("u1", "news", "10:01:20"),
                                view("u3", "sports", "10:02:05"),
                                view("u2", "news", "10:30:00"),
                                view("u2", "news", "11:00:30")));

        String job = runner.runExample("sliding-window/sliding-window.sql");
        runner.awaitStatus(job, "FINISHED");

        // One output per view; the interval join emits them in no fixed order.
        assertThat(runner.allRecords("section-views-enriched", 7))
                .containsExactlyInAnyOrder(
                        enriched("u1", "news", "10:00:10", "10:01:00", 3, 3),
                        enriched("u2", "news", "10:00:40", "10:01:00", 3, 3),
                        enriched("u4", "news", "10:00:37", "10:01:00", 3, 3),
                        enriched("u1", "news", "10:01:20", "10:02:00", 3, 4),
                        enriched("u3", "sports", "10:02:05", "10:03:00", 1, 1),
                        enriched("u2", "news", "10:30:00", "10:31:00", 3, 5),
                        // 10:01-11:01 no longer holds the three views before 10:01; u2 is in it twice, counted once.
                        enriched("u2", "news", "11:00:30", "11:01:00", 2, 3));
    }

    static String view(String user, String section, String time) {
        return ExampleRunner.json(entry("user_id", user), entry("section", section), entry("ts", "2026-11-23 " + time));
    }

    private static String enriched(String user, String section, String time, String hourEnd, int users, int views) {
        return ExampleRunner.json(
                entry("user_id", user),
                entry("section", section),
                entry("ts", "2026-11-23 " + time),
                entry("hour_end", "2026-11-23 " + hourEnd),
                entry("hour_users", users),
                entry("hour_views", views));
    }
}
