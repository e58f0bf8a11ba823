package dev.sluice.gateway.security;

import dev.sluice.gateway.security.Attack.Listener;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static dev.sluice.gateway.security.Attack.Kind.CONTROL_PLANE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile analysts pointing connectors at the cluster's control plane and the gateway's own services (docs/security.md,
 * "The cluster's control plane is not the tenants'"): a Kafka or JDBC table aimed at the embedded Flink REST port, the
 * metadata PostgreSQL or the cloud metadata service. Every host an option names is resolved and judged by the tenant's
 * outbound rules when the statement is checked, so such a table is refused before any job connects; another tenant's
 * job runs on untouched.
 */
class ConnectorHostAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final String HOST_NOT_ALLOWED = "POLICY_HOST_NOT_ALLOWED";

    private static HostileTenant mallory;
    private static HostileTenant victim;
    private static String victimJob;
    private static int flinkRestPort;

    @BeforeAll
    static void aVictimsRunningJob() {
        victim = HostileTenant.create(GATEWAY, "victim");
        mallory = HostileTenant.create(GATEWAY, "mallory");
        victim.api().run(null, """
                CREATE TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
                CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                """);
        victimJob = victim.api()
                .run(null, "INSERT INTO sink SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        flinkRestPort = URI.create(GATEWAY.clusterUrl()).getPort();
    }

    private static String kafkaTable(String name, String servers) {
        return "CREATE TEMPORARY TABLE " + name
                + " (line STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'raw',"
                + " 'properties.bootstrap.servers' = '" + servers + "')";
    }

    private static String jdbcTable(String name, String url) {
        return "CREATE TEMPORARY TABLE " + name
                + " (id INT) WITH ('connector' = 'jdbc', 'table-name' = 'job', 'url' = '" + url + "')";
    }

    /** Refused on both listeners, naming the address the host resolved to and how an admin allows it. */
    private static void refusedEverywhere(String resolvedTo, String... statements) {
        assertThat(mallory.refusedByApi(HOST_NOT_ALLOWED, statements)
                        .get("message")
                        .asText())
                .contains("resolves to " + resolvedTo);
        assertThat(mallory.refusedByFlinkEndpoint(HOST_NOT_ALLOWED, statements))
                .contains("resolves to " + resolvedTo, "/hosts");
    }

    /** The victim's job still runs, and the attacker started nothing. */
    private static void untouched() {
        assertThat(victim.api()
                        .get("/api/v1/jobs/" + victimJob)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(mallory.jobs()).isEmpty();
    }

    /** The example: the embedded cluster's REST port answers without credentials (a job can be cancelled). */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aKafkaTableCannotReachTheFlinkRestPort() {
        refusedEverywhere("127.0.0.1", kafkaTable("rest", "127.0.0.1:" + flinkRestPort), "SELECT * FROM rest");
        refusedEverywhere(
                "127.0.0.1", kafkaTable("rest", "203.0.113.10:9092,127.0.0.1:" + flinkRestPort), "SELECT * FROM rest");
        untouched();
    }

    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJdbcTableCannotReachTheFlinkRestPort() {
        refusedEverywhere(
                "127.0.0.1",
                jdbcTable("rest", "jdbc:postgresql://127.0.0.1:" + flinkRestPort + "/jobs"),
                "SELECT * FROM rest");
        untouched();
    }

    /** The metadata store holds every tenant's tokens (hashed), policies, jobs and the audit log. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJdbcTableCannotReachTheMetadataPostgres() {
        String store =
                TestPostgres.fromEnvironment().map(TestPostgres::url).orElse("jdbc:postgresql://127.0.0.1:5432/sluice");
        URI address = URI.create(store.substring("jdbc:".length()));
        String url = "jdbc:postgresql://" + address.getHost() + ":" + (address.getPort() < 0 ? 5432 : address.getPort())
                + address.getPath();

        assertThat(mallory.refusedByApi(HOST_NOT_ALLOWED, jdbcTable("store", url), "SELECT * FROM store")
                        .get("message")
                        .asText())
                .contains("an internal address no admin allowed");
        mallory.refusedByFlinkEndpoint(HOST_NOT_ALLOWED, jdbcTable("store", url), "SELECT * FROM store");
        untouched();
    }

    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noConnectorReachesTheCloudMetadataService() {
        refusedEverywhere("169.254.169.254", kafkaTable("imds", "169.254.169.254:80"), "SELECT * FROM imds");
        refusedEverywhere("169.254.169.254", jdbcTable("imds", "jdbc:postgresql://169.254.169.254:80/latest"));
        refusedEverywhere("fd00:ec2:0:0:0:0:0:254", kafkaTable("imds", "[fd00:ec2::254]:80"));
        untouched();
    }

    /** An address is judged by the IPv4 address an IPv6 form embeds, and by what a short or numeric spelling means. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noSpellingOfLoopbackGetsThrough() {
        refusedEverywhere("127.0.0.1", kafkaTable("mapped_four", "[::ffff:127.0.0.1]:" + flinkRestPort));
        refusedEverywhere(
                "127.0.0.1", jdbcTable("mapped_hex", "jdbc:postgresql://[::ffff:7f00:1]:" + flinkRestPort + "/x"));
        refusedEverywhere("127.0.0.1", kafkaTable("short_form", "127.1:" + flinkRestPort));
        refusedEverywhere("127.0.0.1", kafkaTable("as_number", "2130706433:" + flinkRestPort));
        refusedEverywhere("0:0:0:0:0:0:0:1", kafkaTable("loopback_six", "[::1]:" + flinkRestPort));
        refusedEverywhere("0.0.0.0", kafkaTable("unspecified", "0.0.0.0:" + flinkRestPort));
        assertThat(mallory.refusedByApi(HOST_NOT_ALLOWED, kafkaTable("by_name", "localhost:" + flinkRestPort))
                        .get("message")
                        .asText())
                .contains("an internal address");
        untouched();
    }

    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void privateNetworksAreClosedUntilAnAdminOpensThem() {
        refusedEverywhere("10.0.0.1", kafkaTable("private", "10.0.0.1:9092"));
        refusedEverywhere(
                "192.168.1.1",
                "CREATE TEMPORARY TABLE upserts (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + "'connector' = 'upsert-kafka', 'topic' = 't', 'key.format' = 'raw', 'value.format' = 'raw',"
                        + " 'properties.bootstrap.servers' = '192.168.1.1:9092')");
        refusedEverywhere("100.64.0.1", jdbcTable("nat", "jdbc:postgresql://100.64.0.1/x"));
        untouched();
    }

    /** A host an admin allows for one tenant is that tenant's only. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aHostAllowedForOneTenantIsNotAnothers() {
        HostileTenant trusted = HostileTenant.create(GATEWAY, "trusted");
        assertThat(GATEWAY.api()
                        .post("/api/v1/tenants/trusted/hosts", "{\"host\": \"10.9.8.7:9092\"}")
                        .status())
                .isEqualTo(200);
        trusted.api().run(null, kafkaTable("allowed", "10.9.8.7:9092"));

        refusedEverywhere("10.9.8.7", kafkaTable("borrowed", "10.9.8.7:9092"));
        // The allowed port only.
        assertThat(trusted.refusedByApi(HOST_NOT_ALLOWED, kafkaTable("other_port", "10.9.8.7:" + flinkRestPort))
                        .get("message")
                        .asText())
                .contains("10.9.8.7");
        untouched();
    }

    /** A table stored while its host was allowed is refused where it is used once the admin takes the host back. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aViewOverATableWhoseHostWasTakenBackIsRefused() {
        assertThat(GATEWAY.api()
                        .post("/api/v1/tenants/mallory/hosts", "{\"host\": \"127.0.0.1\"}")
                        .status())
                .isEqualTo(200);
        mallory.api()
                .run(
                        null,
                        "CREATE TABLE rest_stored (line STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'raw',"
                                + " 'properties.bootstrap.servers' = '127.0.0.1:" + flinkRestPort
                                + "', 'scan.startup.mode' = 'earliest-offset');\n"
                                + "CREATE VIEW rest_view AS SELECT * FROM rest_stored");
        assertThat(GATEWAY.api()
                        .delete("/api/v1/tenants/mallory/hosts?host=127.0.0.1")
                        .status())
                .isEqualTo(200);

        refusedEverywhere("127.0.0.1", "SELECT * FROM rest_view");
        refusedEverywhere("127.0.0.1", "INSERT INTO rest_stored SELECT 'x'");
        untouched();
    }

    /** The Kafka client can be told to connect to the names its bootstrap addresses resolve back to: not judged, so not allowed. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theKafkaClientCannotBeToldToLookNamesUpAgain() {
        String table =
                "CREATE TEMPORARY TABLE canonical (line STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'raw',"
                        + " 'properties.bootstrap.servers' = '203.0.113.10:9092',"
                        + " 'properties.client.dns.lookup' = 'resolve_canonical_bootstrap_servers_only')";
        mallory.refusedByApi("POLICY_OPTION_FORBIDDEN", table);
        mallory.refusedByFlinkEndpoint("POLICY_OPTION_FORBIDDEN", table);
        untouched();
    }

    /** Validation reports the same refusal, so the console shows it as the analyst types, before anything runs. */
    @Attack(
            kind = CONTROL_PLANE,
            through = {Listener.API})
    @Test
    void validationReportsTheHostWithoutConnecting() {
        Instant started = Instant.now();
        ApiClient.Response report = mallory.api()
                .post(
                        "/api/v1/statements:validate",
                        "{\"sql\": \"" + kafkaTable("rest", "127.0.0.1:" + flinkRestPort) + "\"}");

        assertThat(report.body().get("valid").asBoolean()).isFalse();
        assertThat(report.body().get("diagnostics").get(0).get("code").asText()).isEqualTo(HOST_NOT_ALLOWED);
        assertThat(report.body().get("diagnostics").get(0).get("column").asInt())
                .isGreaterThan(1);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        untouched();
    }
}
