package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running query is listed to, and cancelled by, its owner or an admin only: to another tenant, or another analyst of
 * the same tenant, it is a query that does not exist (404 as for an id nobody ever had), and it runs on untouched.
 */
class QueryCancelAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String TICKS =
            "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')";

    private static Analyst analyst(String tenant) {
        return Analyst.of(GATEWAY, tenant + UNIQUE.incrementAndGet(), "q" + UNIQUE.incrementAndGet());
    }

    /** A query of {@code owner}'s, running, with its statement id and its session. */
    private record Running(String id, String session) {}

    private static Running runQuery(Analyst owner) {
        String session = owner.api().openSession();
        owner.api().run(session, TICKS);
        String id = owner.api()
                .run(session, "SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("id")
                .asText();
        // Its job is on the cluster once the owner's list names it.
        await("query " + id + " to run on the cluster")
                .atMost(Duration.ofSeconds(60))
                .until(() -> flinkJobOf(owner, id) != null);
        return new Running(id, session);
    }

    private static String flinkJobOf(Analyst owner, String queryId) {
        for (JsonNode query : owner.api().get("/api/v1/queries").body().get("queries")) {
            if (query.get("id").asText().equals(queryId)
                    && !query.get("flinkJobId").isNull()) {
                return query.get("flinkJobId").asText();
            }
        }
        return null;
    }

    private static void assertNoSuchQuery(Response response, String queryId) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(response.body().get("error").get("message").asText())
                .isEqualTo("No running query with id " + queryId + ".");
    }

    /** The query still runs: its results are read as before, and its job runs on the cluster. */
    private static void assertStillRuns(Analyst owner, Running query) {
        Response page = owner.api().get("/api/v1/statements/" + query.id() + "/results?token=0");
        assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
        String job = flinkJobOf(owner, query.id());
        assertThat(job).as("the owner still lists the query").isNotNull();
        assertThat(new ApiClient(GATEWAY.clusterUrl(), null)
                        .get("/jobs/" + job)
                        .body()
                        .get("state")
                        .asText())
                .isEqualTo("RUNNING");
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void anotherTenantsQueryIsNeitherListedNorCancelled() {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        Running query = runQuery(acme);

        assertThat(beta.api().get("/api/v1/queries").body().get("queries"))
                .as("beta's list")
                .isEmpty();
        assertNoSuchQuery(beta.api().delete("/api/v1/queries/" + query.id()), query.id());
        String unknown = UUID.randomUUID().toString();
        assertNoSuchQuery(beta.api().delete("/api/v1/queries/" + unknown), unknown);

        assertStillRuns(acme, query);
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aColleaguesQueryOfTheSameTenantIsNeitherListedNorCancelled() {
        Analyst owner = analyst("initech");
        Analyst colleague = Analyst.of(GATEWAY, owner.tenant(), "q" + UNIQUE.incrementAndGet());
        Running query = runQuery(owner);

        assertThat(colleague.api().get("/api/v1/queries").body().get("queries"))
                .as("the colleague's list")
                .isEmpty();
        assertNoSuchQuery(colleague.api().delete("/api/v1/queries/" + query.id()), query.id());

        assertStillRuns(owner, query);
    }
}
