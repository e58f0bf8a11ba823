package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.ApiWithoutCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes exactly the routes the gateway serves, no more and no fewer: the route table is the
 * gateway's own, wired without a cluster. That the document is served without a token is {@link RouteAccessTest}'s.
 */
class OpenApiDocumentTest {

    @TempDir
    static Path dataDir;

    private static ApiWithoutCluster api;
    private static JsonNode document;

    @BeforeAll
    static void wire() throws Exception {
        api = ApiWithoutCluster.start(dataDir);
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        api.close();
    }

    @Test
    void documentMatchesTheRouteTable() {
        Set<String> documented = new TreeSet<>();
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> served = api.routes().stream()
                .map(route -> route.method() + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(served);
        assertThat(document.get("openapi").asText()).startsWith("3.");
    }

    @Test
    void everyReferencedSchemaExists() {
        Set<String> defined = new TreeSet<>();
        document.get("components")
                .get("schemas")
                .fieldNames()
                .forEachRemaining(name -> defined.add("#/components/schemas/" + name));
        document.get("components")
                .get("responses")
                .fieldNames()
                .forEachRemaining(name -> defined.add("#/components/responses/" + name));

        assertThat(document.findValuesAsText("$ref"))
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(defined).contains(ref));
    }
}
