package dev.sluice.examples;

import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Example 4 ({@code impressions-plays/}): the take rate per title and hour from an interval join of impressions with
 * plays on event time, out-of-order input included, and the plays that follow no impression routed to their own
 * topic and counted. The README explains each number.
 */
class ImpressionsPlaysExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @RegisterExtension
    static final ExampleSchema DATABASE = new ExampleSchema("impressions", "impressions-plays/postgres-tables.sql");

    private final TestPostgres postgres = DATABASE.postgres();
    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY, postgres);

    @Test
    void takeRatesPerTitleAndHourAndEveryPlayWithoutImpressionCounted() throws Exception {
        KAFKA.broker().createTopic("impressions", 1);
        KAFKA.broker().createTopic("plays", 1);
        KAFKA.broker()
                .produce(
                        "impressions",
                        List.of(
                                impression("i1", "u1", "t1", "10:00:00"),
                                impression("i3", "u3", "t2", "10:02:00"),
                                impression(
                                        "i2",
                                        "u2",
                                        "t1",
                                        "10:01:50"), // 10 s out of order: on time (the watermark is 30 s behind)
                                impression("i4", "u1", "t2", "10:05:00"),
                                impression("i5", "u4", "t1", "10:58:00"),
                                impression("i6", "u2", "t1", "11:10:00")));
        KAFKA.broker()
                .produce(
                        "plays",
                        List.of(
                                play("u1", "t1", "10:03:20"),
                                play(
                                        "u1",
                                        "t1",
                                        "10:03:00"), // 20 s out of order; i1's second play: i1 still counts once
                                play("u3", "t2", "10:20:00"), // 18 minutes after i3: too late to be its play
                                play("u9", "t3", "10:30:00"), // no impression at all
                                play("u4", "t1", "11:02:00"), // i5's, in the next hour: counted in i5's hour
                                play("u2", "t1", "11:09:50"), // before i6, and i2 is an hour earlier
                                play("u2", "t1", "11:15:00")));

        String job = runner.runExample("impressions-plays/impressions-plays.sql");
        runner.awaitStatus(job, "FINISHED");

        assertThat(postgres.rows("SELECT title, hour_start, impressions, taken, take_rate FROM " + postgres.schema()
                        + ".take_rates ORDER BY title, hour_start"))
                .containsExactly(
                        "t1,2026-11-23 10:00:00,3,2,0.667", // i1 and i5 taken, i2 not
                        "t1,2026-11-23 11:00:00,1,1,1", // i6
                        "t2,2026-11-23 10:00:00,2,0,0"); // i3, i4
        assertThat(runner.allRecords("orphan-plays", 3))
                .containsExactlyInAnyOrder(
                        play("u3", "t2", "10:20:00"), play("u9", "t3", "10:30:00"), play("u2", "t1", "11:09:50"));
        assertThat(postgres.rows("SELECT hour_start, plays FROM " + postgres.schema()
                        + ".orphan_plays_per_hour ORDER BY hour_start"))
                .containsExactly("2026-11-23 10:00:00,2", "2026-11-23 11:00:00,1");
    }

    private static String impression(String id, String user, String title, String time) {
        return ExampleRunner.json(
                entry("impression_id", id),
                entry("user_id", user),
                entry("title", title),
                entry("ts", "2026-11-23 " + time));
    }

    private static String play(String user, String title, String time) {
        return ExampleRunner.json(entry("user_id", user), entry("title", title), entry("ts", "2026-11-23 " + time));
    }
}
