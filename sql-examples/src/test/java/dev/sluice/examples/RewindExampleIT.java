package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBroker.TimedValue;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Example 8 ({@code rewind/}): a job stopped with a savepoint, changed compatibly and started again from it, going on
 * exactly where it stopped; then a past period recomputed from the topic's offsets at a timestamp into a separate
 * table. The README explains each number.
 */
class RewindExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @RegisterExtension
    static final ExampleSchema DATABASE = new ExampleSchema("rewind", "rewind/postgres-tables.sql");

    private final TestPostgres postgres = DATABASE.postgres();
    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY, postgres);

    @Test
    void aChangedJobGoesOnFromTheSavepointAndAPastPeriodIsRestatedApart() throws Exception {
        KAFKA.broker().createTopic("plays", 1);
        KAFKA.broker()
                .produceTimed(
                        "plays",
                        List.of(
                                play("u1", "t1", "10:00:05"),
                                play("test-1", "t1", "10:00:20"),
                                play("u2", "t2", "10:00:40"),
                                play("u3", "t1", "10:01:10"), // watermark 10:01:05: the 10:00 windows fire
                                play("test-2", "t1", "10:01:30")));
        String version1 = ExampleRunner.jobOf(runner.api()
                .run(
                        runner.api().openSession(),
                        runner.example("rewind/tables.sql") + "\n" + runner.example("rewind/counts-v1.sql")));
        runner.awaitRows(live(), List.of("t1,2026-11-23 10:00:00,2", "t2,2026-11-23 10:00:00,1"));

        // Stop with a savepoint: the 10:01 window is open, holding u3 and test-2.
        JsonNode stopped = runner.api()
                .post("/api/v1/jobs/" + version1 + ":stop", "{\"savepoint\": true}")
                .body();
        assertThat(stopped.get("status").asText()).as(stopped.toString()).isEqualTo("STOPPED");
        String savepoint = stopped.get("savepoints").get(0).get("path").asText();

        // Plays go on arriving while no job runs.
        KAFKA.broker()
                .produceTimed(
                        "plays",
                        List.of(
                                play("test-3", "t1", "10:01:40"),
                                play("u4", "t2", "10:02:10"), // watermark 10:02:05: the 10:01 windows fire
                                play("u5", "t2", "10:03:00"),
                                play("u6", "t1", "10:03:10"))); // watermark 10:03:05: the 10:02 windows fire
        String version2 = ExampleRunner.jobOf(runner.api()
                .run(
                        runner.api().openSession(),
                        runner.example("rewind/tables.sql") + "\n"
                                + runner.example("rewind/counts-v2.sql", Map.of("SAVEPOINT", savepoint))));
        runner.awaitRows(
                live(),
                List.of(
                        "t1,2026-11-23 10:00:00,2",
                        "t1,2026-11-23 10:01:00,2", // u3 and test-2 from version 1's state; test-3 no longer counts
                        "t2,2026-11-23 10:00:00,1",
                        "t2,2026-11-23 10:02:00,1")); // u4; read once, from the savepoint's offsets
        runner.stop(version2);

        // Version 2's figures for 10:00-10:02, from the offsets of those instants, into the restated table.
        String restatement = ExampleRunner.jobOf(runner.api()
                .run(
                        runner.api().openSession(),
                        runner.example("rewind/tables.sql") + "\n"
                                + runner.example(
                                        "rewind/restate-period.sql",
                                        Map.of(
                                                "FROM_MILLIS",
                                                String.valueOf(millis("10:00:00")),
                                                "TO_MILLIS",
                                                String.valueOf(millis("10:02:00"))))));
        runner.awaitStatus(restatement, "FINISHED");
        assertThat(postgres.rows(query("plays_per_minute_restated")))
                .containsExactly(
                        "t1,2026-11-23 10:00:00,1", // u1 (test-1 filtered)
                        "t1,2026-11-23 10:01:00,1", // u3 (test-2, test-3 filtered)
                        "t2,2026-11-23 10:00:00,1"); // u2; u4 at 10:02:10 is after the period
    }

    private String live() {
        return query("plays_per_minute");
    }

    private String query(String table) {
        return "SELECT title, minute_start, plays FROM " + postgres.schema() + "." + table
                + " ORDER BY title, minute_start";
    }

    /** A play whose Kafka record carries the play's own time, as the example's producers do. */
    private static TimedValue play(String user, String title, String time) {
        return new TimedValue(
                millis(time),
                ExampleRunner.json(entry("user_id", user), entry("title", title), entry("ts", "2026-11-23 " + time)));
    }

    private static long millis(String time) {
        return LocalDateTime.parse("2026-11-23T" + time)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }
}
