package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.HostGrants;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery through enrichment functions: an analyst points a lookup at the embedded cluster's REST
 * port (from where one PATCH cancels another tenant's job), the cloud metadata service, loopback under other names,
 * or the metadata PostgreSQL. Publishing is refused where the address is visible then, with the spec field; the check
 * that holds is at lookup time, after DNS resolution, against the rules of the tenant whose statement planned the job.
 * A tiny HTTP server on loopback stands in for the internal target: it must see no request. Another tenant's job keeps
 * running throughout.
 */
class EnrichmentSsrfAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TARGET_REQUESTS = new AtomicInteger();

    private static HttpServer target;
    private static ApiClient mallory;
    private static String malloryToken;
    private static String victimJob;

    @BeforeAll
    static void tenantsAndTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            TARGET_REQUESTS.incrementAndGet();
            String key = exchange.getRequestURI()
                    .getPath()
                    .substring(exchange.getRequestURI().getPath().lastIndexOf('/') + 1);
            byte[] body = ("{\"name\": \"internal-" + key + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();

        malloryToken = analystToken("mallory");
        mallory = GATEWAY.api().withToken(malloryToken);
        ApiClient victim = GATEWAY.api().withToken(analystToken("victim"));
        victimJob = victim.run(
                        null,
                        "CREATE TEMPORARY TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');"
                                + "CREATE TEMPORARY TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');"
                                + "INSERT INTO sink SELECT n FROM ticks")
                .get("statements")
                .get(2)
                .get("job")
                .get("id")
                .asText();
        awaitVictimRunning();
    }

    @AfterAll
    static void stopTarget() {
        target.stop(0);
    }

    private static String analystToken(String tenant) {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}");
        return GATEWAY.api()
                .post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aLookupAtTheEmbeddedClustersRestPortIsRefused() {
        String cluster = GATEWAY.clusterUrl();

        // The example: with a lookup there, a key of "<job id>?mode=cancel" is one PATCH away from cancelling.
        assertRefusedAtPublish("cancel_jobs", http(cluster + "/jobs/{key}"), "spec.source.urlTemplate");
        assertRefusedAtPublish(
                "read_config",
                http(cluster.replace("127.0.0.1", "localhost") + "/jobmanager/config?k={key}"),
                "spec.source.urlTemplate");
        assertVictimStillRunning();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aLookupAtTheCloudMetadataServiceIsRefused() {
        assertRefusedAtPublish(
                "instance_role",
                http("http://169.254.169.254/latest/meta-data/iam/security-credentials/{key}"),
                "spec.source.urlTemplate");
        assertRefusedAtPublish(
                "instance_role_v6", http("http://[fd00:ec2::254]/latest/meta-data/{key}"), "spec.source.urlTemplate");
        assertVictimStillRunning();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aNameThatResolvesToLoopbackIsRefused() {
        assertRefusedAtPublish(
                "by_name", http("http://localhost:" + targetPort() + "/titles/{key}"), "spec.source.urlTemplate");
        assertRefusedAtPublish(
                "by_cased_name", http("http://LocalHost:" + targetPort() + "/titles/{key}"), "spec.source.urlTemplate");
        assertRefusedAtPublish(
                "by_other_loopback",
                http("http://127.0.0.2:" + targetPort() + "/titles/{key}"),
                "spec.source.urlTemplate");
        assertThat(TARGET_REQUESTS.get()).isZero();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void loopbackAsAnIpv4MappedIpv6AddressIsRefused() {
        assertRefusedAtPublish(
                "mapped",
                http("http://[::ffff:127.0.0.1]:" + targetPort() + "/titles/{key}"),
                "spec.source.urlTemplate");
        assertRefusedAtPublish(
                "mapped_hex",
                http("http://[::ffff:7f00:1]:" + targetPort() + "/titles/{key}"),
                "spec.source.urlTemplate");
        assertThat(TARGET_REQUESTS.get()).isZero();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aJdbcLookupAtTheMetadataPostgresIsRefused() {
        String metadataStore =
                TestPostgres.fromEnvironment().map(TestPostgres::url).orElse("jdbc:postgresql://127.0.0.1:5432/sluice");

        assertRefusedAtPublish("tokens", jdbc(metadataStore), "spec.source.url");
        assertRefusedAtPublish(
                "tokens_by_name", jdbc(metadataStore.replace("127.0.0.1", "localhost")), "spec.source.url");
        assertRefusedAtPublish(
                "tokens_second_host", jdbc(metadataStore.replace("//", "//db.invalid,")), "spec.source.url");
        assertVictimStillRunning();
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.API)
    void aJdbcUrlThatSwapsOutTheCheckedSocketFactoryIsRefused() {
        for (String parameter : List.of(
                "socketFactory=javax.net.DefaultSocketFactory", "service=metadata", "sslrootcert=/etc/passwd")) {
            Response refused = mallory.post(
                    "/api/v1/functions", enrichment("swap", jdbc("jdbc:postgresql://db.example.com/x?" + parameter)));

            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
            assertThat(refused.body().get("error").get("field").asText()).isEqualTo("spec.source.url");
            assertThat(refused.body().get("error").get("message").asText())
                    .contains("may not set the connection parameter");
        }
        assertThat(mallory.get("/api/v1/functions/swap").status()).isEqualTo(404);
    }

    @Test
    @Attack(
            kind = Attack.Kind.CONTROL_PLANE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aHostAllowedAtPublishIsRefusedAtLookupOnceTheGrantIsGone() {
        HostGrants.allow(GATEWAY.api(), "mallory", "127.0.0.1:" + targetPort());
        Response created = mallory.post(
                "/api/v1/functions", enrichment("granted", http("http://localhost:" + targetPort() + "/titles/{key}")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        // While granted, the lookup reaches the server: the refusal below is the rules', not the setup's.
        assertThat(apiRows("SELECT granted('k1')")).containsExactly("[\"internal-k1\"]");
        int reached = TARGET_REQUESTS.get();
        assertThat(reached).isEqualTo(1);

        revokeHosts("mallory");

        // New statements plan with the tenant's rules as they are now: each lookup falls back, and connects nowhere.
        assertThat(apiRows("SELECT granted('k2')")).containsExactly("[\"refused\"]");
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(malloryToken);
        assertThat(flink.query(session, "SELECT granted('k3')", Duration.ofSeconds(60)))
                .containsExactly("INSERT [\"refused\"]");
        assertThat(TARGET_REQUESTS.get()).isEqualTo(reached);
        assertVictimStillRunning();
    }

    private static void assertRefusedAtPublish(String name, ObjectNode spec, String field) {
        Response refused = mallory.post("/api/v1/functions", enrichment(name, spec));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        JsonNode error = refused.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("POLICY_HOST_NOT_ALLOWED");
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).contains("Tenant 'mallory' may not connect to");
        assertThat(error.get("hint").asText()).contains("allowedHosts");
        assertThat(mallory.get("/api/v1/functions/" + name).status())
                .as("nothing stored")
                .isEqualTo(404);
    }

    private static ObjectNode enrichment(String name, ObjectNode source) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("language", "ENRICHMENT");
        ObjectNode spec = body.putObject("spec");
        spec.set("source", source);
        spec.put("timeout", "2 s").put("fallback", "refused");
        return body;
    }

    private static ObjectNode http(String urlTemplate) {
        return JSON.createObjectNode()
                .put("type", "http")
                .put("urlTemplate", urlTemplate)
                .put("valuePointer", "/name");
    }

    private static ObjectNode jdbc(String url) {
        return JSON.createObjectNode()
                .put("type", "jdbc")
                .put("url", url)
                .put("table", "tokens")
                .put("keyColumn", "id")
                .put("valueColumn", "token")
                .put("user", "sluice");
    }

    private static List<String> apiRows(String sql) {
        String statement =
                mallory.run(null, sql).get("statements").get(0).get("id").asText();
        return mallory.readAll(statement, Duration.ofSeconds(60)).stream()
                .map(row -> row.get("fields").toString())
                .toList();
    }

    /** An admin takes the tenant's host grants back, keeping the rest of its policy. */
    private static void revokeHosts(String tenant) {
        ObjectNode policy = (ObjectNode)
                GATEWAY.api().get("/api/v1/tenants/" + tenant + "/policy").body();
        policy.putArray("allowedHosts");
        Response stored = GATEWAY.api().put("/api/v1/tenants/" + tenant + "/policy", policy.toString());
        assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    }

    private static int targetPort() {
        return target.getAddress().getPort();
    }

    private static void awaitVictimRunning() {
        GATEWAY.api().awaitJobStatus(victimJob, "RUNNING", Duration.ofSeconds(60));
    }

    private static void assertVictimStillRunning() {
        assertThat(victimStatus()).as("the other tenant's job").isEqualTo("RUNNING");
    }

    private static String victimStatus() {
        return GATEWAY.api()
                .get("/api/v1/jobs/" + victimJob)
                .body()
                .get("status")
                .asText();
    }
}
