package dev.sluice.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * JSON Schemas of what the chart renders, strict as {@code kubeconform -strict} is: a field the schema does not know is
 * an error, where the API server would drop it silently.
 *
 * <ul>
 *   <li>Kubernetes objects: fabric8's {@code validation-schema.json} (generated from the Kubernetes API's types), with
 *       its two Java-shaped definitions put back into their wire form: an IntOrString is an integer or a string, a
 *       Quantity a number or a string.
 *   <li>FlinkDeployment: the {@code openAPIV3Schema} of the operator's CRD, its Kubernetes extensions read as Kubernetes
 *       reads them ({@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields}, {@code nullable}).
 * </ul>
 */
final class ManifestSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
    private static final String INT_OR_STRING = "kubernetes_apimachinery_pkg_util_intstr_IntOrString";
    private static final String QUANTITY = "k8s_io_apimachinery_pkg_api_resource_Quantity";

    private final ObjectNode kubernetesDefinitions;
    private final Map<String, JsonSchema> customResources;
    private final Map<String, JsonSchema> byKind = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private ManifestSchemas(ObjectNode kubernetesDefinitions, Map<String, JsonNode> customResources) {
        this.kubernetesDefinitions = kubernetesDefinitions;
        this.customResources = new HashMap<>();
        customResources.forEach((kind, schema) -> this.customResources.put(kind, factory.getSchema(schema)));
    }

    /**
     * @param kubernetesSchemas fabric8's {@code validation-schema.json} of each model jar needed (apps, policy), their
     *     definitions merged
     * @param crdResources class path resources of CustomResourceDefinitions (YAML)
     */
    static ManifestSchemas load(List<Path> kubernetesSchemas, List<String> crdResources) throws IOException {
        ObjectNode definitions = NODES.objectNode();
        for (Path kubernetesSchema : kubernetesSchemas) {
            definitions.setAll((ObjectNode) requireNonNull(
                    new ObjectMapper().readTree(kubernetesSchema.toFile()).get("definitions"),
                    () -> kubernetesSchema + " has no definitions"));
        }
        definitions.fields().forEachRemaining(definition -> strictKubernetes((ObjectNode) definition.getValue()));
        definitions.set(INT_OR_STRING, anyOf("integer", "string"));
        definitions.set(QUANTITY, anyOf("number", "string"));
        Map<String, JsonNode> customResources = new HashMap<>();
        for (String resource : crdResources) {
            JsonNode crd;
            try (InputStream in = requireNonNull(
                    ManifestSchemas.class.getResourceAsStream(resource), () -> resource + " is missing")) {
                crd = new YAMLMapper().readTree(in);
            }
            String group = crd.at("/spec/group").asText();
            String kind = crd.at("/spec/names/kind").asText();
            for (JsonNode version : crd.at("/spec/versions")) {
                String apiVersion = group + "/" + version.get("name").asText();
                customResources.put(
                        apiVersion + " " + kind,
                        customResourceSchema(apiVersion, kind, version.at("/schema/openAPIV3Schema")));
            }
        }
        return new ManifestSchemas(definitions, customResources);
    }

    /** What is wrong with {@code manifest} ("Kind/name: message" each); empty when it is valid. */
    List<String> validate(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        String kind = manifest.path("kind").asText();
        String name = kind + "/" + manifest.at("/metadata/name").asText();
        Optional<JsonSchema> schema = schemaOf(apiVersion, kind);
        if (schema.isEmpty()) {
            return List.of(name + ": no schema for " + apiVersion + " " + kind + ", so it cannot be checked");
        }
        return schema.get().validate(manifest).stream()
                .map(ValidationMessage::getMessage)
                .map(message -> name + ": " + message)
                .sorted()
                .toList();
    }

    private Optional<JsonSchema> schemaOf(String apiVersion, String kind) {
        JsonSchema custom = customResources.get(apiVersion + " " + kind);
        if (custom != null) {
            return Optional.of(custom);
        }
        // fabric8 names definitions by API group: "v1" is the core group, "apps/v1" the apps group; a group with
        // several
        // versions of a kind (policy) names the version too.
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String definition = Stream.of(
                        "kubernetes_" + group + "_" + kind, "kubernetes_" + group + "_" + version + "_" + kind)
                .filter(kubernetesDefinitions::has)
                .findFirst()
                .orElse(null);
        if (definition == null) {
            return Optional.empty();
        }
        return Optional.of(byKind.computeIfAbsent(definition, name -> {
            ObjectNode schema = NODES.objectNode().put("$schema", DRAFT_07);
            schema.putArray("allOf").add(NODES.objectNode().put("$ref", "#/definitions/" + name));
            schema.putArray("required").add("apiVersion").add("kind").add("metadata");
            schema.set("definitions", kubernetesDefinitions);
            return factory.getSchema(schema);
        }));
    }

    /**
     * A fabric8 definition made strict: no unknown fields where it lists its properties, and its Java-only keywords
     * dropped, with its draft-03 {@code "required": true} on apiVersion and kind (which Kubernetes requires of top-level
     * objects only, see {@link #schemaOf}).
     */
    private static void strictKubernetes(ObjectNode definition) {
        definition.remove(List.of("javaType", "javaInterfaces", "existingJavaType", "javaOmitEmpty", "format"));
        JsonNode properties = definition.get("properties");
        if (properties == null || properties.isEmpty()) {
            return;
        }
        properties.forEach(property -> {
            ((ObjectNode) property)
                    .remove(List.of(
                            "required",
                            "javaType",
                            "javaInterfaces",
                            "existingJavaType",
                            "javaOmitEmpty",
                            "javaName",
                            "format",
                            "default"));
            stripJava((ObjectNode) property);
        });
        definition.put("additionalProperties", false);
    }

    private static void stripJava(ObjectNode schema) {
        for (String nested : List.of("items", "additionalProperties")) {
            if (schema.get(nested) instanceof ObjectNode child) {
                child.remove(List.of("javaType", "javaInterfaces", "existingJavaType", "javaOmitEmpty", "format"));
                stripJava(child);
            }
        }
    }

    /** The CRD's schema as JSON Schema, with the object's own apiVersion, kind and metadata, which the CRD leaves out. */
    private static JsonNode customResourceSchema(String apiVersion, String kind, JsonNode openApiV3) {
        ObjectNode schema = (ObjectNode) fromOpenApi(openApiV3);
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.set("apiVersion", NODES.objectNode().put("const", apiVersion));
        properties.set("kind", NODES.objectNode().put("const", kind));
        properties.set("metadata", NODES.objectNode().put("type", "object"));
        schema.set(
                "required",
                NODES.arrayNode().add("apiVersion").add("kind").add("metadata").add("spec"));
        schema.put("$schema", DRAFT_07);
        return schema;
    }

    /** Kubernetes' structural OpenAPI v3 schema as a strict draft-07 JSON Schema. */
    private static JsonNode fromOpenApi(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return anyOf("integer", "string");
        }
        ObjectNode schema = NODES.objectNode();
        boolean preserveUnknown =
                node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "properties" -> {
                    ObjectNode converted = schema.putObject("properties");
                    value.fields()
                            .forEachRemaining(
                                    property -> converted.set(property.getKey(), fromOpenApi(property.getValue())));
                }
                case "items", "additionalProperties", "not" -> schema.set(key, fromOpenApi(value));
                case "anyOf", "allOf", "oneOf" -> {
                    ArrayNode converted = schema.putArray(key);
                    value.forEach(element -> converted.add(fromOpenApi(element)));
                }
                case "format", "nullable", "description" -> {}
                default -> {
                    if (!key.startsWith("x-kubernetes-")) {
                        schema.set(key, value);
                    }
                }
            }
        }
        if (node.path("nullable").asBoolean(false) && schema.has("type")) {
            schema.set(
                    "type", NODES.arrayNode().add(schema.get("type").asText()).add("null"));
        }
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static ObjectNode anyOf(String first, String second) {
        ObjectNode schema = NODES.objectNode();
        schema.putArray("anyOf")
                .add(NODES.objectNode().put("type", first))
                .add(NODES.objectNode().put("type", second));
        return schema;
    }
}
