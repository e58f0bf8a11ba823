package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;

import javax.annotation.Nullable;

/**
 * Creates a function ({@code POST /api/v1/functions}) or publishes a version of one
 * ({@code POST /api/v1/functions/{name}/versions}, where {@code name}, {@code description} and
 * {@code reloadable} must be absent). Which payload fields apply depends on {@code language}: JAVA takes
 * {@code className} and {@code jar} (base64), JAVASCRIPT {@code source}, {@code entry} and {@code signature},
 * ENRICHMENT {@code spec} and {@code signature}.
 */
public record FunctionRequest(
        @Nullable String name,
        @Nullable String language,
        @Nullable String kind,
        @Nullable SignatureBody signature,
        @Nullable String className,
        @Nullable String jar,
        @Nullable String source,
        @Nullable String entry,
        @Nullable JsonNode spec,
        @Nullable String description,
        @Nullable Boolean reloadable) {}
