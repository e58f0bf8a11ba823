package dev.sluice.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./sluice admin} against a real gateway, with the admin token read from the data directory as an operator would. */
class AdminCommandIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run admin(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of(
                "--url", GATEWAY.apiUrl(), "--data-dir", GATEWAY.dataDir().toString()));
        all.addAll(List.of(args));
        int code = AdminCommand.run(
                all,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run admin(String... args) {
        return admin(Map.of(), args);
    }

    @Test
    void createsATenantAndAnAnalystTokenThenRevokesIt() throws Exception {
        Run tenant = admin("create-tenant", "acme");
        assertThat(tenant.exitCode()).as(tenant.err()).isZero();
        assertThat(tenant.json().get("database").asText()).isEqualTo("acme");

        Run token = admin("create-token", "acme", "--role", "analyst", "--name", "nb1");
        assertThat(token.exitCode()).as(token.err()).isZero();
        String secret = token.json().get("token").asText();
        String id = token.json().get("id").asText();
        assertThat(GATEWAY.api().withToken(secret).get("/api/v1/jobs").status()).isEqualTo(200);

        Run listed = admin("list-tokens");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.json().get("acme").findValuesAsText("id")).containsExactly(id);
        assertThat(listed.out()).doesNotContain(secret).doesNotContain(GATEWAY.adminToken());

        Run revoked = admin("revoke-token", id);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(GATEWAY.api().withToken(secret).get("/api/v1/jobs").status()).isEqualTo(401);

        Run audit = admin("audit", "--action", "token.revoke");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.json().get("entries").get(0).get("result").asText()).isEqualTo("ok");
    }

    /** The acceptance: an admin grants a tenant a storage root in one call, and takes it back in one. */
    @Test
    void grantsAStorageRootAndAHostInOneCallEach() throws Exception {
        admin("create-tenant", "gamma");

        Run path = admin("grant-path", "gamma", "/srv/sluice-data/gamma/./in/");
        Run host = admin("grant-host", "gamma", "Kafka.Internal:9092");

        assertThat(path.exitCode()).as(path.err()).isZero();
        assertThat(path.json().get("allowedPaths"))
                .extracting(JsonNode::asText)
                .containsExactly("/srv/sluice-data/gamma/in");
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.json().get("allowedHosts")).extracting(JsonNode::asText).containsExactly("kafka.internal:9092");
        assertThat(admin("audit", "--action", "policy.storage-root.grant")
                        .json()
                        .get("entries")
                        .get(0)
                        .get("target")
                        .asText())
                .endsWith("/tenants/gamma/storage-roots?path=/srv/sluice-data/gamma/in");

        assertThat(admin("revoke-path", "gamma", "/srv/sluice-data/gamma/in")
                        .json()
                        .get("allowedPaths"))
                .isEmpty();
        assertThat(admin("revoke-host", "gamma", "kafka.internal:9092").json().get("allowedHosts"))
                .isEmpty();
        Run again = admin("revoke-path", "gamma", "/srv/sluice-data/gamma/in");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("NOT_FOUND", "field path");
    }

    @Test
    void aStorageRootInsideTheGatewaysOwnFilesIsRefused() {
        admin("create-tenant", "delta");

        Run run = admin(
                "grant-path", "delta", GATEWAY.dataDir().resolve("checkpoints").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("INVALID_REQUEST", "field path", "the checkpoint directory");
        assertThat(GATEWAY.api().get("/api/v1/tenants/delta/policy").body().get("allowedPaths"))
                .isEmpty();
    }

    @Test
    void showsTheGatewaysErrorWithItsFieldAndHint() {
        Run run = admin("create-token", "acme2", "--name", "nb1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("NOT_FOUND", "field tenant", "hint:");
    }

    @Test
    void anAnalystTokenInSluiceTokenIsRefused() {
        admin("create-tenant", "beta");
        String analyst = GATEWAY.api()
                .post("/api/v1/tenants/beta/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();

        Run run = admin(Map.of("SLUICE_TOKEN", analyst), "list-tenants");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("FORBIDDEN");
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertThat(admin("create-token", "acme").exitCode()).isEqualTo(2);
        assertThat(admin("grant-path", "acme").exitCode()).isEqualTo(2);
        assertThat(admin("frobnicate").err()).contains("unknown command", "Usage:");
        assertThat(AdminCommand.run(
                        List.of("--data-dir", "/nonexistent", "list-tenants"),
                        Map.of(),
                        System.out,
                        new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }
}
