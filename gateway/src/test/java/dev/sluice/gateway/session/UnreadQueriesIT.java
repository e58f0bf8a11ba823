package dev.sluice.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A query whose results nobody reads is cancelled after sluice.queries.unread-timeout, on every listener: its job
 * leaves the cluster, its tenant's query count is freed, and its reader, coming back, is told why. One that is read
 * runs on. Its owner and admins list and cancel it.
 */
class UnreadQueriesIT {

    private static final Duration UNREAD_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.QUERY_UNREAD_TIMEOUT, UNREAD_TIMEOUT);
        options.set(SluiceOptions.JOB_POLL_INTERVAL, Duration.ofMillis(200));
    });

    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String TICKS =
            "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')";
    private static final Duration RUNS = Duration.ofSeconds(60);

    private static Analyst analyst() {
        return Analyst.of(GATEWAY, "unread" + UNIQUE.incrementAndGet(), "u" + UNIQUE.incrementAndGet());
    }

    private static String startQuery(Analyst analyst) {
        String session = analyst.api().openSession();
        analyst.api().run(session, TICKS);
        return analyst.api()
                .run(session, "SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("id")
                .asText();
    }

    /** The caller's listing of the query, once its Flink job is known. */
    private static JsonNode listed(ApiClient caller, String queryId) {
        return listedOnce(caller, query -> query.get("id").asText().equals(queryId), "query " + queryId);
    }

    /** The one query the analyst runs through {@code listener}, once its Flink job is known. */
    private static JsonNode onlyQueryThrough(Analyst analyst, String listener) {
        return listedOnce(
                analyst.api(), query -> query.get("listener").asText().equals(listener), "a query through " + listener);
    }

    private static JsonNode listedOnce(ApiClient caller, Predicate<JsonNode> which, String what) {
        return await(what + " to be listed with its job")
                .atMost(RUNS)
                .until(
                        () -> {
                            for (JsonNode query :
                                    caller.get("/api/v1/queries").body().get("queries")) {
                                if (which.test(query)
                                        && !query.get("flinkJobId").isNull()) {
                                    return query;
                                }
                            }
                            return null;
                        },
                        query -> query != null);
    }

    /** The job leaves the cluster (cancelled), and the tenant counts no query any more. */
    private static void assertCancelledAndFreed(Analyst analyst, String flinkJobId) {
        ApiClient cluster = new ApiClient(GATEWAY.clusterUrl(), null);
        await("Flink job " + flinkJobId + " to be cancelled")
                .atMost(RUNS)
                .until(
                        () -> cluster.get("/jobs/" + flinkJobId)
                                .body()
                                .get("state")
                                .asText(),
                        "CANCELED"::equals);
        await("the tenant's query count to be freed")
                .atMost(RUNS)
                .until(
                        () -> analyst.api()
                                .get("/api/v1/tenants/" + analyst.tenant() + "/quota")
                                .body()
                                .get("used")
                                .get("queries")
                                .asInt(),
                        queries -> queries == 0);
        assertThat(analyst.api().get("/api/v1/queries").body().get("queries"))
                .as("the analyst's running queries")
                .isEmpty();
    }

    private static void assertToldUnread(String message) {
        assertThat(message)
                .contains("was cancelled because its results were not read for 2 s (sluice.queries.unread-timeout)");
    }

    /** Reads the next page of a statement's results, as the console does. */
    private static Response readNext(Analyst analyst, String queryId, AtomicLong token) {
        Response page = analyst.api().get("/api/v1/statements/" + queryId + "/results?token=" + token.get());
        JsonNode next = page.body().get("nextToken");
        if (next != null && !next.isNull()) {
            token.set(next.asLong());
        }
        return page;
    }

    @Test
    void anApiQueryReadOnRunsAndOneLeftUnreadIsCancelledAndItsReaderToldWhy() {
        Analyst analyst = analyst();
        String queryId = startQuery(analyst);
        AtomicLong token = new AtomicLong();

        // Read for more than twice the timeout: it runs on.
        await().during(UNREAD_TIMEOUT.multipliedBy(2))
                .atMost(UNREAD_TIMEOUT.multipliedBy(4))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> readNext(analyst, queryId, token).status() == 200);
        String flinkJobId = listed(analyst.api(), queryId).get("flinkJobId").asText();

        // Then nobody reads.
        assertCancelledAndFreed(analyst, flinkJobId);
        Response comeBack = readNext(analyst, queryId, token);
        assertThat(comeBack.status()).as(comeBack.body().toString()).isEqualTo(410);
        JsonNode error = comeBack.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("QUERY_CANCELLED");
        assertToldUnread(error.get("message").asText());
        assertThat(error.get("hint").asText()).contains("Run the query again and keep reading its results");
    }

    @Test
    void aPostgresCursorLeftUnreadIsCancelledAndItsReaderToldWhy() throws SQLException {
        Analyst analyst = analyst();
        try (Connection pg = GATEWAY.connectPg("analyst", analyst.token());
                Statement statement = pg.createStatement()) {
            statement.execute(TICKS);
            // A fetch size in a transaction: pgjdbc asks for rows only as the application reads them.
            pg.setAutoCommit(false);
            statement.setFetchSize(1);
            ResultSet rows = statement.executeQuery("SELECT id FROM ticks");
            assertThat(rows.next()).isTrue();
            JsonNode query = onlyQueryThrough(analyst, "POSTGRES");
            assertThat(query.get("sql").asText()).isEqualTo("SELECT id FROM ticks");

            assertCancelledAndFreed(analyst, query.get("flinkJobId").asText());
            assertThatThrownBy(() -> {
                        while (rows.next()) {
                            // rows fetched before the cancellation
                        }
                    })
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57014");
                        assertToldUnread(e.getMessage());
                    });
        }
    }

    @Test
    void aFlinkEndpointQueryLeftUnreadIsCancelledAndItsReaderToldWhy() {
        Analyst analyst = analyst();
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(analyst.token());
        assertThat(flink.configureSession(session, TICKS).status()).isEqualTo(200);
        String operation = flink.execute(session, "SELECT id FROM ticks")
                .body()
                .get("operationHandle")
                .asText();
        String flinkJobId = flink.jobOf(session, operation, RUNS);
        assertThat(onlyQueryThrough(analyst, "FLINK_ENDPOINT").get("flinkJobId").asText())
                .isEqualTo(flinkJobId);

        assertCancelledAndFreed(analyst, flinkJobId);
        FlinkEndpointClient.Response comeBack = flink.fetch(session, operation, 1);
        assertThat(comeBack.status()).isNotEqualTo(200).isNotEqualTo(500);
        assertToldUnread(comeBack.errors());
    }

    @Test
    void theOwnerListsAndCancelsTheirQuery() {
        Analyst analyst = analyst();
        String queryId = startQuery(analyst);
        JsonNode query = listed(analyst.api(), queryId);
        assertThat(query.get("tenant").asText()).isEqualTo(analyst.tenant());
        assertThat(query.get("listener").asText()).isEqualTo("API");
        assertThat(query.get("sql").asText()).isEqualTo("SELECT id FROM ticks");
        assertThat(query.get("startedAt").asText()).isNotEmpty();
        assertThat(query.get("lastReadAt").asText()).isNotEmpty();
        assertThat(query.get("resources").get("taskSlots").asInt()).isPositive();

        Response cancelled = analyst.api().delete("/api/v1/queries/" + queryId);
        assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(204);

        assertCancelledAndFreed(analyst, query.get("flinkJobId").asText());
        Response comeBack = analyst.api().get("/api/v1/statements/" + queryId + "/results?token=0");
        assertThat(comeBack.status()).isEqualTo(410);
        assertThat(comeBack.body().get("error").get("message").asText())
                .isEqualTo("Query " + queryId + " was cancelled by its owner ("
                        + query.get("user").asText() + ").");
    }

    @Test
    void anAdminListsAndCancelsAnyTenantsQuery() {
        Analyst analyst = analyst();
        String queryId = startQuery(analyst);
        JsonNode query = listed(GATEWAY.api(), queryId);
        assertThat(query.get("tenant").asText()).isEqualTo(analyst.tenant());

        Response cancelled = GATEWAY.api().delete("/api/v1/queries/" + queryId);
        assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(204);

        assertCancelledAndFreed(analyst, query.get("flinkJobId").asText());
        Response comeBack = analyst.api().get("/api/v1/statements/" + queryId + "/results?token=0");
        assertThat(comeBack.status()).isEqualTo(410);
        assertThat(comeBack.body().get("error").get("message").asText()).contains("was cancelled by an admin");
    }
}
