package dev.sluice.gateway.security;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement history is its user's alone: another tenant, a colleague, a tenant admin or the gateway's admin reads none
 * of it and clears none of it, whatever they add to the request; statements run on the Flink-compatible endpoint or the
 * PostgreSQL listener go to the history of the token that ran them and no other; one user's history is bounded and
 * their flood drops none of another user's entries.
 */
class HistoryAttacksIT {

    private static final int KEEP = 4;

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            SluiceServerExtension.onPostgres(options -> options.set(SluiceOptions.HISTORY_MAX_PER_USER, KEEP));

    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static Analyst analyst(String tenant) {
        return Analyst.of(GATEWAY, tenant + UNIQUE.incrementAndGet(), "h" + UNIQUE.incrementAndGet());
    }

    private static Analyst colleague(Analyst of, String role) {
        return Analyst.of(GATEWAY, of.tenant(), "h" + UNIQUE.incrementAndGet(), role);
    }

    /** A statement whose text marks it as {@code owner}'s secret. */
    private static String secret(Analyst owner) {
        return "SELECT 'secret of " + owner.tokenId() + "' AS s";
    }

    private static List<String> history(ApiClient client, String query) {
        Response page = client.get("/api/v1/history" + query);
        assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
        List<String> sql = new ArrayList<>();
        page.body().get("entries").forEach(entry -> sql.add(entry.get("sql").asText()));
        return sql;
    }

    private static List<String> history(ApiClient client) {
        return history(client, "");
    }

    private static String nameOf(Analyst analyst) {
        return analyst.api().get("/api/v1/whoami").body().get("name").asText();
    }

    /** Every read of the history {@code attacker} may try, naming the victim: none shows the victim's statement. */
    private static void assertNothingOf(ApiClient attacker, Analyst victim) {
        String name = nameOf(victim);
        for (String query : List.of(
                "",
                "?user=" + name,
                "?owner=" + name,
                "?tenant=" + victim.tenant(),
                "?tenant=" + victim.tenant() + "&user=" + name,
                "?limit=500&offset=0")) {
            assertThat(history(attacker, query)).as(query).doesNotContain(secret(victim));
        }
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anotherTenantReadsNoneOfYourHistory() {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        acme.api().run(null, secret(acme));

        assertNothingOf(beta.api(), acme);
        assertThat(history(acme.api())).containsExactly(secret(acme));
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void aColleagueATenantAdminAndTheGatewayAdminReadNoneOfYourHistory() {
        Analyst owner = analyst("initech");
        owner.api().run(null, secret(owner));

        assertNothingOf(colleague(owner, "analyst").api(), owner);
        assertNothingOf(colleague(owner, "admin").api(), owner);
        assertNothingOf(GATEWAY.api(), owner);
        assertThat(history(owner.api())).containsExactly(secret(owner));
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void clearingAHistoryClearsOnlyTheCallersOwn() {
        Analyst owner = analyst("umbrella");
        owner.api().run(null, secret(owner));
        ApiClient colleague = colleague(owner, "admin").api();
        colleague.run(null, "SELECT 'the colleague''s own' AS s");

        for (String query : List.of("", "?user=" + nameOf(owner), "?tenant=" + owner.tenant())) {
            Response cleared = colleague.delete("/api/v1/history" + query);
            assertThat(cleared.status()).as(cleared.body().toString()).isEqualTo(204);
        }
        assertThat(GATEWAY.api().delete("/api/v1/history").status()).isEqualTo(204);

        assertThat(history(colleague)).isEmpty();
        assertThat(history(owner.api())).containsExactly(secret(owner));
    }

    @Test
    @Attack(
            kind = Attack.Kind.AUTHENTICATION,
            through = {Attack.Listener.FLINK_ENDPOINT, Attack.Listener.PG_WIRE})
    void statementsOfTheOtherListenersGoToTheirOwnUsersHistoryOnly() throws Exception {
        Analyst flinkUser = analyst("hooli");
        Analyst pgUser = analyst("piedpiper");
        Analyst bystander = colleague(flinkUser, "analyst");

        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(flinkUser.token());
        assertThat(flink.query(session, secret(flinkUser), Duration.ofSeconds(60)))
                .hasSize(1);
        try (Connection pg = GATEWAY.connectPg("anyone", pgUser.token());
                Statement statement = pg.createStatement();
                ResultSet rows = statement.executeQuery(secret(pgUser))) {
            assertThat(rows.next()).isTrue();
        }

        assertThat(history(flinkUser.api())).containsExactly(secret(flinkUser));
        assertThat(history(pgUser.api())).containsExactly(secret(pgUser));
        assertNothingOf(bystander.api(), flinkUser);
        assertNothingOf(bystander.api(), pgUser);
        assertNothingOf(pgUser.api(), flinkUser);
        assertNothingOf(flinkUser.api(), pgUser);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void aFloodKeepsOnlyTheFloodersLatestEntriesAndDropsNoneOfAnothersEntries() {
        Analyst flooder = analyst("globex");
        Analyst neighbour = colleague(flooder, "analyst");
        neighbour.api().run(null, secret(neighbour));

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3 * KEEP; i++) {
            String sql = "SELECT " + i + " AS n";
            flooder.api().run(null, sql);
            sent.add(0, sql);
        }

        JsonNode page = flooder.api().get("/api/v1/history?limit=500").body();
        assertThat(page.get("entries")).hasSize(KEEP);
        assertThat(history(flooder.api())).containsExactlyElementsOf(sent.subList(0, KEEP));
        assertThat(page.has("nextOffset")).as("nextOffset").isFalse();
        assertThat(history(neighbour.api())).containsExactly(secret(neighbour));
    }
}
