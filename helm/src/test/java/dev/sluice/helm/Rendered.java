package dev.sluice.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The manifests {@code helm template} printed, one JSON tree each. */
record Rendered(List<JsonNode> manifests) {

    private static final YAMLMapper YAML = new YAMLMapper();

    static Rendered parse(String yaml) throws IOException {
        List<JsonNode> manifests = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(yaml);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    manifests.add(document);
                }
            }
        }
        return new Rendered(List.copyOf(manifests));
    }

    /** {@code Kind/name} of every manifest, in the order rendered. */
    List<String> names() {
        return manifests.stream()
                .map(manifest -> manifest.path("kind").asText() + "/"
                        + manifest.at("/metadata/name").asText())
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return manifests.stream()
                .filter(manifest -> manifest.path("kind").asText().equals(kind)
                        && manifest.at("/metadata/name").asText().equals(name))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("No " + kind + "/" + name + " among " + names()));
    }

    /** The gateway's configuration file, from its ConfigMap, as a tree. */
    JsonNode gatewayConfig(String name) throws IOException {
        return YAML.readTree(get("ConfigMap", name).at("/data/sluice.yaml").asText());
    }
}
