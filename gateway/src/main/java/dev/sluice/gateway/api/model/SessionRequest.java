package dev.sluice.gateway.api.model;

import java.util.Map;

/** {@code POST /api/v1/sessions}: Flink configuration the session starts with (e.g. {@code parallelism.default}). */
public record SessionRequest(Map<String, String> properties) {

    public SessionRequest {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
