package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded cluster's control plane is not reachable from off the host. Every port the gateway's JVM listens on
 * (the cluster's REST endpoint, its blob server, any RPC or data port) is bound to loopback, but for the gateway's own
 * two listeners on the configured bind address; and the cluster's REST endpoint takes no jar uploads or runs.
 */
class ClusterPortAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.HOST)
    void everyPortOfTheGatewaysJvmListensOnLoopbackOnly() throws Exception {
        // A job and a query first, so the cluster has opened what it opens on first use (blob transfers, data ports).
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, """
                CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT id FROM ticks;
                SELECT id FROM ticks
                """);
        try {
            URI api = URI.create(GATEWAY.apiUrl());
            URI cluster = URI.create(GATEWAY.clusterUrl());
            InetAddress bindAddress = InetAddress.getByName(api.getHost());
            Set<Integer> gatewayPorts = Set.of(
                    api.getPort(),
                    Integer.parseInt(GATEWAY.flinkEndpointAddress().split(":")[1]));

            List<ListeningSockets.Listener> listeners = ListeningSockets.ofThisProcess();

            // The scan sees the cluster's REST endpoint and the gateway's own listeners: it reads the right tables.
            assertThat(listeners)
                    .extracting(ListeningSockets.Listener::port)
                    .contains(cluster.getPort())
                    .containsAll(gatewayPorts);
            assertThat(listeners)
                    .allSatisfy(listener -> assertThat(listener.loopback()
                                    || (listener.address().equals(bindAddress)
                                            && gatewayPorts.contains(listener.port())))
                            .as("%s listens beyond loopback (all: %s)", listener, listeners)
                            .isTrue());
        } finally {
            GATEWAY.api().delete("/api/v1/sessions/" + session);
            stopAll();
        }
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.HOST)
    void theClustersRestEndpointTakesNoJarsButSluiceStillStopsJobs() throws Exception {
        String session = GATEWAY.api().openSession();
        JsonNode job = GATEWAY.api().run(session, """
                CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT id FROM ticks
                """).get("statements").get(2).get("job");

        // What the web UI's "Submit New Job" sends: a jar as a multipart upload, then a run of it.
        String jar = "--x\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\nPK\u0003\u0004\r\n--x--\r\n";
        HttpResponse<String> upload = HTTP.send(
                HttpRequest.newBuilder(URI.create(GATEWAY.clusterUrl() + "/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=x")
                        .POST(HttpRequest.BodyPublishers.ofString(jar))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> jars = HTTP.send(
                HttpRequest.newBuilder(URI.create(GATEWAY.clusterUrl() + "/jars"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode features = MAPPER.readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(GATEWAY.clusterUrl() + "/config"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("features");

        // Refused before any handler: the endpoint takes no file uploads at all.
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(400);
        assertThat(upload.body()).contains("POST request not allowed");
        assertThat(jars.statusCode()).isEqualTo(404);
        assertThat(features.get("web-submit").asBoolean()).isFalse();
        assertThat(features.get("web-rescale").asBoolean()).isFalse();
        // Nothing changed: the job still runs, and Sluice's own stop (a cancel through this REST API) still works.
        String jobId = job.get("id").asText();
        assertThat(GATEWAY.api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(GATEWAY.api()
                        .post("/api/v1/jobs/" + jobId + ":stop", "")
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELED");
        GATEWAY.api().delete("/api/v1/sessions/" + session);
    }

    private static void stopAll() {
        for (JsonNode job : GATEWAY.api().get("/api/v1/jobs").body().get("jobs")) {
            if (Set.of("SCHEDULING", "RUNNING").contains(job.get("status").asText())) {
                GATEWAY.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "");
            }
        }
    }
}
