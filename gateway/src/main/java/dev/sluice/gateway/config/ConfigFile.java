package dev.sluice.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Flink-style YAML configuration file. Keys may be flat ({@code sluice.api.port: 8080}) or nested
 * ({@code sluice: {api: {port: 8080}}}), as in Flink's {@code config.yaml}.
 */
public final class ConfigFile {

    private ConfigFile() {}

    public static Configuration load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new IllegalArgumentException(
                    String.format(
                            "Configuration file %s is not valid YAML at line %d, column %d: %s",
                            file, location.getLineNr(), location.getColumnNr(), e.getOriginalMessage()),
                    e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new IllegalArgumentException(
                        "Configuration file " + file + " must hold a map of keys to values.");
            }
            flatten("", root, flat);
        }
        return Configuration.fromMap(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            // Flink reads list options as ';'-separated strings.
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : node) {
                if (joined.length() > 0) {
                    joined.append(';');
                }
                joined.append(element.asText());
            }
            into.put(prefix, joined.toString());
        } else if (!node.isNull()) {
            into.put(prefix, node.asText());
        }
    }
}
