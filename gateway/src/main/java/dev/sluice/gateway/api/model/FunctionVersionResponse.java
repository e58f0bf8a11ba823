package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;

/** One version of a function. A jar is never sent back, only its digest and size; a script's source is. */
public record FunctionVersionResponse(
        int version,
        boolean current,
        SignatureBody signature,
        @Nullable String entry,
        @Nullable String source,
        String sha256,
        long size,
        Instant createdAt,
        String createdBy) {}
