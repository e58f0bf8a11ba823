package dev.sluice.gateway.security;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.ApiClient.Text;
import dev.sluice.gateway.testing.ScrapeTokenFile;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code GET /metrics} shows every tenant's figures, so only an admin or the holder of the scrape token reads it: an
 * analyst is refused whatever the path's spelling or its parameters, no token and a wrong one are refused alike, and
 * the scrape token opens that route and nothing else, on any listener.
 */
class MetricsAttacksIT {

    private static final ScrapeTokenFile SCRAPE = ScrapeTokenFile.create();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options ->
            options.set(SluiceOptions.METRICS_SCRAPE_TOKEN_FILE, SCRAPE.path().toString()));

    /** The spellings of the route an attacker might try, each of which must be the guarded route or nothing. */
    private static final List<String> SPELLINGS =
            List.of("/metrics", "/metrics/", "/metrics?tenant=victims", "/metrics?name[]=sluice_sessions");

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void anAnalystReadsNoTenantsFiguresThroughMetrics() {
        Analyst victim = Analyst.of(GATEWAY, "victims", "victim");
        victim.api().openSession();
        Analyst attacker = Analyst.of(GATEWAY, "snoops", "snoop");

        // The figures are there, for whoever may read them.
        Text asAdmin = GATEWAY.api().getText("/metrics");
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("sluice_sessions{tenant=\"victims\"} 1");
        for (String path : SPELLINGS) {
            Text asAttacker = attacker.api().getText(path);
            assertThat(asAttacker.status()).as(path).isEqualTo(403);
            assertThat(asAttacker.body()).as(path).contains("\"FORBIDDEN\"").doesNotContain("victims", "sluice_");
        }
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void noTokenReadsNoMetrics() {
        ApiClient anonymous = GATEWAY.api().withToken(null);
        for (String path : SPELLINGS) {
            Text answer = anonymous.getText(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.body()).as(path).contains("\"UNAUTHENTICATED\"").doesNotContain("sluice_");
        }
    }

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void aWrongOrNearlyRightScrapeTokenReadsNoMetrics() throws Exception {
        String token = SCRAPE.token();
        char last = token.charAt(token.length() - 1);
        List<String> wrong = List.of(
                "slc_guessed",
                token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a'),
                token.substring(0, token.length() - 1),
                token + "0",
                token.toUpperCase(Locale.ROOT));
        // Sent by curl, a client of its own per request, ...
        for (String guess : wrong) {
            assertThat(curlStatus(guess)).as(guess).isEqualTo("401");
        }
        assertThat(curlStatus(token)).isEqualTo("200");
        // And by one Java HttpClient reused across tokens, its connection kept alive after the right token was
        // accepted: each request is judged by its own header alone.
        ApiClient scraper = GATEWAY.api().withToken(token);
        assertThat(scraper.getText("/metrics").status()).isEqualTo(200);
        for (String guess : wrong) {
            assertThat(scraper.withToken(guess).getText("/metrics").status())
                    .as(guess)
                    .isEqualTo(401);
        }
    }

    @Test
    @Attack(
            kind = Attack.Kind.AUTHENTICATION,
            through = {Attack.Listener.API, Attack.Listener.PG_WIRE})
    void theScrapeTokenOpensNoOtherRouteOrListener() {
        ApiClient scraper = GATEWAY.api().withToken(SCRAPE.token());
        for (String path : List.of("/api/v1/whoami", "/api/v1/jobs", "/api/v1/audit", "/api/v1/tenants")) {
            Response answer = scraper.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.body().get("error").get("code").asText()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(scraper.post("/api/v1/statements", "{\"sql\": \"SELECT 1\"}").status())
                .isEqualTo(401);
        assertThatThrownBy(() -> GATEWAY.connectPg("scraper", SCRAPE.token()).close())
                .isInstanceOfSatisfying(
                        SQLException.class,
                        refused -> assertThat(refused.getSQLState()).isEqualTo("28P01"));
    }

    /** The status {@code GET /metrics} answers curl with the token. */
    private static String curlStatus(String token) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "Authorization: Bearer " + token,
                        GATEWAY.apiUrl() + "/metrics")
                .redirectErrorStream(true)
                .start();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
