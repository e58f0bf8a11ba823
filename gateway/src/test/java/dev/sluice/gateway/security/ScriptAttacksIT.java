package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved scripts are their user's alone: another tenant's or a colleague's script id (an admin's too) reads, replaces,
 * deletes and runs nothing, and answers as an id nobody ever had; ids are random; one user's scripts are bounded in number and
 * size, concurrent saves included.
 */
class ScriptAttacksIT {

    private static final int CAP = 3;
    private static final MemorySize MAX_BODY = MemorySize.parse("64kb");

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres(options -> {
        options.set(SluiceOptions.SCRIPTS_MAX_PER_USER, CAP);
        options.set(SluiceOptions.API_MAX_BODY_SIZE, MAX_BODY);
    });

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static Analyst analyst(String tenant) {
        return Analyst.of(GATEWAY, tenant + UNIQUE.incrementAndGet(), "nb" + UNIQUE.incrementAndGet());
    }

    private static Analyst colleague(Analyst of, String role) {
        return Analyst.of(GATEWAY, of.tenant(), "nb" + UNIQUE.incrementAndGet(), role);
    }

    private static String script(String name, String sql) {
        ObjectNode body = MAPPER.createObjectNode().put("name", name).put("sql", sql);
        ObjectNode test = body.putArray("tests").addObject().put("name", "one row");
        test.putObject("inputs").putArray("src").addObject().put("id", 1);
        test.putArray("expected").addObject().put("id", 1);
        return body.toString();
    }

    private static String save(ApiClient client, String name, String sql) {
        Response saved = client.post("/api/v1/scripts", script(name, sql));
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        return saved.body().get("id").asText();
    }

    private static void assertNoSuchScript(Response response, String id) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(response.body().get("error").get("message").asText())
                .isEqualTo("You have no saved script with id '" + id + "'.");
    }

    /** Every way at a script by id, by someone who is not its owner: each answers as for an id nobody had. */
    private static void assertNothingReachable(ApiClient attacker, String id) {
        assertNoSuchScript(attacker.get("/api/v1/scripts/" + id), id);
        assertNoSuchScript(attacker.put("/api/v1/scripts/" + id, script("stolen", "DROP TABLE src")), id);
        assertNoSuchScript(attacker.delete("/api/v1/scripts/" + id), id);
        assertNoSuchScript(attacker.post("/api/v1/scripts/" + id + ":test", ""), id);
        assertThat(attacker.get("/api/v1/scripts").body().get("scripts").findValuesAsText("id"))
                .doesNotContain(id);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anotherTenantsScriptIdReadsAndChangesNothing() {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        String id = save(acme.api(), "pipeline", "SELECT 'acme-only'");
        JsonNode before = acme.api().get("/api/v1/scripts/" + id).body();

        assertNothingReachable(beta.api(), id);
        String unknown = UUID.randomUUID().toString();
        assertNoSuchScript(beta.api().get("/api/v1/scripts/" + unknown), unknown);

        assertThat(acme.api().get("/api/v1/scripts/" + id).body()).isEqualTo(before);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void aColleaguesOrAnAdminsTokenOfTheSameTenantFindsNoScript() {
        Analyst owner = analyst("initech");
        String id = save(owner.api(), "pipeline", "SELECT 'mine'");
        JsonNode before = owner.api().get("/api/v1/scripts/" + id).body();

        assertNothingReachable(colleague(owner, "analyst").api(), id);
        assertNothingReachable(colleague(owner, "admin").api(), id);
        // The gateway's own admin (tenant default) neither.
        assertNothingReachable(GATEWAY.api(), id);

        assertThat(owner.api().get("/api/v1/scripts/" + id).body()).isEqualTo(before);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void scriptIdsAreRandomAndANeighbourIdFindsNothing() {
        Analyst attacker = analyst("umbrella");
        Analyst victim = colleague(attacker, "analyst");
        String mine = save(attacker.api(), "probe", "SELECT 1");
        String theirs = save(victim.api(), "secret", "SELECT 'secret'");

        // Random (version 4) UUIDs: 122 random bits, nothing derived from time, order or owner.
        assertThat(List.of(mine, theirs))
                .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(4));
        // Ids near the attacker's own, and the victim's with its case changed, find nothing.
        for (String guess : List.of(neighbour(mine), neighbour(theirs), "1", theirs.toUpperCase(), theirs + " ")) {
            Response response = attacker.api().get("/api/v1/scripts/" + guess.replace(" ", "%20"));
            assertThat(response.status()).as(guess + ": " + response.body()).isEqualTo(404);
        }
        assertThat(victim.api().get("/api/v1/scripts/" + theirs).status()).isEqualTo(200);
    }

    private static String neighbour(String id) {
        char last = id.charAt(id.length() - 1);
        return id.substring(0, id.length() - 1) + (last == '0' ? '1' : '0');
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void aScriptOverTheSizeLimitIsNotStoredNorSavedOverAnother() {
        Analyst analyst = analyst("initrode");
        String id = save(analyst.api(), "small", "SELECT 1");
        JsonNode before = analyst.api().get("/api/v1/scripts/" + id).body();
        String huge = "SELECT '" + "x".repeat((int) MAX_BODY.getBytes()) + "'";

        Response created = analyst.api().post("/api/v1/scripts", script("huge", huge));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(413);
        assertThat(created.body().get("error").get("code").asText()).isEqualTo("BODY_TOO_LARGE");
        Response replaced = analyst.api().put("/api/v1/scripts/" + id, script("small", huge));
        assertThat(replaced.status()).as(replaced.body().toString()).isEqualTo(413);

        assertThat(analyst.api().get("/api/v1/scripts").body().get("scripts").findValuesAsText("name"))
                .containsExactly("small");
        assertThat(analyst.api().get("/api/v1/scripts/" + id).body()).isEqualTo(before);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void oneUserKeepsNoMoreScriptsThanTheCapEvenSavingAllAtOnce() {
        Analyst hoarder = analyst("hooli");
        int attempts = 4 * CAP;
        List<CompletableFuture<Response>> saves = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Integer> statuses;
        try {
            for (int i = 0; i < attempts; i++) {
                String name = "s" + i;
                saves.add(CompletableFuture.supplyAsync(
                        () -> hoarder.api().post("/api/v1/scripts", script(name, "SELECT 1")), pool));
            }
            statuses = saves.stream().map(save -> save.join().status()).toList();
        } finally {
            pool.shutdown();
        }
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(CAP);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(attempts - CAP);
        Response refused = hoarder.api().post("/api/v1/scripts", script("one more", "SELECT 1"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");
        assertThat(refused.body().get("error").get("hint").asText()).contains("DELETE /api/v1/scripts/{id}");
        assertThat(hoarder.api().get("/api/v1/scripts").body().get("scripts")).hasSize(CAP);

        // The cap is the user's: a colleague still saves, and a deleted script frees a place.
        save(colleague(hoarder, "analyst").api(), "colleague's", "SELECT 1");
        String first = hoarder.api()
                .get("/api/v1/scripts")
                .body()
                .get("scripts")
                .get(0)
                .get("id")
                .asText();
        assertThat(hoarder.api().delete("/api/v1/scripts/" + first).status()).isEqualTo(204);
        save(hoarder.api(), "after delete", "SELECT 1");
    }
}
