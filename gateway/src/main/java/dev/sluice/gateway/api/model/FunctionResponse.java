package dev.sluice.gateway.api.model;

import java.time.Instant;

/** A catalog function: what SQL calls, its current version's signature, and its version numbers. */
public record FunctionResponse(
        String name,
        String kind,
        String language,
        SignatureBody signature,
        String signatureText,
        String owner,
        String description,
        boolean reloadable,
        int currentVersion,
        int latestVersion,
        Instant createdAt,
        Instant updatedAt) {}
