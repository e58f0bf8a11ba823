package dev.sluice.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the API × role (admin, analyst) × whose resource (the caller's own tenant's, another tenant's). The
 * routes come from the gateway's route table, so a new route without an entry here fails {@link #everyRouteHasAnEntry}.
 *
 * <p>An admin works in tenant {@code default} and may do everything everywhere, but for sessions and their statements,
 * which belong to the token that opened them alone. An analyst of {@code acme} may use acme's jobs and policy and
 * their own sessions and statements; beta's are 404 to them (not 403, so ids say nothing), and admin-only routes are
 * 403 whatever they name.
 */
class AuthorizationMatrixIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    /** Who may call a route, as this test expects it. */
    private enum Rule {
        /** Anyone, without a token. */
        PUBLIC,
        /** Any caller, about their own work only (what they list or create is their tenant's). */
        CALLERS_OWN,
        /** Any caller, about a resource of a tenant: an analyst only about their own tenant's, else 404. */
        TENANT_RESOURCE,
        /**
         * As {@link #TENANT_RESOURCE}, but what the resource's state allows decides the answer to whoever may act on
         * it (e.g. 409): anything but 401, 403 and 404.
         */
        TENANT_RESOURCE_IN_ITS_STATE,
        /** The token that made it only: anyone else, an admin too, gets 404, as for one that does not exist. */
        TOKEN_RESOURCE,
        /** Admins only: 403 for an analyst, whatever tenant the call names. */
        ADMIN_ONLY
    }

    /** A tenant, with a client (of a token of that tenant) that makes resources belonging to it. */
    private record Tenant(String name, ApiClient owner) {
        String session() {
            return owner.openSession();
        }

        String statement() {
            return owner.run(null, "SELECT 1")
                    .get("statements")
                    .get(0)
                    .get("id")
                    .asText();
        }

        /** A streaming query of the tenant's client, running (its session stays open). */
        String query() {
            String session = owner.openSession();
            owner.run(
                    session,
                    "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
            return owner.run(session, "SELECT id FROM ticks")
                    .get("statements")
                    .get(0)
                    .get("id")
                    .asText();
        }

        String job() {
            return owner.run(null, "INSERT INTO sink SELECT * FROM src")
                    .get("statements")
                    .get(0)
                    .get("job")
                    .get("id")
                    .asText();
        }

        /** A request held over quota, made by a new analyst of the tenant (so an admin may decide on it). */
        String approval() {
            ApiClient admin = GATEWAY.api();
            admin.put("/api/v1/tenants/" + name + "/quota", quota(0));
            try {
                Response token = admin.post(
                        "/api/v1/tenants/" + name + "/tokens",
                        "{\"name\": \"r" + UNIQUE.incrementAndGet() + "\", \"role\": \"analyst\"}");
                Response held = admin.withToken(token.body().get("token").asText())
                        .post("/api/v1/statements", "{\"sql\": \"INSERT INTO sink SELECT * FROM src\"}");
                assertThat(held.status()).as(held.body().toString()).isEqualTo(202);
                return held.body().get("approvalId").asText();
            } finally {
                admin.put("/api/v1/tenants/" + name + "/quota", quota(100));
            }
        }

        /** A script saved by the tenant's client: a user's own, which nobody else finds. */
        String script() {
            Response saved = owner.post("/api/v1/scripts", scriptBody());
            assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
            return saved.body().get("id").asText();
        }

        String token() {
            return GATEWAY.api()
                    .post(
                            "/api/v1/tenants/" + name + "/tokens",
                            "{\"name\": \"t" + UNIQUE.incrementAndGet() + "\", \"role\": \"analyst\"}")
                    .body()
                    .get("id")
                    .asText();
        }
    }

    private static String quota(int maxJobs) {
        return "{\"maxJobs\": " + maxJobs + ", \"maxTaskSlots\": 100, \"maxCpuCores\": 100,"
                + " \"maxMemoryBytes\": 1099511627776, \"maxStateBytes\": 1099511627776}";
    }

    /** A script whose one case passes: running it is a statement test of the caller's own. */
    private static String scriptBody() {
        return "{\"name\": \"s" + UNIQUE.incrementAndGet() + "\", \"sql\": \"SELECT 1 AS one\","
                + " \"tests\": [{\"name\": \"one\", \"expected\": [{\"one\": 1}]}]}";
    }

    private record Case(Rule rule, BiFunction<ApiClient, Tenant, Response> call) {}

    private static final Map<String, Case> MATRIX = Map.ofEntries(
            entry(
                    "GET /api/v1/openapi.json",
                    new Case(
                            Rule.PUBLIC,
                            (caller, tenant) -> caller.withToken(null).get("/api/v1/openapi.json"))),
            entry(
                    "GET /healthz/live",
                    new Case(
                            Rule.PUBLIC,
                            (caller, tenant) -> caller.withToken(null).get("/healthz/live"))),
            entry(
                    "GET /healthz/ready",
                    new Case(
                            Rule.PUBLIC,
                            (caller, tenant) -> caller.withToken(null).get("/healthz/ready"))),
            entry("GET /api/v1/whoami", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/whoami"))),
            entry(
                    "POST /api/v1/sessions",
                    new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.post("/api/v1/sessions", "{}"))),
            entry(
                    "DELETE /api/v1/sessions/{sessionId}",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.delete("/api/v1/sessions/" + tenant.session()))),
            entry(
                    "POST /api/v1/statements",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) ->
                                    caller.post("/api/v1/statements", withSession("SELECT 1", tenant.session())))),
            entry(
                    "POST /api/v1/statements:validate",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/statements:validate",
                                    withSession("SELECT * FROM src", tenant.session())))),
            entry(
                    "POST /api/v1/statements:estimate",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/statements:estimate",
                                    withSession("SELECT * FROM src", tenant.session())))),
            // Runs on the caller's own tenant's tables, given as inputs.
            entry(
                    "POST /api/v1/statements:test",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/statements:test",
                                    "{\"sql\": \"SELECT 1 AS one\", \"expected\": [{\"one\": 1}]}"))),
            entry("GET /api/v1/scripts", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/scripts"))),
            entry(
                    "POST /api/v1/scripts",
                    new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.post("/api/v1/scripts", scriptBody()))),
            entry(
                    "GET /api/v1/scripts/{id}",
                    new Case(
                            Rule.TOKEN_RESOURCE, (caller, tenant) -> caller.get("/api/v1/scripts/" + tenant.script()))),
            entry(
                    "PUT /api/v1/scripts/{id}",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.put("/api/v1/scripts/" + tenant.script(), scriptBody()))),
            entry(
                    "POST /api/v1/scripts/{id}:test",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.post("/api/v1/scripts/" + tenant.script() + ":test", ""))),
            entry(
                    "DELETE /api/v1/scripts/{id}",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.delete("/api/v1/scripts/" + tenant.script()))),
            entry(
                    "POST /api/v1/statements:describeTest",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) ->
                                    caller.post("/api/v1/statements:describeTest", "{\"sql\": \"SELECT 1 AS one\"}"))),
            entry(
                    "GET /api/v1/statements/{statementId}/results",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) ->
                                    caller.get("/api/v1/statements/" + tenant.statement() + "/results?token=0"))),
            entry(
                    "DELETE /api/v1/statements/{statementId}",
                    new Case(
                            Rule.TOKEN_RESOURCE,
                            (caller, tenant) -> caller.delete("/api/v1/statements/" + tenant.statement()))),
            entry("GET /api/v1/queries", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/queries"))),
            // The query's owner or an admin; another analyst, of the tenant too, gets 404 (QueryCancelAttacksIT).
            entry(
                    "DELETE /api/v1/queries/{queryId}",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.delete("/api/v1/queries/" + tenant.query()))),
            // The caller's own history only, whoever asks (HistoryAttacksIT).
            entry("GET /api/v1/history", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/history"))),
            entry(
                    "DELETE /api/v1/history",
                    new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.delete("/api/v1/history"))),
            entry("GET /api/v1/jobs", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/jobs"))),
            entry(
                    "GET /api/v1/jobs/{jobId}",
                    new Case(Rule.TENANT_RESOURCE, (caller, tenant) -> caller.get("/api/v1/jobs/" + tenant.job()))),
            // The job's Flink job has finished; the cluster keeps it, and so its plan.
            entry(
                    "GET /api/v1/jobs/{jobId}/plan",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.get("/api/v1/jobs/" + tenant.job() + "/plan"))),
            entry(
                    "POST /api/v1/jobs/{jobId}:stop",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.post("/api/v1/jobs/" + tenant.job() + ":stop", ""))),
            // The job finished without a savepoint: its owner's tenant gets past authorization to 409 (nothing to
            // resume
            // from); resuming from a savepoint is JobLifecycleIT's.
            entry(
                    "POST /api/v1/jobs/{jobId}:resume",
                    new Case(
                            Rule.TENANT_RESOURCE_IN_ITS_STATE,
                            (caller, tenant) -> caller.post("/api/v1/jobs/" + tenant.job() + ":resume", ""))),
            entry("GET /api/v1/tables", new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/tables"))),
            // A function belongs to the caller's tenant and is named without it: every call is about the caller's own.
            entry(
                    "POST /api/v1/functions",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> createFunction(caller, "f" + UNIQUE.incrementAndGet()))),
            entry(
                    "GET /api/v1/functions",
                    new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/functions"))),
            entry(
                    "GET /api/v1/functions/{name}",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.get("/api/v1/functions/" + ownFunction(caller)))),
            entry(
                    "DELETE /api/v1/functions/{name}",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.delete("/api/v1/functions/" + ownFunction(caller)))),
            entry(
                    "GET /api/v1/functions/{name}/versions",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.get("/api/v1/functions/" + ownFunction(caller) + "/versions"))),
            entry(
                    "POST /api/v1/functions/{name}/versions",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/functions/" + ownFunction(caller) + "/versions", functionBody(null)))),
            entry(
                    "POST /api/v1/functions/{name}:try",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/functions/" + ownJsFunction(caller) + ":try",
                                    "{\"arguments\": [\"x\"]}"))),
            entry(
                    "POST /api/v1/functions/{name}:rollback",
                    new Case(
                            Rule.CALLERS_OWN,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/functions/" + ownFunction(caller) + ":rollback", "{\"version\": 1}"))),
            entry(
                    "GET /api/v1/tenants/{tenant}/policy",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.get("/api/v1/tenants/" + tenant.name() + "/policy"))),
            entry(
                    "PUT /api/v1/tenants/{tenant}/policy",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.put(
                                    "/api/v1/tenants/" + tenant.name() + "/policy", "{\"allowJavaFunctions\": true}"))),
            entry(
                    "POST /api/v1/tenants/{tenant}/storage-roots",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/tenants/" + tenant.name() + "/storage-roots",
                                    "{\"path\": \"/srv/sluice-data/" + tenant.name() + "\"}"))),
            // Whoever may take a grant back may make it first.
            entry("DELETE /api/v1/tenants/{tenant}/storage-roots", new Case(Rule.ADMIN_ONLY, (caller, tenant) -> {
                caller.post(
                        "/api/v1/tenants/" + tenant.name() + "/storage-roots",
                        "{\"path\": \"/srv/sluice-data/" + tenant.name() + "\"}");
                return caller.delete(
                        "/api/v1/tenants/" + tenant.name() + "/storage-roots?path=/srv/sluice-data/" + tenant.name());
            })),
            entry(
                    "POST /api/v1/tenants/{tenant}/hosts",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/tenants/" + tenant.name() + "/hosts", "{\"host\": \"10.1.2.3\"}"))),
            entry("DELETE /api/v1/tenants/{tenant}/hosts", new Case(Rule.ADMIN_ONLY, (caller, tenant) -> {
                caller.post("/api/v1/tenants/" + tenant.name() + "/hosts", "{\"host\": \"10.1.2.3\"}");
                return caller.delete("/api/v1/tenants/" + tenant.name() + "/hosts?host=10.1.2.3");
            })),
            entry(
                    "POST /api/v1/tenants",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/tenants", "{\"name\": \"t" + UNIQUE.incrementAndGet() + "\"}"))),
            entry("GET /api/v1/tenants", new Case(Rule.ADMIN_ONLY, (caller, tenant) -> caller.get("/api/v1/tenants"))),
            entry(
                    "POST /api/v1/tenants/{tenant}/tokens",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/tenants/" + tenant.name() + "/tokens",
                                    "{\"name\": \"m" + UNIQUE.incrementAndGet() + "\", \"role\": \"analyst\"}"))),
            entry(
                    "GET /api/v1/tenants/{tenant}/tokens",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.get("/api/v1/tenants/" + tenant.name() + "/tokens"))),
            entry(
                    "DELETE /api/v1/tokens/{tokenId}",
                    new Case(Rule.ADMIN_ONLY, (caller, tenant) -> caller.delete("/api/v1/tokens/" + tenant.token()))),
            entry("GET /api/v1/audit", new Case(Rule.ADMIN_ONLY, (caller, tenant) -> caller.get("/api/v1/audit"))),
            // Every tenant's figures; the scrape token, which also opens it, is MetricsAttacksIT's.
            entry(
                    "GET /metrics",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.getText("/metrics").asResponse())),
            entry(
                    "GET /api/v1/tenants/{tenant}/quota",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.get("/api/v1/tenants/" + tenant.name() + "/quota"))),
            entry(
                    "PUT /api/v1/tenants/{tenant}/quota",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.put("/api/v1/tenants/" + tenant.name() + "/quota", quota(100)))),
            entry(
                    "GET /api/v1/approvals",
                    new Case(Rule.CALLERS_OWN, (caller, tenant) -> caller.get("/api/v1/approvals"))),
            entry(
                    "GET /api/v1/approvals/{approvalId}",
                    new Case(
                            Rule.TENANT_RESOURCE,
                            (caller, tenant) -> caller.get("/api/v1/approvals/" + tenant.approval()))),
            entry(
                    "POST /api/v1/approvals/{approvalId}:approve",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) ->
                                    caller.post("/api/v1/approvals/" + tenant.approval() + ":approve", ""))),
            entry(
                    "POST /api/v1/approvals/{approvalId}:reject",
                    new Case(
                            Rule.ADMIN_ONLY,
                            (caller, tenant) -> caller.post(
                                    "/api/v1/approvals/" + tenant.approval() + ":reject", "{\"comment\": \"no\"}"))));

    private static Tenant defaultTenant;
    private static Tenant acme;
    private static Tenant beta;

    @BeforeAll
    static void tenantsWithTablesAndAnalysts() {
        ApiClient admin = GATEWAY.api();
        defaultTenant = new Tenant("default", admin);
        acme = new Tenant("acme", analystOf(admin, "acme"));
        beta = new Tenant("beta", analystOf(admin, "beta"));
        for (Tenant tenant : List.of(defaultTenant, acme, beta)) {
            tenant.owner().run(null, """
                    CREATE TABLE src (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
                    CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');
                    """);
        }
    }

    private static ApiClient analystOf(ApiClient admin, String tenant) {
        assertThat(admin.post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}")
                        .status())
                .isEqualTo(201);
        // The matrix uploads Java functions as the analyst too.
        assertThat(admin.put("/api/v1/tenants/" + tenant + "/policy", "{\"allowJavaFunctions\": true}")
                        .status())
                .isEqualTo(200);
        Response token =
                admin.post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"analyst\", \"role\": \"analyst\"}");
        return admin.withToken(token.body().get("token").asText());
    }

    private static Response createFunction(ApiClient caller, String name) {
        return caller.post("/api/v1/functions", functionBody(name));
    }

    private static String ownFunction(ApiClient caller) {
        String name = "f" + UNIQUE.incrementAndGet();
        assertThat(createFunction(caller, name).status()).isEqualTo(201);
        return name;
    }

    /** Only a JavaScript function can be tried on sample input. */
    private static String ownJsFunction(ApiClient caller) {
        String name = "js" + UNIQUE.incrementAndGet();
        ObjectNode body = MAPPER.createObjectNode()
                .put("name", name)
                .put("language", "JAVASCRIPT")
                .put("kind", "SCALAR")
                .put("entry", "f")
                .put("source", "function f(s) { return s; }");
        body.putObject("signature")
                .put("result", "STRING")
                .putArray("parameters")
                .addObject()
                .put("name", "s")
                .put("type", "STRING");
        Response created = caller.post("/api/v1/functions", body.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return name;
    }

    private static String functionBody(String name) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("language", "JAVA")
                .put("className", "matrix.Same")
                .put("jar", Base64.getEncoder().encodeToString(Jar.BYTES));
        return (name == null ? body : body.put("name", name)).toString();
    }

    /** One jar, compiled on first use, for every call: compiling is the slow part. */
    private static final class Jar {
        static final byte[] BYTES = UdfJars.jar(
                "matrix.Same",
                "package matrix; public class Same extends org.apache.flink.table.functions.ScalarFunction {"
                        + " public String eval(String s) { return s; } }");
    }

    private static String withSession(String sql, String sessionId) {
        ObjectNode body = MAPPER.createObjectNode().put("sql", sql).put("sessionId", sessionId);
        return body.toString();
    }

    @Test
    void everyRouteHasAnEntry() {
        assertThat(new TreeSet<>(MATRIX.keySet())).isEqualTo(new TreeSet<>(GATEWAY.apiRoutes()));
    }

    @TestFactory
    List<DynamicTest> everyRouteByRoleAndTenant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String route : new TreeMap<>(MATRIX).keySet()) {
            Case entry = MATRIX.get(route);
            if (entry == null) {
                continue; // everyRouteHasAnEntry reports it
            }
            tests.add(DynamicTest.dynamicTest(
                    route + " as admin, own tenant",
                    () -> expect(entry.call().apply(GATEWAY.api(), defaultTenant), allowed(entry.rule()))));
            tests.add(DynamicTest.dynamicTest(
                    route + " as admin, other tenant",
                    () -> expect(
                            entry.call().apply(GATEWAY.api(), acme),
                            entry.rule() == Rule.TOKEN_RESOURCE ? 404 : allowed(entry.rule()))));
            tests.add(DynamicTest.dynamicTest(
                    route + " as analyst, own tenant",
                    () -> expect(
                            entry.call().apply(acme.owner(), acme),
                            entry.rule() == Rule.ADMIN_ONLY ? 403 : allowed(entry.rule()))));
            tests.add(DynamicTest.dynamicTest(
                    route + " as analyst, other tenant",
                    () -> expect(
                            entry.call().apply(acme.owner(), beta),
                            switch (entry.rule()) {
                                case PUBLIC, CALLERS_OWN -> 2;
                                case TENANT_RESOURCE, TENANT_RESOURCE_IN_ITS_STATE, TOKEN_RESOURCE -> 404;
                                case ADMIN_ONLY -> 403;
                            })));
        }
        return tests;
    }

    /** 2 for any 2xx, or {@link #NOT_REFUSED} for anything but 401, 403 and 404. */
    private static int allowed(Rule rule) {
        return rule == Rule.TENANT_RESOURCE_IN_ITS_STATE ? NOT_REFUSED : 2;
    }

    private static final int NOT_REFUSED = 0;

    /** @param expected an HTTP status, 2 for any 2xx, or {@link #NOT_REFUSED} */
    private static void expect(Response response, int expected) {
        if (expected == NOT_REFUSED) {
            assertThat(response.status())
                    .as(response.body().toString())
                    .isNotIn(401, 403, 404)
                    .isLessThan(500);
            return;
        }
        if (expected == 2) {
            assertThat(response.status() / 100).as(response.body().toString()).isEqualTo(2);
            return;
        }
        assertThat(response.status()).as(response.body().toString()).isEqualTo(expected);
        assertThat(response.body().get("error").get("code").asText())
                .isEqualTo(expected == 404 ? "NOT_FOUND" : "FORBIDDEN");
    }
}
