package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes exactly the routes the gateway serves, no more and no fewer. */
class OpenApiDocumentIT {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void documentMatchesTheRouteTable() {
        JsonNode document = GATEWAY.api().get("/api/v1/openapi.json").body();
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method ->
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> served = GATEWAY.apiRoutes().stream().collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(served);
        assertThat(document.get("openapi").asText()).startsWith("3.");
    }

    @Test
    void everyReferencedSchemaExists() {
        JsonNode document = GATEWAY.api().get("/api/v1/openapi.json").body();
        Set<String> defined = new TreeSet<>();
        document.get("components").get("schemas").fieldNames().forEachRemaining(name -> defined.add("#/components/schemas/" + name));
        document.get("components").get("responses").fieldNames().forEachRemaining(name -> defined.add("#/components/responses/" + name));

        assertThat(document.findValuesAsText("$ref")).isNotEmpty().allSatisfy(ref -> assertThat(defined).contains(ref));
    }
}
