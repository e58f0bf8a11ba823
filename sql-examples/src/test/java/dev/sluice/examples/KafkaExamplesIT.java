package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the examples' SQL files, as a user would, through the gateway's REST API against a real Kafka broker (its own
 * JVM) and the PostgreSQL of {@code ./sluice test}, and checks the exact rows they write.
 */
class KafkaExamplesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @RegisterExtension
    static final ExampleSchema DATABASE = new ExampleSchema("examples");

    private final TestPostgres postgres = DATABASE.postgres();
    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY, postgres);

    @Test
    void materializedViewReplayedAfterAFailureLeavesTheTableCorrect() throws Exception {
        postgres.execute("CREATE TABLE " + postgres.schema() + ".plays_per_title"
                + " (title VARCHAR(64) PRIMARY KEY, plays BIGINT NOT NULL, users BIGINT NOT NULL)");
        KAFKA.broker().createTopic("title-plays", 1);
        KAFKA.broker()
                .produce(
                        "title-plays",
                        List.of(
                                play("t1", "u1", "10:00:00"),
                                play("t1", "u2", "10:00:05"),
                                play("t2", "u1", "10:00:07"),
                                play("t1", "u1", "10:01:00")));
        String session = GATEWAY.api().openSession();
        String script = runner.example("materialized-view/materialized-view.sql");

        runner.awaitStatus(ExampleRunner.jobOf(GATEWAY.api().run(session, script)), "FINISHED");
        List<String> expected = List.of("t1,3,2", "t2,1,1");
        assertThat(postgres.rows(viewQuery())).containsExactlyElementsOf(expected);

        // A run that died half-way left a wrong row behind; replaying the topic upserts every key again.
        postgres.execute("UPDATE " + postgres.schema() + ".plays_per_title SET plays = 999 WHERE title = 't1'");
        String insertOnly = script.substring(script.indexOf("INSERT INTO"));
        runner.awaitStatus(ExampleRunner.jobOf(GATEWAY.api().run(session, insertOnly)), "FINISHED");
        assertThat(postgres.rows(viewQuery())).containsExactlyElementsOf(expected);
    }

    @Test
    void routerKeepsHealthyPathsFlowingWhenIsolatedAndOneSinkIsDown() throws Exception {
        String signups = postgres.schema() + ".signups";
        postgres.execute("CREATE TABLE " + signups + " (user_id VARCHAR(64) PRIMARY KEY, ts TIMESTAMP(3))");
        KAFKA.broker().createTopic("events", 1);
        KAFKA.broker()
                .produce(
                        "events",
                        List.of(
                                event("impression", "u1", "t1", "10:00:00"),
                                event("play", "u1", "t1", "10:00:02"),
                                event("signup", "u2", null, "10:00:03"),
                                event("impression", "u2", "t2", "10:00:04"),
                                event("other", "u3", "t1", "10:00:05")));
        List<String> impressions = List.of(out("u1", "t1", "10:00:00"), out("u2", "t2", "10:00:04"));
        List<String> plays = List.of(out("u1", "t1", "10:00:02"));

        // One job for three sinks: every path delivers while every sink is up.
        String session = GATEWAY.api().openSession();
        String oneJob =
                ExampleRunner.jobOf(GATEWAY.api().run(session, runner.example("router/router-statement-set.sql")));
        assertThat(KAFKA.broker().consume("impressions", 2, Duration.ofSeconds(60)))
                .containsExactlyElementsOf(impressions);
        assertThat(KAFKA.broker().consume("plays", 1, Duration.ofSeconds(60))).containsExactlyElementsOf(plays);
        runner.awaitRows("SELECT user_id, ts FROM " + signups, List.of("u2,2026-11-23 10:00:03"));
        runner.stop(oneJob);

        // Three isolated jobs with the PostgreSQL sink down (its table locked by another session): only that path
        // stalls. (A JDBC sink that fails outright takes the embedded cluster's TaskManager down with it: the
        // connector's close() throws in Flink's failure handler, which Flink treats as fatal.)
        postgres.execute("TRUNCATE " + signups);
        List<String> jobs = new ArrayList<>();
        try (Connection lock = postgres.connect();
                Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("LOCK TABLE " + signups + " IN ACCESS EXCLUSIVE MODE");
            for (JsonNode submitted : GATEWAY.api()
                    .run(session, runner.example("router/router-isolated.sql"))
                    .get("statements")) {
                jobs.add(submitted.get("job").get("id").asText());
            }
            assertThat(jobs).hasSize(3);
            assertThat(KAFKA.broker().consume("impressions", 4, Duration.ofSeconds(60)))
                    .containsExactlyElementsOf(concat(impressions, impressions));
            assertThat(KAFKA.broker().consume("plays", 2, Duration.ofSeconds(60)))
                    .containsExactlyElementsOf(concat(plays, plays));
            lock.rollback();
        }
        // The stalled path catches up once its sink is back.
        runner.awaitRows("SELECT user_id, ts FROM " + signups, List.of("u2,2026-11-23 10:00:03"));
        jobs.forEach(job -> assertThat(runner.status(job)).isEqualTo("RUNNING"));
        runner.stop(jobs.get(2));
        runner.stop(jobs.get(0));
        runner.stop(jobs.get(1));
    }

    @Test
    void malformedRecordsAreRoutedAsideAndCounted() throws Exception {
        KAFKA.broker().createTopic("raw-plays", 1);
        KAFKA.broker()
                .produce(
                        "raw-plays",
                        List.of(
                                "{\"title\":\"t1\",\"user_id\":\"u1\",\"seconds\":30}",
                                "{\"title\":\"t1\",\"user_id\":",
                                "{\"title\":\"t2\",\"user_id\":\"u2\",\"seconds\":\"long\"}",
                                "{\"title\":\"t2\",\"seconds\":5}",
                                "{\"title\":\"t2\",\"user_id\":\"u3\",\"seconds\":12}"));
        String job = ExampleRunner.jobOf(
                GATEWAY.api().run(GATEWAY.api().openSession(), runner.example("malformed-records/route-aside.sql")));

        assertThat(KAFKA.broker().consume("clean-plays", 2, Duration.ofSeconds(60)))
                .containsExactly(
                        "{\"title\":\"t1\",\"user_id\":\"u1\",\"seconds\":30}",
                        "{\"title\":\"t2\",\"user_id\":\"u3\",\"seconds\":12}");
        // The count of rejected records is the dead-letter topic's record count: three of five, none lost.
        assertThat(KAFKA.broker().consume("dead-plays", 3, Duration.ofSeconds(60)))
                .containsExactly(
                        "{\"reason\":\"not a JSON object\",\"line\":\"{\\\"title\\\":\\\"t1\\\",\\\"user_id\\\":\"}",
                        "{\"reason\":\"seconds is not an integer\",\"line\":\"{\\\"title\\\":\\\"t2\\\",\\\"user_id\\\":\\\"u2\\\",\\\"seconds\\\":\\\"long\\\"}\"}",
                        "{\"reason\":\"missing field\",\"line\":\"{\\\"title\\\":\\\"t2\\\",\\\"seconds\\\":5}\"}");
        runner.stop(job);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private String viewQuery() {
        return "SELECT title, plays, users FROM " + postgres.schema() + ".plays_per_title ORDER BY title";
    }

    private static String play(String title, String user, String time) {
        return "{\"title\":\"" + title + "\",\"user_id\":\"" + user + "\",\"ts\":\"2026-11-23 " + time + "\"}";
    }

    private static String event(String kind, String user, String title, String time) {
        return "{\"kind\":\"" + kind + "\",\"user_id\":\"" + user + "\",\"title\":"
                + (title == null ? "null" : "\"" + title + "\"") + ",\"ts\":\"2026-11-23 " + time + "\"}";
    }

    private static String out(String user, String title, String time) {
        return "{\"user_id\":\"" + user + "\",\"title\":\"" + title + "\",\"ts\":\"2026-11-23 " + time + "\"}";
    }
}
