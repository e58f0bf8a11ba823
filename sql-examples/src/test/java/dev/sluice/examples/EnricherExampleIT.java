package dev.sluice.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.HostGrants;
import dev.sluice.gateway.testing.PostgresScans;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Example 3 ({@code enricher/}): plays enriched from a PostgreSQL dimension table through the catalog's cached,
 * rate-limited lookup. PostgreSQL's own scan count shows the cache's effect: one query per distinct key, not per
 * play; a renamed title shows once its cache entry is refreshed.
 */
class EnricherExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NAMES = Map.of(
            "t1",
            "The Long Night",
            "t2",
            "Harbour Lights",
            "t3",
            "Paper Moons",
            "t4",
            "North Face",
            "t9",
            "unknown title");
    /** The spec's refresh (30 s), plus the time for a play to go through. */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(75);

    @RegisterExtension
    static final ExampleSchema DATABASE = new ExampleSchema("enricher", "enricher/postgres-tables.sql");

    private final TestPostgres postgres = DATABASE.postgres();
    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY, postgres);

    @Test
    void playsGetTheirTitleNamesWithOneDatabaseQueryPerTitle() throws Exception {
        ObjectNode function = (ObjectNode) JSON.readTree(runner.example("enricher/title_name.json"));
        if (!postgres.password().isEmpty()) {
            // The spec takes a password by reference only; the gateway's task managers read this variable.
            ((ObjectNode) function.get("spec").get("source")).put("passwordRef", "env:SLUICE_TEST_POSTGRES_PASSWORD");
        }
        // The test PostgreSQL listens on loopback, which a tenant's lookups reach only where an admin allows it.
        HostGrants.allowLoopback(runner.api(), "default");
        assertThat(runner.api().post("/api/v1/functions", function).status()).isEqualTo(201);
        KAFKA.broker().createTopic("plays", 1);
        // 200 plays of five titles, one of which (t9) the table lacks.
        List<String> titles = List.of("t1", "t2", "t3", "t4", "t9");
        List<String> plays = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String title = titles.get(i % titles.size());
            String time = "10:%02d:%02d".formatted(i / 60, i % 60);
            plays.add(play("u" + i, title, time));
            expected.add(enriched("u" + i, title, NAMES.get(title), time));
        }
        long scansBefore = scans();
        KAFKA.broker().produce("plays", plays);

        String job = runner.runExample("enricher/enricher.sql");
        assertThat(KAFKA.broker().consume("plays-with-titles", 200, Duration.ofSeconds(90)))
                .containsExactlyElementsOf(expected);
        // The cache's effect: 200 lookups, 5 queries (a missing key is cached too).
        assertThat(PostgresScans.settledSince(postgres::connect, postgres.schema(), "titles", scansBefore, 5))
                .isEqualTo(5);

        // A renamed title reaches the output once its entry is older than the 30 s refresh.
        postgres.execute("UPDATE " + postgres.schema() + ".titles SET name = 'The Longest Night' WHERE id = 't1'");
        AtomicInteger sent = new AtomicInteger(200);
        await("the renamed title in the output")
                .atMost(REFRESH_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    KAFKA.broker().produce("plays", List.of(play("late", "t1", "11:00:00")));
                    List<String> records =
                            KAFKA.broker().consume("plays-with-titles", sent.incrementAndGet(), Duration.ofSeconds(10));
                    assertThat(records.get(records.size() - 1))
                            .isEqualTo(enriched("late", "t1", "The Longest Night", "11:00:00"));
                });
        runner.stop(job);
    }

    private long scans() throws SQLException {
        return PostgresScans.of(postgres::connect, postgres.schema(), "titles");
    }

    private static String play(String user, String title, String time) {
        return ExampleRunner.json(entry("user_id", user), entry("title_id", title), entry("ts", "2026-11-23 " + time));
    }

    private static String enriched(String user, String title, String name, String time) {
        return ExampleRunner.json(
                entry("user_id", user),
                entry("title_id", title),
                entry("title", name),
                entry("ts", "2026-11-23 " + time));
    }
}
