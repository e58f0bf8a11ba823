package dev.sluice.gateway.api;

import dev.sluice.gateway.ApiWithoutCluster;
import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the gateway's route table, called as its access says it may not be: without a token, with a token
 * that is no token, and as an analyst on an admin route. The refusal comes before any handler, so the API is wired
 * without a cluster; what each role may do with whose resources is {@code AuthorizationMatrixIT}'s, on a real gateway.
 */
class RouteAccessTest {

    @TempDir
    static Path dataDir;

    private static ApiWithoutCluster api;
    private static ApiClient analyst;

    @BeforeAll
    static void wire() {
        api = ApiWithoutCluster.start(dataDir);
        analyst = api.client(Role.ANALYST);
    }

    @AfterAll
    static void close() {
        api.close();
    }

    @TestFactory
    List<DynamicTest> everyRouteRefusesWhoItDoesNotServe() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : api.routes()) {
            String name = route.method() + " " + route.path();
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            if (route.access() == Access.PUBLIC) {
                tests.add(DynamicTest.dynamicTest(
                        name + " without a token",
                        () -> assertThat(call(analyst.withToken(null), route.method(), path)
                                        .status())
                                .isEqualTo(200)));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name + " without a token", () -> {
                Response response = call(analyst.withToken(null), route.method(), path);
                assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
                assertThat(response.body().get("error").get("code").asText()).isEqualTo("UNAUTHENTICATED");
                assertThat(response.body().get("error").get("hint").asText()).contains("Authorization: Bearer");
            }));
            tests.add(DynamicTest.dynamicTest(name + " with an unknown token", () -> {
                Response response = call(analyst.withToken("slc_guessed"), route.method(), path);
                assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
                assertThat(response.body().get("error").get("message").asText()).isEqualTo("The token is not valid.");
            }));
            if (route.access() == Access.ADMIN || route.access() == Access.ADMIN_OR_SCRAPER) {
                tests.add(DynamicTest.dynamicTest(name + " as an analyst", () -> {
                    Response response = call(analyst, route.method(), path);
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(403);
                    assertThat(response.body().get("error").get("code").asText())
                            .isEqualTo("FORBIDDEN");
                }));
            }
        }
        return tests;
    }

    private static Response call(ApiClient client, HandlerType method, String path) {
        return switch (method) {
            case GET -> client.get(path);
            case POST -> client.post(path, "{}");
            case PUT -> client.put(path, "{}");
            case DELETE -> client.delete(path);
            default -> throw new AssertionError("no route takes " + method);
        };
    }
}
