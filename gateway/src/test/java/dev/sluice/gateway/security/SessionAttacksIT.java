package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreConfig;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request on every listener is authenticated, and a session belongs to the token that opened it: another
 * token's session id (another tenant's, another analyst's of the same tenant, or an admin's use of an analyst's) is a
 * session that does not exist, an id from one listener is worth nothing on the other, a revoked token's sessions
 * close with their queries, and a tenant holds no more sessions than its cap.
 */
class SessionAttacksIT {

    private static final int CAP = 6;

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.MAX_SESSIONS_PER_TENANT, CAP);
        options.set(SluiceOptions.REVOCATION_SWEEP_INTERVAL, Duration.ofMillis(500));
    });

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String TICKS =
            "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')";

    /** A new tenant for each attack, so no attack's sessions count against another's cap. */
    private static Analyst analyst(String tenant) {
        return Analyst.of(GATEWAY, tenant + UNIQUE.incrementAndGet(), "nb" + UNIQUE.incrementAndGet());
    }

    private static Analyst sameTenant(Analyst colleague) {
        return Analyst.of(GATEWAY, colleague.tenant(), "nb" + UNIQUE.incrementAndGet());
    }

    private static FlinkEndpointClient flink() {
        return new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
    }

    private static String body(String sql, String sessionId) {
        return MAPPER.createObjectNode()
                .put("sql", sql)
                .put("sessionId", sessionId)
                .toString();
    }

    /** The 404 an attacker gets, which must read as for a session id nobody ever had. */
    private static void assertNoSuchSession(Response response, String sessionId) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(response.body().get("error").get("message").asText())
                .isEqualTo("No open session with id " + sessionId + ".");
    }

    private static String queryStatement(ApiClient client, String session) {
        client.run(session, TICKS);
        return client.run(session, "SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("id")
                .asText();
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anotherTenantsSessionIdRunsNothing() {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        String session = acme.api().openSession();
        acme.api().run(session, "CREATE TEMPORARY VIEW secret AS SELECT 'acme-only' AS s");

        assertNoSuchSession(beta.api().post("/api/v1/statements", body("SELECT * FROM secret", session)), session);
        String unknown = UUID.randomUUID().toString();
        assertNoSuchSession(beta.api().post("/api/v1/statements", body("SELECT 1", unknown)), unknown);

        // The session is untouched and still its owner's.
        String rows = acme.api()
                .readAll(
                        acme.api()
                                .run(session, "SELECT s FROM secret")
                                .get("statements")
                                .get(0)
                                .get("id")
                                .asText(),
                        Duration.ofSeconds(60))
                .toString();
        assertThat(rows).contains("acme-only");
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void aColleaguesSessionOfTheSameTenantIsNotTheirs() {
        Analyst owner = analyst("initech");
        Analyst colleague = sameTenant(owner);
        String session = owner.api().openSession();
        owner.api().run(session, "SET 'sluice.session.lint-warnings-as-errors' = 'true'");

        assertNoSuchSession(
                colleague
                        .api()
                        .post(
                                "/api/v1/statements",
                                body("SET 'sluice.session.lint-warnings-as-errors' = 'false'", session)),
                session);
        assertNoSuchSession(colleague.api().post("/api/v1/statements:validate", body("SELECT 1", session)), session);
        assertNoSuchSession(colleague.api().post("/api/v1/statements:estimate", body("SELECT 1", session)), session);
        assertNoSuchSession(colleague.api().delete("/api/v1/sessions/" + session), session);

        String settings = owner.api()
                .readAll(
                        owner.api()
                                .run(session, "SET")
                                .get("statements")
                                .get(0)
                                .get("id")
                                .asText(),
                        Duration.ofSeconds(30))
                .toString();
        assertThat(settings).contains("lint-warnings-as-errors\",\"true");
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anAdminCannotUseAnAnalystsSession() {
        Analyst analyst = analyst("umbrella");
        String session = analyst.api().openSession();

        assertNoSuchSession(GATEWAY.api().post("/api/v1/statements", body("SELECT 1", session)), session);
        assertNoSuchSession(GATEWAY.api().delete("/api/v1/sessions/" + session), session);

        assertThat(analyst.api()
                        .post("/api/v1/statements", body("SELECT 1", session))
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anotherTokensResultsCannotBeReadOrCancelled() {
        Analyst owner = analyst("hooli");
        Analyst other = analyst("piper");
        Analyst colleague = sameTenant(owner);
        String statement = queryStatement(owner.api(), owner.api().openSession());

        for (ApiClient attacker : List.of(other.api(), colleague.api(), GATEWAY.api())) {
            Response read = attacker.get("/api/v1/statements/" + statement + "/results?token=0");
            assertThat(read.status()).isEqualTo(404);
            assertThat(read.body().get("error").get("message").asText())
                    .isEqualTo("No statement with id " + statement + " has results to read.");
            assertThat(attacker.delete("/api/v1/statements/" + statement).status())
                    .isEqualTo(404);
        }

        // Still running, still the owner's to read.
        Response page = owner.api().get("/api/v1/statements/" + statement + "/results?token=0");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("status").asText()).isEqualTo("RUNNING");
        assertThat(owner.api().delete("/api/v1/statements/" + statement).status())
                .isEqualTo(204);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.FLINK_ENDPOINT)
    void internalSessionIdsAreWorthNothingOnTheFlinkEndpoint() {
        Analyst acme = analyst("acme");
        Analyst beta = analyst("beta");
        acme.api()
                .run(
                        null,
                        "CREATE TABLE src (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');"
                                + "CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole')");
        String apiSession = acme.api().openSession();
        acme.api().run(apiSession, "INSERT INTO sink SELECT id FROM src");
        // What an attacker of another tenant can see, or an analyst of the same tenant reads in the job list.
        String recorded = acme.api()
                .get("/api/v1/jobs")
                .body()
                .get("jobs")
                .get(0)
                .get("sessionId")
                .asText();
        String flinkHandle = flink().openSession(acme.token());

        for (String internal : List.of(apiSession, recorded)) {
            FlinkEndpointClient.Response response = flink().execute(internal, "SHOW TABLES");
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertThat(response.errors()).contains("Session '" + internal + "' does not exist.");
            assertThat(flink().sessionConfig(internal).status()).isEqualTo(404);
            assertThat(flink().closeSession(internal).status()).isEqualTo(404);
        }
        // Nor is a Flink endpoint handle worth anything on the API.
        assertNoSuchSession(beta.api().post("/api/v1/statements", body("SHOW TABLES", flinkHandle)), flinkHandle);
        assertNoSuchSession(acme.api().post("/api/v1/statements", body("SHOW TABLES", flinkHandle)), flinkHandle);

        assertThat(flink().query(flinkHandle, "SHOW TABLES", Duration.ofSeconds(30))
                        .toString())
                .contains("src", "sink");
        assertThat(acme.api()
                        .post("/api/v1/statements", body("SHOW TABLES", apiSession))
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.FLINK_ENDPOINT)
    void aGuessedHandleOpensNothing() {
        Analyst acme = analyst("acme");
        String handle = flink().openSession(acme.token());
        String operation = flink().execute(handle, "SELECT 1")
                .body()
                .get("operationHandle")
                .asText();
        String guess = UUID.randomUUID().toString();

        for (FlinkEndpointClient.Response response : List.of(
                flink().execute(guess, "SELECT 1"),
                flink().configureSession(guess, "SET 'parallelism.default' = '4'"),
                flink().sessionConfig(guess),
                flink().fetch(guess, operation, 0),
                flink().cancel(guess, operation),
                flink().closeOperation(guess, operation),
                flink().closeSession(guess))) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertThat(response.errors()).contains("Session '" + guess + "' does not exist.");
        }
        // Handles are random version 4 UUIDs, not sequential or derived from the internal session.
        String another = flink().openSession(acme.token());
        assertThat(UUID.fromString(handle).version())
                .isEqualTo(UUID.fromString(another).version())
                .isEqualTo(4);
        assertThat(another.substring(0, 8)).isNotEqualTo(handle.substring(0, 8));

        assertThat(flink().fetch(handle, operation, 0).status()).isEqualTo(200);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void aTokenDifferingOnlyInCaseIsRefusedOnAConnectionKeptAlive() {
        Analyst analyst = analyst("acme");
        // One HttpClient throughout: the requests after the first go over the connection it keeps alive, where the
        // HTTP server may reuse header lines it parsed before.
        assertThat(analyst.api().get("/api/v1/whoami").status()).isEqualTo(200);
        String token = analyst.token();
        for (String guess : List.of(token.toUpperCase(Locale.ROOT), swapCase(token))) {
            Response response = analyst.api().withToken(guess).get("/api/v1/whoami");
            assertThat(response.status()).as(guess).isEqualTo(401);
            assertThat(response.body().get("error").get("code").asText()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(analyst.api().get("/api/v1/whoami").status()).isEqualTo(200);
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }

    @Test
    @Attack(
            kind = Attack.Kind.AUTHENTICATION,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void noTokenOrABadTokenOpensNoSession() {
        for (Map<String, String> properties : List.of(
                Map.<String, String>of(),
                Map.of("sluice.token", ""),
                Map.of("sluice.token", "slc_guessed"),
                Map.of("sluice.token", GATEWAY.adminToken() + "x"))) {
            FlinkEndpointClient.Response response = flink().openSession(properties);
            assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
            assertThat(response.errors()).startsWith("[UNAUTHENTICATED]");
            assertThat(response.body().has("sessionHandle")).isFalse();
        }
        for (String token : new String[] {null, "slc_guessed"}) {
            Response response = GATEWAY.api().withToken(token).post("/api/v1/sessions", "{}");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().has("sessionId")).isFalse();
        }
    }

    @Test
    @Attack(
            kind = Attack.Kind.AUTHENTICATION,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aRevokedTokensSessionsCloseWithTheirQueriesAndItsJobsStay() {
        Analyst leaver = analyst("acme");
        ApiClient admin = GATEWAY.api();
        leaver.api()
                .run(
                        null,
                        "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                                + "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')");
        String apiSession = leaver.api().openSession();
        String job = leaver.api()
                .run(apiSession, "INSERT INTO sink SELECT id FROM src")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        String apiQuery = queryStatement(leaver.api(), apiSession);
        String handle = flink().openSession(leaver.token());
        String operation = flink().execute(handle, "SELECT id FROM src")
                .body()
                .get("operationHandle")
                .asText();
        String apiQueryJob = flinkJobOf(leaver.api(), apiQuery);
        String flinkQueryJob = flinkJobOfFlinkQuery(handle, operation);

        assertThat(admin.delete("/api/v1/tokens/" + leaver.tokenId()).status()).isEqualTo(200);

        // At once on this gateway: the handle is a session that does not exist, the token opens nothing.
        FlinkEndpointClient.Response refused = flink().execute(handle, "INSERT INTO sink SELECT id FROM src");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(flink().fetch(handle, operation, 1).status()).isEqualTo(404);
        assertThat(leaver.api()
                        .post("/api/v1/statements", body("INSERT INTO sink SELECT id FROM src", apiSession))
                        .status())
                .isEqualTo(401);
        assertThat(flink().openSession(Map.of("sluice.token", leaver.token())).status())
                .isEqualTo(401);
        // Their queries' jobs are cancelled; their INSERT job is the tenant's and runs on, the only job of the tenant.
        eventually(
                () -> jobStatus(apiQueryJob).equals("CANCELED")
                        && jobStatus(flinkQueryJob).equals("CANCELED"),
                "the revoked token's queries are cancelled");
        JsonNode jobs = admin.get("/api/v1/jobs").body().get("jobs");
        List<String> tenantJobs = new ArrayList<>();
        jobs.forEach(record -> {
            if (record.get("tenant").asText().equals(leaver.tenant())) {
                tenantJobs.add(
                        record.get("id").asText() + " " + record.get("status").asText());
            }
        });
        assertThat(tenantJobs).containsExactly(job + " RUNNING");
        assertThat(admin.post("/api/v1/jobs/" + job + ":stop", "").status()).isEqualTo(200);
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.FLINK_ENDPOINT)
    void aTokenRevokedThroughAnotherGatewayLosesItsSessionsWithinSeconds() throws Exception {
        Analyst leaver = analyst("acme");
        String handle = flink().openSession(leaver.token());
        flink().execute(handle, TICKS);
        String operation = flink().execute(handle, "SELECT id FROM ticks")
                .body()
                .get("operationHandle")
                .asText();
        String queryJob = flinkJobOfFlinkQuery(handle, operation);

        // Another gateway on the same metadata store revokes it: this one learns of it from the store alone.
        try (MetadataStore sameStore = MetadataStore.open(
                StoreConfig.embedded(GATEWAY.dataDir(), SluiceOptions.METADATA_CONNECTION_TIMEOUT.defaultValue()),
                new SimpleMeterRegistry())) {
            assertThat(sameStore.tokenRepository().revoke(leaver.tokenId(), Instant.now()))
                    .isTrue();
        }

        assertThat(flink().execute(handle, "SELECT 1").status()).isEqualTo(404);
        eventually(() -> jobStatus(queryJob).equals("CANCELED"), "the sweeper cancels the revoked token's query");
    }

    @Test
    @Attack(
            kind = Attack.Kind.AUTHENTICATION,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aTenantCannotHoldMoreSessionsThanItsCap() {
        Analyst hoarder = analyst("hoard");
        Analyst neighbour = analyst("neighbour");
        List<String> apiSessions = new ArrayList<>();
        for (int i = 0; i < CAP / 2; i++) {
            apiSessions.add(hoarder.api().openSession());
            flink().openSession(hoarder.token());
        }
        // A colleague's token counts for the tenant too.
        Analyst colleague = sameTenant(hoarder);

        Response overApi = colleague.api().post("/api/v1/sessions", "{}");
        assertThat(overApi.status()).isEqualTo(429);
        assertThat(overApi.body().get("error").get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");
        assertThat(overApi.body().get("error").get("message").asText())
                .contains("sluice.limits.max-sessions-per-tenant = " + CAP);
        assertThat(overApi.body().get("error").get("hint").asText()).contains("DELETE /api/v1/sessions/{id}");
        FlinkEndpointClient.Response overFlink = flink().openSession(Map.of("sluice.token", hoarder.token()));
        assertThat(overFlink.status()).isEqualTo(429);
        assertThat(overFlink.errors()).startsWith("[TENANT_LIMIT_REACHED]").contains(String.valueOf(CAP));
        // A script without a session needs one too.
        assertThat(hoarder.api()
                        .post("/api/v1/statements", "{\"sql\": \"SELECT 1\"}")
                        .status())
                .isEqualTo(429);

        // Other tenants are not held up, and closing one makes room.
        assertThat(neighbour.api().post("/api/v1/sessions", "{}").status()).isEqualTo(201);
        assertThat(hoarder.api()
                        .delete("/api/v1/sessions/" + apiSessions.get(0))
                        .status())
                .isEqualTo(204);
        assertThat(colleague.api().post("/api/v1/sessions", "{}").status()).isEqualTo(201);
    }

    /** The Flink job a query of the Sluice API runs, from its first page. */
    private static String flinkJobOf(ApiClient client, String statement) {
        JsonNode page = client.get("/api/v1/statements/" + statement + "/results?token=0")
                .body();
        assertThat(page.get("jobId")).as(page.toString()).isNotNull();
        return page.get("jobId").asText();
    }

    private static String flinkJobOfFlinkQuery(String handle, String operation) {
        return flink().jobOf(handle, operation, Duration.ofSeconds(30));
    }

    private static String adminSession;

    /** The Flink job's status as an admin's SHOW JOBS lists it, in one session of the admin's (the cap counts them). */
    private static synchronized String jobStatus(String flinkJobId) {
        if (adminSession == null) {
            adminSession = GATEWAY.api().openSession();
        }
        String id = GATEWAY.api()
                .run(adminSession, "SHOW JOBS")
                .get("statements")
                .get(0)
                .get("id")
                .asText();
        for (JsonNode row : GATEWAY.api().readAll(id, Duration.ofSeconds(30))) {
            if (row.toString().contains(flinkJobId)) {
                return row.get("fields").get(2).asText();
            }
        }
        return "MISSING";
    }

    private static void eventually(BooleanSupplier condition, String what) {
        await(what)
                .atMost(Duration.ofSeconds(20))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }
}
