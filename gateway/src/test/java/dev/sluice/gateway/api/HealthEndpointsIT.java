package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TcpProxy;
import dev.sluice.gateway.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probes Kubernetes calls: served without a token, saying only up or not and why, and {@code /healthz/ready} turns
 * 503 when the metadata store goes away. The gateway reaches the test PostgreSQL through a {@link TcpProxy}, so the
 * store can be taken away from it (and given back) while the shared server keeps running.
 */
class HealthEndpointsIT {

    private static final Optional<TestPostgres> POSTGRES = TestPostgres.fromEnvironment();
    private static final TcpProxy PROXY = POSTGRES.map(postgres -> {
                URI server = URI.create(postgres.url().substring("jdbc:".length()));
                return new TcpProxy(server.getHost(), server.getPort());
            })
            .orElse(null);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres(options -> {
        options.set(SluiceOptions.HEALTH_TIMEOUT, Duration.ofSeconds(1));
        options.getOptional(SluiceOptions.METADATA_URL)
                .ifPresent(url -> options.set(
                        SluiceOptions.METADATA_URL, url.replaceFirst("//[^/]+/", "//127.0.0.1:" + PROXY.port() + "/")));
    });

    @AfterAll
    static void closeProxy() {
        if (PROXY != null) {
            PROXY.close();
        }
    }

    private static ApiClient anonymous() {
        return GATEWAY.api().withToken(null);
    }

    @Test
    void liveWithoutAToken() {
        Response live = anonymous().get("/healthz/live");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().toString()).isEqualTo("{\"status\":\"LIVE\"}");
    }

    @Test
    void readyWithoutATokenNamesEveryPart() {
        Response ready = anonymous().get("/healthz/ready");

        assertThat(ready.status()).as(ready.body().toString()).isEqualTo(200);
        assertThat(ready.body().get("status").asText()).isEqualTo("READY");
        assertThat(ready.body().get("checks"))
                .extracting(check ->
                        check.get("name").asText() + "=" + check.get("ready").asBoolean())
                .containsExactly("metadataStore=true", "flinkCluster=true");
    }

    @Test
    void aBadTokenDoesNotMatterToTheProbesButStillDoesElsewhere() {
        ApiClient stranger = GATEWAY.api().withToken("slc_not-a-token");

        assertThat(stranger.get("/healthz/live").status()).isEqualTo(200);
        assertThat(stranger.get("/healthz/ready").status()).isEqualTo(200);
        assertThat(stranger.get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/v1/jobs").status()).isEqualTo(401);
    }

    @Test
    void storeAwayIsNotReadyNamingItAndBackIsReadyAgain() {
        assumeTrue(PROXY != null, "needs the test PostgreSQL (" + TestPostgres.URL + ")");
        PROXY.cut();
        try {
            Response down = awaitReady(response -> response.status() == 503);
            assertThat(down.body().get("status").asText()).isEqualTo("NOT_READY");
            JsonNode store = down.body().get("checks").get(0);
            assertThat(store.get("name").asText()).isEqualTo("metadataStore");
            assertThat(store.get("ready").asBoolean()).isFalse();
            assertThat(store.get("reason").asText()).isNotBlank();
            assertThat(down.body().get("checks").get(1).get("ready").asBoolean())
                    .as("the Flink cluster is still up")
                    .isTrue();
            assertNoSecrets(down);
            assertThat(anonymous().get("/healthz/live").status())
                    .as("the process is still up")
                    .isEqualTo(200);
        } finally {
            PROXY.restore();
        }
        assertThat(awaitReady(response -> response.status() == 200)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("READY");
    }

    @Test
    void answersCarryNoSecrets() {
        assertNoSecrets(anonymous().get("/healthz/ready"));
        assertNoSecrets(anonymous().get("/healthz/live"));
    }

    /** No token, no store URL or user, no host, port or path of the gateway's: names, booleans and reasons only. */
    private static void assertNoSecrets(Response response) {
        String body = response.body().toString();
        List<String> secrets = new ArrayList<>(
                List.of(GATEWAY.adminToken(), "jdbc:", GATEWAY.dataDir().toString(), "127.0.0.1", "localhost"));
        POSTGRES.ifPresent(postgres -> {
            if (!postgres.user().isEmpty()) {
                secrets.add("\"" + postgres.user());
            }
            if (!postgres.password().isEmpty()) {
                secrets.add(postgres.password());
            }
        });
        assertThat(secrets).allSatisfy(secret -> assertThat(body).doesNotContain(secret));
        response.body()
                .findParents("name")
                .forEach(check -> assertThat(check.fieldNames()).toIterable().isSubsetOf("name", "ready", "reason"));
    }

    /** Asks {@code /healthz/ready} until its answer matches; the store's pool notices a lost server on its own time. */
    private static Response awaitReady(Predicate<Response> expected) {
        return anonymous()
                .awaitGet("/healthz/ready", expected, "the expected readiness answer", Duration.ofSeconds(60));
    }
}
